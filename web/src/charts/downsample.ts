/** A point of a chart: time (ms) and value. */
export interface ChartPoint {
  t: number;
  v: number;
}

/**
 * Largest-Triangle-Three-Buckets: at most `threshold` points that keep the shape of the series
 * (peaks and dips stay visible). The server already downsamples; this bounds what the browser
 * draws when a series still has more points (7 days of 1-minute data is 10,080 points).
 *
 * @example
 * downsample(points, 1000).length; // ≤ 1000
 */
export function downsample(points: readonly ChartPoint[], threshold: number): ChartPoint[] {
  if (threshold >= points.length || threshold < 3) return points.slice();
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return [];
  const sampled: ChartPoint[] = [first];
  const bucketSize = (points.length - 2) / (threshold - 2);
  let previous = first;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(Math.floor((bucket + 1) * bucketSize) + 1, points.length - 1);
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, points.length);
    let avgT = 0;
    let avgV = 0;
    const nextCount = Math.max(1, nextEnd - end);
    for (let i = end; i < nextEnd; i++) {
      const p = points[i] as ChartPoint;
      avgT += p.t;
      avgV += p.v;
    }
    avgT /= nextCount;
    avgV /= nextCount;
    let chosen = points[start] as ChartPoint;
    let largest = -1;
    for (let i = start; i < end; i++) {
      const p = points[i] as ChartPoint;
      const area = Math.abs(
        (previous.t - avgT) * (p.v - previous.v) - (previous.t - p.t) * (avgV - previous.v),
      );
      if (area > largest) {
        largest = area;
        chosen = p;
      }
    }
    sampled.push(chosen);
    previous = chosen;
  }
  sampled.push(last);
  return sampled;
}

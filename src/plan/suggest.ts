/**
 * "Did you mean …?" suggestions by edit distance.
 */

/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
 * substitutions and transpositions of adjacent characters each cost 1.
 *
 * @example
 * editDistance('prodcution_url', 'production_url'); // 1
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table = new Array<number>(rows * columns).fill(0);
  const at = (i: number, j: number) => table[i * columns + j] ?? 0;
  for (let i = 0; i < rows; i++) table[i * columns] = i;
  for (let j = 0; j < columns; j++) table[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      table[i * columns + j] = best;
    }
  }
  return at(a.length, b.length);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-\s]/g, '_');
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo (at most a third
 * of the name's length, and at least 2, edits away; case and `-`/`_` differences are free).
 *
 * @example
 * nearestName('prodution_url', ['production_url', 'staging_url']); // 'production_url'
 * nearestName('colour', ['production_url']); // undefined
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalise(name).slice(0, 200);
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(wanted, normalise(candidate));
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/**
 * A binary min-heap ordered by a numeric key: O(log n) push and pop, O(1) peek. The monitor
 * scheduler keeps one entry per monitor in it, keyed by the next due time.
 *
 * @example
 * const heap = new MinHeap<string>();
 * heap.push(30, 'b');
 * heap.push(10, 'a');
 * heap.pop(); // { key: 10, value: 'a' }
 */
export class MinHeap<T> {
  readonly #items: { key: number; value: T }[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(key: number, value: T): void {
    const items = this.#items;
    items.push({ key, value });
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.#keyAt(parent) <= key) break;
      this.#swap(index, parent);
      index = parent;
    }
  }

  /** The smallest entry without removing it. */
  peek(): { key: number; value: T } | undefined {
    return this.#items[0];
  }

  /** Removes and returns the smallest entry. */
  pop(): { key: number; value: T } | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && this.#keyAt(left) < this.#keyAt(smallest)) smallest = left;
      if (right < items.length && this.#keyAt(right) < this.#keyAt(smallest)) smallest = right;
      if (smallest === index) break;
      this.#swap(index, smallest);
      index = smallest;
    }
    return top;
  }

  #keyAt(index: number): number {
    return this.#items[index]?.key ?? Number.POSITIVE_INFINITY;
  }

  #swap(a: number, b: number): void {
    const items = this.#items;
    const first = items[a];
    const second = items[b];
    if (first === undefined || second === undefined) return;
    items[a] = second;
    items[b] = first;
  }
}

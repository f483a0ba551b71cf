/**
 * A binary heap whose entries can also be removed or moved after a change of their order, each in
 * O(log n): what the memory store needs to find, at every login, a user's session that ends first
 * and the user holding the most sessions, without walking them all. Every entry keeps its own
 * position (`heapIndex`, -1 when in no heap), so no lookup map is needed; an entry belongs to one
 * heap at a time.
 */
export interface HeapEntry {
  heapIndex: number;
}

export interface Heap<T extends HeapEntry> {
  readonly size: number;
  /** The first entry by `before`, or undefined when empty. */
  peek(): T | undefined;
  push(entry: T): void;
  remove(entry: T): void;
  /** Restores the order after the entry's place in it changed (it is in this heap). */
  update(entry: T): void;
}

/** A heap ordered by `before(a, b)`: true when `a` comes first. Ties must be broken by `before` for a stable order. */
export function createHeap<T extends HeapEntry>(before: (a: T, b: T) => boolean): Heap<T> {
  const entries: T[] = [];

  function place(entry: T, index: number): void {
    entries[index] = entry;
    entry.heapIndex = index;
  }

  function siftUp(entry: T, index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(entry, entries[parent]!)) break;
      place(entries[parent]!, index);
      index = parent;
    }
    place(entry, index);
  }

  function siftDown(entry: T, index: number): void {
    for (;;) {
      let child = 2 * index + 1;
      if (child >= entries.length) break;
      if (child + 1 < entries.length && before(entries[child + 1]!, entries[child]!)) child++;
      if (!before(entries[child]!, entry)) break;
      place(entries[child]!, index);
      index = child;
    }
    place(entry, index);
  }

  function update(entry: T): void {
    siftUp(entry, entry.heapIndex);
    siftDown(entry, entry.heapIndex);
  }

  return {
    get size() {
      return entries.length;
    },
    peek: () => entries[0],
    push(entry) {
      entries.push(entry);
      siftUp(entry, entries.length - 1);
    },
    remove(entry) {
      const last = entries.pop()!;
      if (last !== entry) {
        place(last, entry.heapIndex);
        update(last);
      }
      entry.heapIndex = -1;
    },
    update,
  };
}

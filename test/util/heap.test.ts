import { describe, expect, it } from 'vitest';
import { type HeapEntry, createHeap } from '../../src/util/heap.js';
import { seededRandom } from '../helpers.js';

interface Entry extends HeapEntry {
  key: number;
  id: number;
}

const before = (a: Entry, b: Entry) => a.key < b.key || (a.key === b.key && a.id < b.id);

describe('createHeap', () => {
  it('agrees with a sorted list through 20,000 random pushes, removals and key changes', () => {
    const next = seededRandom(42);
    const heap = createHeap(before);
    const live: Entry[] = [];
    for (let id = 0; id < 20_000; id++) {
      const roll = next();
      if (roll < 0.5 || live.length === 0) {
        const entry = { key: Math.floor(next() * 100), id, heapIndex: -1 };
        heap.push(entry);
        live.push(entry);
      } else if (roll < 0.75) {
        const [entry] = live.splice(Math.floor(next() * live.length), 1);
        heap.remove(entry!);
        expect(entry!.heapIndex).toBe(-1);
      } else {
        const entry = live[Math.floor(next() * live.length)]!;
        entry.key = Math.floor(next() * 100);
        heap.update(entry);
      }
      const first = live.reduce<Entry | undefined>((best, entry) => (best === undefined || before(entry, best) ? entry : best), undefined);
      expect(heap.peek()).toBe(first);
      expect(heap.size).toBe(live.length);
    }
  });

  it('gives its entries in order when drained', () => {
    const heap = createHeap(before);
    const keys = [5, 3, 9, 3, 1, 7, 1];
    keys.forEach((key, id) => heap.push({ key, id, heapIndex: -1 }));
    const drained: number[] = [];
    for (let entry = heap.peek(); entry !== undefined; entry = heap.peek()) {
      drained.push(entry.key);
      heap.remove(entry);
    }
    expect(drained).toEqual([...keys].sort((a, b) => a - b));
  });
});

/**
 * A bounded map that drops its least recently used entry when full: the one cache shape jwtkit
 * uses (key material by string, parsed headers, verified tokens). A Map keeps insertion order,
 * so re-inserting on a hit makes its first key the least recently used.
 */
export interface Lru<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
}

export function createLru<K, V>(maxEntries: number): Lru<K, V> {
  const entries = new Map<K, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
    },
    delete(key) {
      entries.delete(key);
    },
  };
}

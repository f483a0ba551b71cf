/**
 * A bounded map that drops its least recently used entry when full: the one cache shape jwtkit
 * uses (key material by string, parsed headers, verified tokens). A Map keeps insertion order,
 * so re-inserting on a hit makes its first key the least recently used. A hit on the entry used
 * last (the common case: one issuer's header, one busy token) skips the re-insert.
 */
export interface Lru<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
}

export function createLru<K, V>(maxEntries: number): Lru<K, V> {
  const entries = new Map<K, V>();
  let newest: K | undefined;
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined && key !== newest) {
        entries.delete(key);
        entries.set(key, value);
        newest = key;
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
      newest = key;
    },
    delete(key) {
      entries.delete(key);
      if (key === newest) newest = undefined;
    },
  };
}

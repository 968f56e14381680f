/**
 * A bounded least-recently-used map. Pseudonymising a typical resource rewrites the same few references
 * (its patient, encounter, practitioner) that the previous resources rewrote, so caching the HMAC of
 * recent inputs saves most of the hashing; the bound keeps memory flat on a national-size ingest.
 */
export class LruCache<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      // Re-insert so the Map's insertion order doubles as recency order.
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#map.size;
  }
}

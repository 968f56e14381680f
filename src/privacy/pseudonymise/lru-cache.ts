/**
 * A bounded, approximately least-recently-used map. Pseudonymising a typical resource rewrites the same
 * few references (its patient, encounter, practitioner) that the previous resources rewrote, so caching
 * the HMAC of recent inputs saves most of the hashing; the bound keeps memory flat on a national-size
 * ingest.
 *
 * Two generations instead of one Map in recency order: evicting the oldest key of a single Map leaves
 * deleted slots at its front that every later eviction walks over, which made eviction the hot spot.
 * Here a hit in the old generation is promoted, and when the young generation is full the old one is
 * dropped whole — O(1) per operation, at most `capacity` entries, and every entry used within the last
 * `capacity / 2` insertions survives.
 */
export class LruCache<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  readonly #half: number;

  constructor(readonly capacity: number) {
    this.#half = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: string): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.#insert(key, old);
    return old;
  }

  set(key: string, value: V): void {
    this.#insert(key, value);
  }

  get size(): number {
    let n = this.#young.size;
    for (const k of this.#old.keys()) if (!this.#young.has(k)) n++;
    return n;
  }

  #insert(key: string, value: V): void {
    if (this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}

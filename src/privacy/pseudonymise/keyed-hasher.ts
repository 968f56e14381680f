import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { badInput } from '../../common/app-error.ts';
import { LruCache } from './lru-cache.ts';

/** Hex characters kept of the HMAC-SHA256 (128 bits); see docs/decisions/pseudonymisation.md. */
export const PSEUDONYM_HEX_LENGTH = 32;

/** Shortest accepted station secret: 128 bits, the same strength as the pseudonym itself. */
export const MIN_SECRET_BYTES = 16;

/** Keyed one-way function from a string to a pseudonym, with a bounded cache of recent inputs. */
export type KeyedHasher = (input: string) => string;

/**
 * HMAC-SHA256 keyed with the station secret, truncated to {@link PSEUDONYM_HEX_LENGTH} hex characters.
 * Without the secret nobody can recompute or reverse a pseudonym (no dictionary attack on the small
 * space of BSNs); with a different secret the same input gives an unrelated pseudonym.
 */
export function createKeyedHasher(secret: Uint8Array | string, cacheSize = 50_000): KeyedHasher {
  const key = toKey(secret);
  const cache = new LruCache<string>(cacheSize);
  return (input) => {
    const hit = cache.get(input);
    if (hit !== undefined) return hit;
    const pseudonym = createHmac('sha256', key)
      .update(input, 'utf8')
      .digest('hex')
      .slice(0, PSEUDONYM_HEX_LENGTH);
    cache.set(input, pseudonym);
    return pseudonym;
  };
}

function toKey(secret: Uint8Array | string): KeyObject {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw badInput(`station secret must be at least ${MIN_SECRET_BYTES} bytes`, 'pseudonymiser.secret');
  }
  return createSecretKey(bytes);
}

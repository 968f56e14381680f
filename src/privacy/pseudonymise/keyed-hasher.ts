import * as crypto from 'node:crypto';
import { badInput } from '../../common/app-error.ts';
import { LruCache } from './lru-cache.ts';

/** Hex characters kept of the HMAC-SHA256 (128 bits); see docs/decisions/pseudonymisation.md. */
export const PSEUDONYM_HEX_LENGTH = 32;

/** Shortest accepted station secret: 128 bits, the same strength as the pseudonym itself. */
export const MIN_SECRET_BYTES = 16;

/**
 * Keyed one-way function from a string to a pseudonym. Inputs that recur (references to a patient,
 * practitioner, encounter) go through a bounded cache; `cache: false` skips it for inputs seen once,
 * such as an Observation's own id, so they do not push the recurring ones out.
 */
export type KeyedHasher = (input: string, cache?: boolean) => string;

/**
 * HMAC-SHA256 keyed with the station secret, truncated to {@link PSEUDONYM_HEX_LENGTH} hex characters.
 * Without the secret nobody can recompute or reverse a pseudonym (no dictionary attack on the small
 * space of BSNs); with a different secret the same input gives an unrelated pseudonym.
 */
export function createKeyedHasher(secret: Uint8Array | string, cacheSize = 50_000): KeyedHasher {
  const hmac = hmacSha256Hex(toKeyBytes(secret));
  const cache = new LruCache<string>(cacheSize);
  return (input, useCache = true) => {
    if (!useCache) return hmac(input).slice(0, PSEUDONYM_HEX_LENGTH);
    const hit = cache.get(input);
    if (hit !== undefined) return hit;
    const pseudonym = hmac(input).slice(0, PSEUDONYM_HEX_LENGTH);
    cache.set(input, pseudonym);
    return pseudonym;
  };
}

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'base64' | 'hex') => string;

/**
 * HMAC-SHA256 (RFC 2104) as hex. Creating a `createHmac` object costs several µs in Node 20, ten times
 * the hashing itself, so where the one-shot `crypto.hash` exists (Node ≥ 20.12) the standard construction
 * H((K⊕opad) ‖ H((K⊕ipad) ‖ m)) runs on it over two reused buffers. Tests check it against createHmac.
 */
export function hmacSha256Hex(key: Uint8Array): (message: string) => string {
  const oneShot = (crypto as { hash?: OneShotHash }).hash;
  if (typeof oneShot !== 'function') {
    const keyObject = crypto.createSecretKey(key);
    return (m) => crypto.createHmac('sha256', keyObject).update(m, 'utf8').digest('hex');
  }
  const block = Buffer.alloc(64);
  if (key.length > 64) Buffer.from(crypto.createHash('sha256').update(key).digest()).copy(block);
  else Buffer.from(key).copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36));
  const outer = Buffer.alloc(96);
  Buffer.from(block.map((b) => b ^ 0x5c)).copy(outer);
  let inner = Buffer.alloc(1024);
  ipad.copy(inner);
  return (m) => {
    const need = 64 + Buffer.byteLength(m, 'utf8');
    if (need > inner.length) {
      inner = Buffer.alloc(need * 2);
      ipad.copy(inner);
    }
    const n = inner.write(m, 64, 'utf8');
    outer.write(oneShot('sha256', inner.subarray(0, 64 + n), 'base64'), 64, 'base64');
    return oneShot('sha256', outer, 'hex');
  };
}

function toKeyBytes(secret: Uint8Array | string): Uint8Array {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw badInput(`station secret must be at least ${MIN_SECRET_BYTES} bytes`, 'pseudonymiser.secret');
  }
  return bytes;
}

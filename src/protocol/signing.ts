import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * Ed25519 signatures over RFC 8785 canonical JSON. Keys travel as PEM (SPKI public, PKCS#8 private).
 *
 * @example
 * const keys = generateSigningKeys();
 * const sig = signJson({ a: 1 }, keys.privateKeyPem);
 * verifyJson({ a: 1 }, sig, keys.publicKeyPem); // true
 */
export interface SigningKeys {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function generateSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * How deep a value may nest to be canonicalised. Canonicalisation recurses; a value nested thousands
 * deep would overflow the stack. The hub refuses requests nested deeper than 64 levels before parsing
 * them, so what it signs stays well within this; a task nested deeper (from a hub that did not) fails
 * verification instead of taking the station down.
 */
export const MAX_CANONICAL_DEPTH = 100;

/** True when `value` nests no deeper than `limit` (arrays and objects), checked without recursion. */
export function nestsWithin(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return false;
    for (const child of Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return true;
}

export function canonicalJson(value: unknown): string {
  if (!nestsWithin(value, MAX_CANONICAL_DEPTH))
    throw new TypeError(`value nests deeper than ${MAX_CANONICAL_DEPTH} levels: not canonicalised`);
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be canonicalised as JSON');
  return text;
}

/** SHA-256 hex of the canonical JSON of a value: result digests, algorithm hashes, audit entries. */
export function digestJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function signJson(value: unknown, privateKeyPem: string): string {
  return sign(null, Buffer.from(canonicalJson(value)), keyObject(privateKeyPem, 'private')).toString(
    'base64',
  );
}

/** False for a wrong signature, a malformed signature or key, or a value that was changed. */
export function verifyJson(value: unknown, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(value)),
      keyObject(publicKeyPem, 'public'),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/**
 * Parsed keys by their PEM text: a hub signs, and a station verifies, every task with the same key, and
 * parsing the PEM costs more than the signature itself. A handful of keys at most are in use at once.
 */
const parsedKeys = new Map<string, KeyObject>();
const MAX_PARSED_KEYS = 16;

function keyObject(pem: string, kind: 'private' | 'public'): KeyObject {
  const cacheKey = `${kind}\n${pem}`;
  let key = parsedKeys.get(cacheKey);
  if (!key) {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.delete(parsedKeys.keys().next().value as string);
    parsedKeys.set(cacheKey, key);
  }
  return key;
}

/** A short, stable id of a public key (first 16 hex chars of its SHA-256). */
export function keyIdOf(publicKeyPem: string): string {
  return createHash('sha256').update(publicKeyPem.trim()).digest('hex').slice(0, 16);
}

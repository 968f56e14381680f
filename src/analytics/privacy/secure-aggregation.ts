import { createHmac, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { badInput } from '../../common/app-error.ts';

/**
 * Secure aggregation of sums by pairwise masks (Bonawitz et al. 2017, without dropout recovery): every
 * pair of stations agrees a secret by X25519; each station adds, per other station, a pseudorandom mask
 * derived from that secret, with opposite signs on the two sides. The central half sees only masked
 * vectors; their sum is the true sum because the masks cancel. Values are fixed-point integers modulo
 * 2^64, so the cancellation is exact.
 */
const MOD = 1n << 64n;
/** Fixed-point scale: 2^24 keeps ~7 decimals and sums up to ~5e11 without wrap-around. */
const SCALE = 16_777_216;

export interface MaskingKeys {
  stationId: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** A station's X25519 key pair for one run; the public key travels through the hub. */
export function maskingKeys(stationId: string): MaskingKeys {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { stationId, publicKey, privateKey };
}

/** The mask stream of a pair: HMAC-SHA256(secret, runId | index) as 64-bit integers. */
function maskStream(secret: Buffer, runId: string, length: number): bigint[] {
  const out: bigint[] = [];
  for (let block = 0; out.length < length; block++) {
    const h = createHmac('sha256', secret).update(`${runId}\u0000${block}`).digest();
    for (let k = 0; k < 4 && out.length < length; k++) out.push(h.readBigUInt64BE(k * 8));
  }
  return out;
}

const toFixed = (v: number): bigint => {
  if (!Number.isFinite(v) || Math.abs(v) * SCALE > 2 ** 62)
    throw badInput('value out of range for secure aggregation', 'values');
  return ((BigInt(Math.round(v * SCALE)) % MOD) + MOD) % MOD;
};

/**
 * Masks a vector at one station. `peers` are the other stations' public keys (by station id); the sign
 * of each mask follows the order of the station ids, so each pair's masks cancel.
 */
export function maskVector(
  own: MaskingKeys,
  peers: Readonly<Record<string, KeyObject>>,
  runId: string,
  values: readonly number[],
): string[] {
  const acc = values.map(toFixed);
  for (const [peerId, peerKey] of Object.entries(peers)) {
    if (peerId === own.stationId) continue;
    const secret = diffieHellman({ privateKey: own.privateKey, publicKey: peerKey });
    const masks = maskStream(secret, runId, values.length);
    const add = own.stationId < peerId;
    for (let k = 0; k < acc.length; k++) acc[k] = (acc[k]! + (add ? masks[k]! : MOD - masks[k]!)) % MOD;
  }
  return acc.map((v) => v.toString(16));
}

/** Sums the masked vectors of all stations: the masks cancel and the true sums come out. */
export function unmaskSum(masked: readonly (readonly string[])[]): number[] {
  const length = masked[0]?.length ?? 0;
  const sum = new Array<bigint>(length).fill(0n);
  for (const v of masked) {
    if (v.length !== length) throw badInput('masked vectors differ in length', 'partials');
    for (let k = 0; k < length; k++) sum[k] = (sum[k]! + BigInt(`0x${v[k]!}`)) % MOD;
  }
  return sum.map((s) => Number(s >= MOD / 2n ? s - MOD : s) / SCALE);
}

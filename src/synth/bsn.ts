/**
 * Burgerservicenummer (BSN): nine digits that pass the "elfproef" (11-check):
 * 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11).
 */
export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';

/** True when `value` is nine digits passing the 11-check (separators are not accepted). */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (value.charCodeAt(i) - 48);
  sum -= value.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

/** Largest patient number {@link bsnForNumber} can give a distinct BSN. */
export const MAX_BSN_NUMBERS = 10_000_000;

/**
 * A valid BSN that is distinct for each `n` in [0, {@link MAX_BSN_NUMBERS}), so a population never has
 * two patients with the same BSN. `n` (already scrambled by the caller) fills the first seven digits;
 * the eighth is the first value that leaves a check digit below 10 (one always exists, because each step
 * of the eighth digit moves the weighted sum by 2, and 2 is invertible mod 11).
 */
export function bsnForNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= MAX_BSN_NUMBERS) throw new RangeError('BSN number out of range');
  const head = n.toString().padStart(7, '0');
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (9 - i) * (head.charCodeAt(i) - 48);
  for (let d8 = 0; d8 <= 9; d8++) {
    const check = (sum + 2 * d8) % 11;
    if (check < 10) return `${head}${d8}${check}`;
  }
  throw new Error('unreachable: no eighth digit gives a valid BSN');
}

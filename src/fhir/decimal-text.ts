import { isLosslessNumber, parse as parseLossless } from 'lossless-json';

/**
 * FHIR decimals keep their precision (`1.0` is not `1`, `0.10` not `0.1`), but `JSON.parse` turns every
 * number into a double. Where a view needs the precision (`lowBoundary()`, `precision()`, …), the reader
 * keeps the source text of each number that the double does not give back, on the object that holds it:
 * `holder[DECIMAL_TEXT][key] = '1.0'` (not enumerable). The number itself stays a number, so everything else (validation,
 * pseudonymisation, the compiled views, the store) sees the same values as before.
 */
export const DECIMAL_TEXT: unique symbol = Symbol('ai4h.fhir.decimalText');

/** Source texts of the numbers of one object or array, by property name or index. */
export type DecimalTexts = Record<string, string>;

/**
 * True when a number in the text might not survive `JSON.parse` as written: a fraction ending in 0, an
 * exponent, or 16 or more digits and dots (a double keeps 15 digits). Over-approximates (a string such
 * as `"a:1.0,"` also matches); it is the cheap first look at every line.
 */
const MAY_LOSE_DIGITS = /[:,[]\s*-?(?:\d+\.\d*0[\s,\]}]|\d+(?:\.\d+)?[eE]|[\d.]{16})/;
/** The same candidates as tokens, to check each one (a long decimal often prints back the same). */
const CANDIDATES = /[:,[]\s*(-?(?:\d+\.\d*0|\d+(?:\.\d+)?[eE][+-]?\d+|[\d.]{16,}))(?=[\s,\]}])/g;

/**
 * True when some number in this JSON text prints differently after `JSON.parse`: a regular-expression
 * scan, then the few candidates checked one by one. Only such lines pay for the second, lossless parse.
 */
export function mayLoseDigits(text: string): boolean {
  if (!MAY_LOSE_DIGITS.test(text)) return false;
  CANDIDATES.lastIndex = 0;
  for (let m = CANDIDATES.exec(text); m !== null; m = CANDIDATES.exec(text)) {
    const token = m[1] as string;
    if (String(Number(token)) !== token) return true;
  }
  return false;
}

/**
 * `JSON.parse(text)`, keeping the source text of every number whose double prints differently (see
 * {@link DECIMAL_TEXT}). Throws what `JSON.parse` throws on malformed input.
 *
 * @example
 * const obs = parseJsonKeepingDecimals('{"valueQuantity":{"value":1.0}}') as any;
 * obs.valueQuantity.value; // 1
 * decimalTexts(obs.valueQuantity)?.value; // '1.0'
 */
export function parseJsonKeepingDecimals(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!mayLoseDigits(text)) return value;
  // The same document again, numbers as their text; duplicate keys resolve as in JSON.parse (last wins).
  return parseLossless(text, keepText, { onDuplicateKey: ({ newValue }) => newValue });
}

function keepText(this: unknown, key: string, value: unknown): unknown {
  if (!isLosslessNumber(value)) return value;
  const text = value.value;
  const n = Number(text);
  if (String(n) !== text) {
    const holder = this as { [DECIMAL_TEXT]?: DecimalTexts };
    let texts = holder[DECIMAL_TEXT];
    if (texts === undefined) {
      // Not enumerable: copies, comparisons and serialisations of the resource see plain JSON.
      texts = {};
      Object.defineProperty(holder, DECIMAL_TEXT, { value: texts, enumerable: false });
    }
    texts[key] = text;
  }
  return n;
}

/** The source texts kept on an object or array by {@link parseJsonKeepingDecimals}, if any. */
export function decimalTexts(holder: unknown): DecimalTexts | undefined {
  return holder !== null && typeof holder === 'object'
    ? (holder as { [DECIMAL_TEXT]?: DecimalTexts })[DECIMAL_TEXT]
    : undefined;
}

/**
 * Checks of FHIR primitive values in their JSON form. Returns what is wrong (never the value itself),
 * or undefined when the value is fine.
 */
export type PrimitiveCheck = (value: unknown) => string | undefined;

const NUMBER_TYPES = new Set(['integer', 'decimal', 'positiveInt', 'unsignedInt']);
const DATE_TYPES = new Set(['date', 'dateTime', 'instant']);
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Builds the check of one primitive type from the regex the R4 definition publishes for its value,
 * plus what a regex cannot say: the JSON type (boolean, number or string), the 32-bit range of
 * integers, and real calendar days for dates.
 */
export function primitiveCheck(type: string, regex: string | undefined): PrimitiveCheck {
  if (type === 'boolean')
    return (v) => (typeof v === 'boolean' ? undefined : `${describe(v)}, expected a boolean`);
  if (NUMBER_TYPES.has(type)) return numberCheck(type);
  // The published base64Binary regex has nested quantifiers; a linear scan says the same for 50 MB values.
  if (type === 'base64Binary') return base64Check;
  const source = regex === undefined ? undefined : xsdToJsRegex(regex);
  // `[^]+` (string, markdown) says only "not empty", which is checked anyway: skip the regex pass.
  const pattern = source === undefined || source === '[^]+' ? undefined : new RegExp(`^(?:${source})$`);
  const isDate = DATE_TYPES.has(type);
  const isXhtml = type === 'xhtml';
  return (v) => {
    if (typeof v !== 'string') return `${describe(v)}, expected a string (${type})`;
    if (v.length === 0) return `empty string is not a valid ${type}`;
    if (pattern !== undefined && !pattern.test(v)) return `not a valid ${type}`;
    if (isDate && !realCalendarDay(v)) return `not a valid ${type} (no such day)`;
    if (isXhtml && !v.trimStart().startsWith('<div')) return 'narrative xhtml must be a <div> element';
    return undefined;
  };
}

function numberCheck(type: string): PrimitiveCheck {
  const integer = type !== 'decimal';
  const min = type === 'positiveInt' ? 1 : type === 'unsignedInt' ? 0 : INT32_MIN;
  return (v) => {
    if (typeof v !== 'number') return `${describe(v)}, expected a JSON number (${type})`;
    if (!Number.isFinite(v)) return `not a finite ${type}`;
    if (!integer) return undefined;
    if (!Number.isInteger(v)) return `not a whole number (${type})`;
    if (v < min || v > INT32_MAX) return `out of range for ${type}`;
    return undefined;
  };
}

function base64Check(v: unknown): string | undefined {
  if (typeof v !== 'string') return `${describe(v)}, expected a string (base64Binary)`;
  let data = 0;
  let padding = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (c === 61) {
      padding++;
      continue;
    }
    const alphabet =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!alphabet) return 'not valid base64 (character outside the base64 alphabet)';
    if (padding > 0) return 'not valid base64 (padding before the end)';
    data++;
  }
  if (padding > 2 || (data + padding) % 4 !== 0) return 'not valid base64 (length is not a multiple of 4)';
  return undefined;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The regex accepts 2023-02-31; a real calendar does not. Partial dates have no day to check. */
function realCalendarDay(v: string): boolean {
  if (v.length < 10) return true;
  // digits by char code: no substrings to allocate on the hot path (the regex already checked the shape)
  const day = digits(v, 8, 2);
  if (day <= 28) return true;
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

function digits(v: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + v.charCodeAt(i) - 48;
  return n;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a JSON ${typeof v}`;
}

/**
 * FHIR publishes its regexes in XML Schema syntax, where `\s` means only space, tab, CR and LF.
 * In JavaScript `\s` also matches Unicode spaces (no-break space in Dutch text), so translate.
 */
export function xsdToJsRegex(xsd: string): string {
  const WS = ' \\t\\n\\r';
  let out = '';
  let i = 0;
  while (i < xsd.length) {
    const c = xsd[i];
    if (c === '\\') {
      const next = xsd[i + 1];
      out += next === 's' ? `[${WS}]` : next === 'S' ? `[^${WS}]` : `\\${next ?? ''}`;
      i += 2;
    } else if (c === '[') {
      const end = classEnd(xsd, i);
      out += translateClass(xsd.slice(i + 1, end), WS);
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function classEnd(xsd: string, start: number): number {
  for (let i = start + 1; i < xsd.length; i++) {
    if (xsd[i] === '\\') i++;
    else if (xsd[i] === ']') return i;
  }
  throw new Error(`unterminated character class in FHIR regex at ${start}`);
}

function translateClass(body: string, ws: string): string {
  const negated = body.startsWith('^');
  let rest = negated ? body.slice(1) : body;
  const hasNonSpace = rest.includes('\\S');
  rest = rest.replaceAll('\\S', '').replaceAll('\\s', ws);
  if (!hasNonSpace) return `[${negated ? '^' : ''}${rest}]`;
  if (negated) throw new Error('negated class with \\S in a FHIR regex is not supported');
  // [abc\S] = one of abc, or any non-space; when abc are the spaces themselves, that is any character
  const allSpaces = [' ', '\\t', '\\n', '\\r'].every((s) => rest.includes(s));
  if (allSpaces) return '[^]';
  return rest === '' ? `[^${ws}]` : `(?:[${rest}]|[^${ws}])`;
}

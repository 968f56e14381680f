/**
 * Builds a note's text while recording where each identifying element sits, so the labels are correct by
 * construction (offsets are UTF-16 code units, as JavaScript's `String.prototype.slice` counts them).
 */
export const PhiKinds = [
  'name',
  'date',
  'bsn',
  'phone',
  'email',
  'address',
  'postcode',
  'age',
  'institution',
] as const;
export type PhiKind = (typeof PhiKinds)[number];

export interface PhiSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: PhiKind;
  /** For ages: the age in years (an age is identifying only above 89). */
  readonly value?: number;
}

export class NoteBuilder {
  private parts: string[] = [];
  private length = 0;
  readonly spans: PhiSpan[] = [];

  /** Plain text (no identifying content). */
  text(s: string): this {
    this.parts.push(s);
    this.length += s.length;
    return this;
  }

  /** Identifying text of a kind. */
  phi(kind: PhiKind, s: string, value?: number): this {
    const start = this.length;
    this.text(s);
    this.spans.push(
      value === undefined ? { start, end: this.length, kind } : { start, end: this.length, kind, value },
    );
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}

export const MONTHS_NL = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;
const MONTHS_SHORT_NL = [
  'jan',
  'feb',
  'mrt',
  'apr',
  'mei',
  'jun',
  'jul',
  'aug',
  'sep',
  'okt',
  'nov',
  'dec',
] as const;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * A date written the way Dutch clinicians do; `style` picks one of: "3 maart 2024", "03-03-2024",
 * "3/3/24", "3-3-2024", "2024-03-03", "3 mrt. 2024", "03.03.2024".
 */
export function dutchDate(ms: number, style: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (style % 7) {
    case 0:
      return `${day} ${MONTHS_NL[mo]} ${y}`;
    case 1:
      return `${pad2(day)}-${pad2(mo + 1)}-${y}`;
    case 2:
      return `${day}/${mo + 1}/${pad2(y % 100)}`;
    case 3:
      return `${day}-${mo + 1}-${y}`;
    case 4:
      return `${y}-${pad2(mo + 1)}-${pad2(day)}`;
    case 5:
      return `${day} ${MONTHS_SHORT_NL[mo]}. ${y}`;
    default:
      return `${pad2(day)}.${pad2(mo + 1)}.${y}`;
  }
}

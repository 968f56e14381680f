// How a released count reads in the web UI. A suppressed count is shown as suppressed, never as 0.
import { texts } from './i18n.js';

const partly = {
  nl: (n) => `+ onderdrukt bij ${n} ${n === 1 ? 'station' : 'stations'}`,
  en: (n) => `+ suppressed at ${n} ${n === 1 ? 'station' : 'stations'}`,
};

/**
 * A released count as a number for charts (null when suppressed) and as text. The API gives counts as a
 * number, null (suppressed), one station's `{ value, suppressed }`, or a combined `{ value, suppressedAt }`
 * (the sum of what the stations released; `suppressedAt` stations withheld theirs). A combined 0 with a
 * station suppressed is suppressed, not 0; a positive sum says that more were suppressed.
 */
export function releasedCount(count, lang) {
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
  const suppressed = { value: null, text: texts[lang].suppressed };
  if (count === null || count === undefined) return suppressed;
  if (typeof count !== 'object') return { value: Number(count), text: Number(count).toLocaleString(locale) };
  const { value, suppressed: withheld, suppressedAt = 0 } = count;
  if (withheld === true || value === null || value === undefined) return suppressed;
  if (suppressedAt > 0 && value === 0) return suppressed;
  const text = Number(value).toLocaleString(locale);
  return { value, text: suppressedAt > 0 ? `${text} (${partly[lang](suppressedAt)})` : text };
}

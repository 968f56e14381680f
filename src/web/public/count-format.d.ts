/** A released count as a number for charts (null when suppressed) and as text in `lang`. */
export declare function releasedCount(
  count: unknown,
  lang: 'nl' | 'en',
): { value: number | null; text: string };

/** `2021-2025` or `2023,2024` as a list of years (1990–2100, at most 20); undefined when it is neither. */
export function parseYears(text: string): number[] | undefined {
  const s = text.trim();
  const range = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(s);
  const years = range
    ? Array.from(
        { length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) },
        (_, i) => Number(range[1]) + i,
      )
    : s.split(',').map((x) => Number(x.trim()));
  if (
    years.length === 0 ||
    years.length > 20 ||
    years.some((y) => !Number.isInteger(y) || y < 1990 || y > 2100)
  )
    return undefined;
  return years;
}

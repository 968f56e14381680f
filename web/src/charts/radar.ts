/** A point of a radar chart: axis `i` of `n`, value 0–`max`, on a circle of radius `max` (12 o'clock first, clockwise). */
export function radarPoint(i: number, n: number, value: number, max = 100): { x: number; y: number } {
  const angle = (2 * Math.PI * i) / n;
  const r = Math.max(0, Math.min(max, value));
  return { x: r * Math.sin(angle), y: r * Math.cos(angle) };
}

/** Fields of combined results that hold one station's figures (or the stations that did something). */
const PER_STATION_KEYS = new Set([
  'stations',
  'perStation',
  'nPerStation',
  'stationSlopes',
  'withheldAt',
  'stationId',
  'stationName',
]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * What of a run's combined result the public may see: only figures combined over the stations (each a
 * sum or pool of numbers the stations released through their disclosure control), nothing of one
 * station. Whatever names a station is left out, whatever the algorithm: fields holding per-station
 * parts (`stations`, `perStation`, `nPerStation`, `stationId`, …), fields keyed by a station's id or name, list items
 * that carry a `stationId`, and strings that are a station's id or name. An algorithm added later is
 * covered without an entry here; its per-station parts are recognised by what they name.
 *
 * @example
 * publicResult({ pooled: { n: 1200 }, perStation: { stn_1: { n: 700 } } }, new Set(['stn_1']))
 * // → { pooled: { n: 1200 } }
 */
export function publicResult(result: unknown, stations: ReadonlySet<string>): unknown {
  const names = (v: unknown) => typeof v === 'string' && stations.has(v);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v))
      return v.filter((x) => !names(x) && !(isPlainObject(x) && 'stationId' in x)).map(walk);
    if (!isPlainObject(v)) return names(v) ? null : v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (PER_STATION_KEYS.has(k) || stations.has(k) || names(x)) continue;
      out[k] = walk(x);
    }
    return out;
  };
  return walk(result);
}

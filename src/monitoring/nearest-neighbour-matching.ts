/**
 * 1:k nearest-neighbour matching on the logit of the propensity score, without replacement, within a
 * caliper: exposed patients are taken from the highest score down (the hardest to match first); each
 * takes the k nearest unused controls whose logit is within the caliper. An exposed patient that cannot
 * get k controls is left out (its nearest controls stay in the pool), so every matched set has
 * exactly k controls (counts stay whole numbers; no weights).
 *
 * @returns for each matched exposed index (into `exposed`) its k control indexes (into `controls`)
 */
export function matchNearest(
  exposed: ArrayLike<number>,
  controls: ArrayLike<number>,
  k: number,
  caliper: number,
): Map<number, number[]> {
  const order = Array.from({ length: controls.length }, (_, i) => i).sort(
    (a, b) => controls[a]! - controls[b]! || a - b,
  );
  const values = order.map((i) => controls[i]!);
  const used = new Uint8Array(order.length);
  const findLeft = (i: number): number => {
    while (i >= 0 && used[i]) i--;
    return i;
  };
  const findRight = (i: number): number => {
    while (i < order.length && used[i]) i++;
    return i;
  };
  const lowerBound = (v: number): number => {
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const exposedOrder = Array.from({ length: exposed.length }, (_, i) => i).sort(
    (a, b) => exposed[b]! - exposed[a]! || a - b,
  );
  const result = new Map<number, number[]>();
  for (const e of exposedOrder) {
    const v = exposed[e]!;
    const at = lowerBound(v);
    let l = findLeft(at - 1);
    let r = findRight(at);
    const picked: number[] = [];
    while (picked.length < k) {
      const dl = l >= 0 ? v - values[l]! : Number.POSITIVE_INFINITY;
      const dr = r < order.length ? values[r]! - v : Number.POSITIVE_INFINITY;
      if (Math.min(dl, dr) > caliper) break;
      if (dl <= dr) {
        picked.push(l);
        l = findLeft(l - 1);
      } else {
        picked.push(r);
        r = findRight(r + 1);
      }
    }
    if (picked.length < k) continue;
    for (const pos of picked) used[pos] = 1;
    result.set(
      e,
      picked.map((pos) => order[pos]!),
    );
  }
  return result;
}

/**
 * A small, fast, seeded pseudo-random generator (sfc32, seeded through splitmix32). `Math.random` is
 * neither seedable nor reproducible across runs, and the synthetic population must be byte-identical for
 * the same seed. Each patient gets its own stream ({@link Prng.forPatient}), so a patient's data depend
 * only on the seed and its index, not on how many patients came before.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    // splitmix32 spreads a small integer seed over the 128-bit state; the high part of seeds above 2^32 is
    // folded in so that large seeds do not collide with small ones.
    let s = (seed >>> 0) ^ Math.imul(Math.floor(seed / 0x100000000) >>> 0, 0x9e3779b9);
    s = (s ^ Math.imul(stream >>> 0, 0x85ebca6b)) >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    mix();
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next32();
  }

  /** The stream of one patient: independent of the other patients' streams. */
  static forPatient(seed: number, index: number): Prng {
    return new Prng(seed, index + 1);
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Index drawn with probability proportional to `cumulative[i] - cumulative[i-1]`. */
  weighted(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const u = this.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Standard normal (Box–Muller; the second value is discarded to keep the stream simple). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** A version-4-shaped UUID drawn from this stream (deterministic, unique for practical purposes). */
  uuid(): string {
    const a = this.next32();
    const b = this.next32();
    const c = this.next32();
    const d = this.next32();
    // Hand-rolled hex: Number#toString(16) takes a slow path for values above 2^31.
    return (
      hex16(a >>> 16) +
      hex16(a & 0xffff) +
      '-' +
      hex16(b >>> 16) +
      '-4' +
      HEX3[b & 0xfff] +
      '-' +
      HEX[8 + (c >>> 30)] +
      HEX3[(c >>> 16) & 0xfff] +
      '-' +
      hex16(c & 0xffff) +
      hex16(d >>> 16) +
      hex16(d & 0xffff)
    );
  }
}

const HEX = '0123456789abcdef';
const HEX2 = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);
const HEX3 = Array.from({ length: 4096 }, (_, i) => HEX[i >> 8]! + HEX2[i & 255]!);

function hex16(n: number): string {
  return HEX2[n >>> 8]! + HEX2[n & 255]!;
}

/** Cumulative sums, for {@link Prng.weighted}. */
export function cumulative(weights: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    out.push(sum);
  }
  return out;
}

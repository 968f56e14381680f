import { Matrix, solve } from 'ml-matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDisclosureRefusal } from '../../disclosure.ts';
import { runFederated } from '../../federated-driver.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { glmStep } from '../../glm/glm-family.ts';
import { newtonUpdate } from '../../glm/newton-update.ts';
import { composeAlgorithm } from '../../local-runner.ts';
import { type MemoryStation, memoryStation, TEST_POLICY } from '../../testing/memory-station.ts';
import { simulateStation, simulationSpec } from '../../testing/simulate-station.ts';
import { central } from './central.ts';
import { definition, type GlmResult } from './definition.ts';
import { local } from './local.ts';

const glm = composeAlgorithm(definition, local, central);
/** A station whose policy releases exact model statistics: the fit must equal the pooled one. */
const EXACT = { ...TEST_POLICY, exactModelStatistics: true };
const exactContexts = () => stations.map((s) => s.context({ disclosure: EXACT }));
const BETA = [-4, 0.35, -0.3, 0.8, 0.1, 0.15];
const spec = simulationSpec();

let stations: MemoryStation[] = [];
let matrices: FeatureMatrix[] = [];

beforeAll(async () => {
  stations = await Promise.all(['a', 'b', 'c'].map((id) => memoryStation(id)));
  const sizes = [4000, 6000, 5000];
  for (const [k, s] of stations.entries()) {
    await simulateStation(s.connection, {
      patients: sizes[k]!,
      seed: 11 + k,
      prefix: `s${k}-`,
      beta: BETA,
      ageShift: k * 5,
    });
  }
  matrices = await Promise.all(stations.map((s) => loadFeatureMatrix(s.context(), spec)));
});
afterAll(() => {
  for (const s of stations) s.close();
});

/** The union of the stations' matrices, as if the data were pooled in one place. */
function pooled(ms: FeatureMatrix[] = matrices): { x: Float64Array; y: Float64Array; n: number; p: number } {
  const matrices = ms;
  const p = matrices[0]!.p;
  const n = matrices.reduce((a, m) => a + m.n, 0);
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  let off = 0;
  for (const m of matrices) {
    x.set(m.x, off * p);
    y.set(m.y, off);
    off += m.n;
  }
  return { x, y, n, p };
}

/** Plain IRLS (weighted least squares on the working response), written independently of glm/. */
function irls(
  x: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  family: 'logistic' | 'poisson',
): number[] {
  const X = new Matrix(n, p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X.set(i, j, x[i * p + j]!);
  let beta = new Matrix(p, 1);
  for (let it = 0; it < 50; it++) {
    const eta = X.mmul(beta);
    const XtW = new Matrix(p, n);
    const z = new Matrix(n, 1);
    for (let i = 0; i < n; i++) {
      const e = eta.get(i, 0);
      const mu = family === 'logistic' ? 1 / (1 + Math.exp(-e)) : Math.exp(e);
      const w = family === 'logistic' ? mu * (1 - mu) : mu;
      z.set(i, 0, e + (y[i]! - mu) / w);
      for (let j = 0; j < p; j++) XtW.set(j, i, X.get(i, j) * w);
    }
    const next = solve(XtW.mmul(X), XtW.mmul(z));
    const change = Math.max(...Matrix.sub(next, beta).abs().to1DArray());
    beta = next;
    if (change < 1e-12) break;
  }
  return beta.to1DArray();
}

function pooledNewton(family: 'logistic' | 'poisson', ridge = 0, ms: FeatureMatrix[] = matrices): number[] {
  const { x, y, p } = pooled(ms);
  let beta = new Array<number>(p).fill(0);
  for (let it = 0; it < 50; it++) {
    const u = newtonUpdate(glmStep(family, x, y, p, beta), beta, ridge);
    beta = u.beta;
    if (u.maxChange < 1e-12) break;
  }
  return beta;
}

const relClose = (a: readonly number[], b: readonly number[], tol: number) =>
  a.forEach((v, k) => {
    expect(Math.abs(v - b[k]!) / Math.max(1e-8, Math.abs(b[k]!))).toBeLessThan(tol);
  });

describe('federated GLM', () => {
  it('logistic: federated = pooled Newton = independent IRLS to 1e-6 relative, in few rounds (exact policy)', async () => {
    const run = await runFederated(glm, exactContexts(), { spec, family: 'logistic', tolerance: 1e-10 });
    expect(run.result.exact).toBe(true);
    const fed = run.result.coefficients.map((c) => c.estimate);
    expect(run.rounds).toBeLessThanOrEqual(10);
    expect(run.result.converged).toBe(true);
    expect(run.result.n).toBe(15000);
    relClose(fed, pooledNewton('logistic'), 1e-6);
    const { x, y, n, p } = pooled();
    relClose(fed, irls(x, y, n, p, 'logistic'), 1e-6);
  });

  it('logistic: the planted coefficients lie within the 95% CIs', async () => {
    const run = await runFederated(
      glm,
      stations.map((s) => s.context()),
      { spec, family: 'logistic' },
    );
    const r: GlmResult = run.result;
    r.coefficients.forEach((c, k) => {
      expect(c.lower).toBeLessThan(BETA[k]!);
      expect(c.upper).toBeGreaterThan(BETA[k]!);
      expect(c.se).toBeGreaterThan(0);
    });
    // Diabetes has a strong planted effect: it must be clearly significant.
    expect(r.coefficients[3]!.p).toBeLessThan(1e-6);
  });

  it('poisson: federated = pooled = IRLS (exact policy)', async () => {
    const pspec = { ...spec, outcome: { ...spec.outcome, count: true } } as const;
    const run = await runFederated(glm, exactContexts(), {
      spec: pspec,
      family: 'poisson',
      tolerance: 1e-10,
    });
    const fed = run.result.coefficients.map((c) => c.estimate);
    const counts = await Promise.all(stations.map((s) => loadFeatureMatrix(s.context(), pspec)));
    relClose(fed, pooledNewton('poisson', 0, counts), 1e-6);
    const { x, y, n, p } = pooled(counts);
    relClose(fed, irls(x, y, n, p, 'poisson'), 1e-6);
  });

  it('ridge shrinks the coefficients and equals the pooled penalised fit (exact policy)', async () => {
    const run = await runFederated(glm, exactContexts(), {
      spec,
      family: 'logistic',
      ridge: 500,
      tolerance: 1e-10,
    });
    const fed = run.result.coefficients.map((c) => c.estimate);
    relClose(fed, pooledNewton('logistic', 500), 1e-6);
    const unpenalised = pooledNewton('logistic');
    const norm = (b: number[]) => b.slice(1).reduce((a, v) => a + v * v, 0);
    expect(norm(fed)).toBeLessThan(norm(unpenalised));
  });

  it('by default each station blurs its sums with phantom patients: close to the exact fit, never equal', async () => {
    const noise = { secret: new Uint8Array(32).fill(7), dataVersion: 'v1' };
    const exact = await runFederated(glm, exactContexts(), { spec, family: 'logistic', tolerance: 1e-10 });
    const noisedRun = () =>
      runFederated(
        glm,
        stations.map((s) => s.context({ noise })),
        { spec, family: 'logistic', tolerance: 1e-10 },
      );
    const noised = await noisedRun();
    expect(noised.result.exact).toBe(false);
    expect(noised.result.converged).toBe(true);
    // 15,000 patients at three stations, four phantom rows of weight up to ±5 each per station: every
    // coefficient within 2% (relative, or 0.01 absolute for one near zero) and every SE within 1% of the
    // exact fit's, yet none equal to it.
    noised.result.coefficients.forEach((c, k) => {
      const e = exact.result.coefficients[k]!;
      expect(Math.abs(c.estimate - e.estimate)).toBeLessThan(Math.max(0.02 * Math.abs(e.estimate), 0.01));
      expect(Math.abs(c.se - e.se) / e.se).toBeLessThan(0.01);
      expect(c.estimate).not.toBe(e.estimate);
    });
    expect(noised.result.deviance).not.toBe(exact.result.deviance);
    // The same question on the same data gets the same phantoms: asking again averages nothing away.
    const again = await noisedRun();
    expect(again.result.coefficients).toEqual(noised.result.coefficients);
    expect(again.result.deviance).toBe(noised.result.deviance);
  });

  it('refuses too few patients and too many parameters per patient (disclosure-risk)', async () => {
    const strict = stations[0]!.context({
      disclosure: { threshold: 10, rounding: 1, minRegressionN: 100000 },
    });
    await expect(glm.local(strict, { spec, family: 'logistic' }, 0)).rejects.toSatisfy(isDisclosureRefusal);
    const small = stations[0]!.context({ disclosure: { threshold: 10, rounding: 1, maxParamsPerN: 0.0001 } });
    await expect(glm.local(small, { spec, family: 'logistic' }, 0)).rejects.toSatisfy(isDisclosureRefusal);
    const tiny = { ...spec, population: { ...spec.population, minAge: 89.95 } };
    await expect(glm.local(stations[0]!.context(), { spec: tiny, family: 'logistic' }, 0)).rejects.toSatisfy(
      isDisclosureRefusal,
    );
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { leaveOneStationOut } from './leave-one-station-out.ts';
import { type MemoryStation, memoryStation } from './testing/memory-station.ts';
import { simulateStation, simulationSpec } from './testing/simulate-station.ts';

let stations: MemoryStation[] = [];
const BETA = [-4, 0.35, -0.3, 0.8, 0.1, 0.15];

beforeAll(async () => {
  stations = await Promise.all(['a', 'b', 'c'].map((id) => memoryStation(id)));
  for (const [k, s] of stations.entries()) {
    await simulateStation(s.connection, { patients: 2500, seed: 120 + k, prefix: `l${k}-`, beta: BETA });
  }
});
afterAll(() => {
  for (const s of stations) s.close();
});

it('leave-one-station-out trains on the others and validates on the held-out station', async () => {
  const progress: string[] = [];
  const r = await leaveOneStationOut(
    stations.map((s) => s.context()),
    { spec: simulationSpec(), validation: { subgroups: ['sex'] } },
    { onProgress: (p) => progress.push(`${p.stationId}:${p.status}`) },
  );
  expect(r.folds.map((f) => f.heldOut)).toEqual(['a', 'b', 'c']);
  for (const f of r.folds) {
    expect(f.trainedOn).not.toContain(f.heldOut);
    expect(f.model.n).toBe(5000);
    expect(Object.keys(f.validation.perStation)).toEqual([f.heldOut]);
  }
  // Same data-generating model everywhere: the model transports well.
  expect(r.summary.auc).toBeGreaterThan(0.6);
  expect(Math.abs(r.summary.calibrationSlope - 1)).toBeLessThan(0.25);
  expect(progress).toContain('a:done');
});

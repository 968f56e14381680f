import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlmResult } from '../algorithms/glm/definition.ts';
import type { RepresentativenessResult } from '../algorithms/representativeness/definition.ts';
import type { ValidationResult } from '../algorithms/validation/definition.ts';
import { runFederated } from '../federated-driver.ts';
import { loadAlgorithm } from '../local-registry.ts';
import { type MemoryStation, memoryStation } from '../testing/memory-station.ts';
import { simulateStation, simulationSpec } from '../testing/simulate-station.ts';
import { modelCard, modelCardHtml, modelCardMarkdown } from './model-card.ts';
import { ModelRegistry } from './model-registry.ts';

let stations: MemoryStation[] = [];
let dir = '';
const spec = simulationSpec();

beforeAll(async () => {
  stations = await Promise.all(['hospital-a', 'gp-b'].map((id) => memoryStation(id)));
  for (const [k, s] of stations.entries()) {
    await simulateStation(s.connection, {
      patients: 2500,
      seed: 150 + k,
      prefix: `m${k}-`,
      beta: [-4, 0.35, -0.3, 0.8, 0.1, 0.15],
    });
  }
  dir = await mkdtemp(join(tmpdir(), 'models-'));
});
afterAll(async () => {
  for (const s of stations) s.close();
  await rm(dir, { recursive: true });
});

describe('model registry and model card', () => {
  it('registers a federated model with lineage, adds validation and representativeness, renders the card', async () => {
    const ctxs = stations.map((s) => s.context());
    const glm = await loadAlgorithm('glm');
    const trained = await runFederated(glm, ctxs, { spec, family: 'logistic' });
    const model = trained.result as GlmResult;
    const registry = new ModelRegistry(dir);
    await registry.register({
      id: 'admission-risk-1',
      name: 'Unplanned admission <risk>',
      version: '1.0.0',
      createdAt: new Date().toISOString(),
      algorithm: { name: glm.name, version: glm.version, hash: glm.hash },
      family: 'logistic',
      spec,
      coefficients: model.coefficients,
      training: {
        permitId: 'permit-1',
        purpose: 'ai-training',
        stations: Object.entries(model.nPerStation).map(([id, n]) => ({ id, n, dataVersion: '1-abc' })),
        rounds: trained.rounds,
        ridge: 0,
      },
      intendedUse: 'Risk stratification for proactive care planning by GPs; not for individual triage.',
    });
    await expect(registry.register({ ...(await registry.get('admission-risk-1')) })).rejects.toMatchObject({
      code: 'conflict',
    });

    const validation = await loadAlgorithm('validation');
    const val = await runFederated(validation, ctxs, {
      spec,
      coefficients: model.coefficients.map((c) => c.estimate),
      limits: { auc: 0.001, citl: 1, brier: 1 },
    });
    await registry.addValidation('admission-risk-1', 'permit-2', val.result as ValidationResult);
    const rep = await loadAlgorithm('representativeness');
    const repRun = await runFederated(rep, ctxs, { population: spec.population });
    await registry.setRepresentativeness('admission-risk-1', repRun.result as RepresentativenessResult);

    const record = await registry.get('admission-risk-1');
    expect((await registry.list()).map((m) => m.id)).toEqual(['admission-risk-1']);
    expect(record.validations).toHaveLength(1);

    const card = modelCard(record);
    expect(card.performance.map((p) => p.station)).toEqual(['pooled', 'hospital-a', 'gp-b']);
    expect(card.subgroups.some((s) => s.key === 'sex' && s.group === 'female')).toBe(true);
    expect(card.fairnessGaps.some((g) => g.metric === 'auc' && g.flagged)).toBe(true);
    expect(card.limitations.some((l) => l.startsWith('Performance gap by'))).toBe(true);
    expect(card.representativeness?.flagged.length).toBeGreaterThan(0);

    const md = modelCardMarkdown(card);
    expect(md).toContain('## Performance by subgroup');
    expect(md).toContain('| hospital-a |');
    const html = modelCardHtml(card);
    expect(html).toContain('Unplanned admission &lt;risk&gt;');
    expect(html).not.toContain('<risk>');
  });

  it('rejects ids that could escape the folder', async () => {
    const registry = new ModelRegistry(dir);
    await expect(registry.get('../etc/passwd')).rejects.toThrow();
  });
});

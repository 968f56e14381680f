import { describe, expect, it } from 'vitest';
import { evidencePage, runOfModelPointer } from './evidence-links.ts';

const model = {
  id: 'm1',
  training: { runId: 'run_train' },
  validations: [{ runId: 'run_v0' }, { runId: 'run_v1' }],
};
const ref = (kind: 'run' | 'model' | 'dataset' | 'audit', id: string, pointer?: string) => ({
  kind,
  id,
  label: id,
  href: `/api/x/${id}`,
  ...(pointer ? { pointer } : {}),
});

describe('evidence links', () => {
  it('links a figure of a model to the run that produced it', () => {
    expect(runOfModelPointer(model, '/validations/1/result/pooled/auc/estimate')).toBe('run_v1');
    expect(runOfModelPointer(model, '/coefficients/2/estimate')).toBe('run_train');
    expect(runOfModelPointer(model, '/validations/7/result')).toBeUndefined();
    expect(evidencePage(ref('model', 'm1', '/validations/0/result'), model)).toBe('/runs/run_v0');
  });

  it('links runs, datasets and the audit chain to their pages; a model without its record to governance', () => {
    expect(evidencePage(ref('run', 'run/1'))).toBe('/runs/run%2F1');
    expect(evidencePage(ref('dataset', 'ds1'))).toBe('/catalogue/ds1');
    expect(evidencePage(ref('audit', 'hub'))).toBe('/audit');
    expect(evidencePage(ref('model', 'm1', '/validations/0/result'))).toBe('/governance');
  });
});

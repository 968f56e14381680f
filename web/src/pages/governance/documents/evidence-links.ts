import type { EvidenceRef } from '../../../../../src/api/index.ts';

/**
 * The page of the web app that shows a cited record, or undefined when it has none. A figure read from a
 * model record links to the run that produced it: a validation's run for `/validations/N/…`, the
 * training run otherwise.
 */
export function evidencePage(ref: EvidenceRef, model?: Record<string, unknown>): string | undefined {
  switch (ref.kind) {
    case 'run':
      return `/runs/${encodeURIComponent(ref.id)}`;
    case 'dataset':
      return `/catalogue/${encodeURIComponent(ref.id)}`;
    case 'permit':
      return '/permits';
    case 'station':
      return '/stations';
    case 'audit':
      return '/audit';
    case 'ai-system':
    case 'classification':
      return `/governance/systems/${encodeURIComponent(ref.id)}`;
    case 'model': {
      const run = runOfModelPointer(model, ref.pointer);
      return run ? `/runs/${encodeURIComponent(run)}` : '/governance';
    }
  }
}

/** The run behind a value of a model record at `pointer` (the model's id must be the cited one). */
export function runOfModelPointer(
  model: Record<string, unknown> | undefined,
  pointer?: string,
): string | undefined {
  if (!model) return undefined;
  const validation = /^\/validations\/(\d+)(\/|$)/.exec(pointer ?? '');
  if (validation) {
    const v = (model.validations as { runId?: unknown }[] | undefined)?.[Number(validation[1])];
    return typeof v?.runId === 'string' ? v.runId : undefined;
  }
  const training = model.training as { runId?: unknown } | undefined;
  return typeof training?.runId === 'string' ? training.runId : undefined;
}

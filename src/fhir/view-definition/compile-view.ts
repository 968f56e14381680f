import { engineView } from './run-view.ts';
import type { ViewDefinition } from './view-definition.ts';
import type { ViewFn } from './view-plan.ts';

export function compileView(view: ViewDefinition): ViewFn {
  return engineView(view);
}

import { readFileSync } from 'node:fs';
import rdf from '@zazuko/env';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

/**
 * Validates Turtle against the SHACL shapes in `shapesFile` (test support; the validator is a development
 * dependency). Returns whether it conforms and one line per violation: focus node, path, message and
 * constraint. `drop` leaves out the triples whose predicate it matches, to show a check can fail.
 */
export async function validateTurtle(
  ttl: string,
  shapesFile: string,
  drop: (predicate: string) => boolean = () => false,
): Promise<{ conforms: boolean; violations: string[] }> {
  const shapes = rdf.dataset(new Parser().parse(readFileSync(shapesFile, 'utf8')));
  const quads = new Parser().parse(ttl).filter((q) => !drop(q.predicate.value));
  const report = await new SHACLValidator(shapes, { factory: rdf }).validate(rdf.dataset(quads));
  const violations = report.results.map(
    (r) =>
      `${r.focusNode?.value} ${r.path?.value ?? ''}: ${r.message.map((m) => m.value).join(' ')} ` +
      `(${r.sourceConstraintComponent?.value.split('#')[1]})`,
  );
  return { conforms: report.conforms, violations };
}

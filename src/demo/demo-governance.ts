import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelRecord } from '../analytics/index.ts';
import type { AiSystemInput, GovernanceDocument } from '../api/index.ts';
import type { HubClient } from '../hub-client/index.ts';

/**
 * The questionnaire of the demo's admission-risk model: standalone software that predicts, for an
 * individual patient, a health outcome (a medical purpose: prediction, prognosis) to inform whom the GP
 * practice offers proactive care; a wrong decision means usual care, no serious deterioration by itself.
 */
const admissionModelAnswers: AiSystemInput['answers'] = {
  aiSystem: true,
  researchOnly: false,
  prohibitedPractice: 'none',
  drivesHardwareDevice: false,
  beyondStorageCommunication: true,
  individualPatientBenefit: true,
  medicalPurpose: true,
  inVitroData: false,
  informsDecisions: true,
  decisionImpact: 'other',
  monitorsPhysiology: false,
  annexIIIArea: 'none',
  interactsWithPersons: false,
  generatesSyntheticContent: false,
  emotionOrBiometricCategorisation: false,
  deepFakeOrPublicText: false,
};

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const line = (d: GovernanceDocument) =>
  `${pct(d.completeness.score)} complete: ${d.completeness.filled} of ${d.completeness.total} filled from evidence, ${d.completeness.partial} partly, ${d.completeness.toComplete} to be completed by the provider`;

/**
 * After the model card: the model goes to the hub's registry, an AI system is described on it, the hub
 * classifies it (AI Act, MDR Rule 11) and generates its Annex IV documentation, TRIPOD+AI checklist and
 * algorithm register entry from its own records; their completeness is printed and the files written.
 */
export async function governanceStep(
  client: HubClient,
  model: ModelRecord,
  outDir: string,
  print: (l: string) => void,
  must: (ok: unknown, what: string) => void,
): Promise<void> {
  await client.call('registerModel', { body: model as unknown as Record<string, unknown> });
  const system = await client.call('createAiSystem', {
    body: {
      name: 'Proactieve zorg: risico op ongeplande opname',
      version: model.version,
      organisation: 'AI4Health demo research lab',
      organisationRole: 'provider',
      intendedPurpose:
        'Estimates each patient’s risk of an unplanned hospital admission within a year, so the GP practice can invite those at highest risk for proactive care.',
      intendedUsers: 'general practitioners and practice nurses',
      setting: 'primary care (GP practices)',
      decisionInformed: 'whom to invite for a proactive care consultation',
      autonomy: 'recommends',
      modelIds: [model.id],
      answers: admissionModelAnswers,
    },
  });
  const { classification: c } = await client.call('classifyAiSystem', { params: { id: system.id } });
  must(
    c.aiActClass === 'high-risk' && c.mdrClass === 'IIa',
    'the admission model should classify as high-risk, MDR IIa',
  );
  print(`  AI system ${system.id}: AI Act ${c.aiActClass} (${c.aiActGround}), MDR class ${c.mdrClass}`);
  for (const s of [...c.mdr.path, ...c.aiAct.path].filter((x) => x.node !== 'q-ai-system'))
    print(`    [${s.citation}] ${s.fact} = ${s.answer}`);
  print(
    `  ${c.duties.length} provider duties, e.g. ${c.duties
      .slice(2, 5)
      .map((d) => d.article)
      .join('; ')}`,
  );

  const docs: GovernanceDocument[] = [];
  for (const kind of ['annex-iv', 'tripod-ai'] as const) {
    const view = await client.call('governanceDocument', { params: { id: system.id, kind } });
    docs.push(view.document);
    await writeFile(join(outDir, `${model.id}.${kind}.md`), view.markdown);
    await writeFile(join(outDir, `${model.id}.${kind}.html`), view.html);
    await writeFile(join(outDir, `${model.id}.${kind}.json`), `${JSON.stringify(view.document, null, 2)}\n`);
    print(`  ${kind === 'annex-iv' ? 'AI Act Annex IV' : 'TRIPOD+AI'}: ${line(view.document)}`);
  }
  const [annex, tripod] = docs as [GovernanceDocument, GovernanceDocument];
  const evidenceSections = ['2(d)', '2(g)', '3', '4'];
  const notFilled = evidenceSections.filter(
    (id) => annex.items.find((i) => i.id === id)?.status !== 'filled',
  );
  must(
    notFilled.length === 0,
    `Annex IV data/validation/performance sections not filled from evidence: ${notFilled.join(', ')}`,
  );
  must(tripod.completeness.score >= 0.8, `TRIPOD+AI only ${pct(tripod.completeness.score)} complete`);
  print(
    `    Annex IV data (2d), validation and bias (2g), performance and logging (3), metrics (4): filled from evidence`,
  );

  const register = await client.call('algorithmRegisterEntry', { params: { id: system.id } });
  await writeFile(
    join(outDir, `${model.id}.algoritmeregister.json`),
    `${JSON.stringify(register, null, 2)}\n`,
  );
  print(
    `  Algoritmeregister entry: "${register.entry.publication_category}", ${Object.keys(register.entry).length - register.toComplete.length} of ${Object.keys(register.entry).length} fields filled; to complete: ${register.toComplete.join(', ')}`,
  );
  print(
    `  written: ${join(outDir, `${model.id}.annex-iv.md`)} (and .html, .json), tripod-ai, algoritmeregister.json`,
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../../src/analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../../src/analytics/algorithms/hybrid-care/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { HybridCarePartial } from '../../src/hybrid-care/hybrid-care-schemas.ts';
import { StationRows } from './station-rows.ts';

/**
 * Hybrid care's care pathways are condition code lists the requester writes, but every set of the
 * algorithm answered one question per purpose ("their cells are fixed areas, years, sectors and
 * pathways"). Within one question the same patients are answered again and a set a few patients away
 * is withheld, so a pathway was a refusal oracle the requester aims:
 *
 * 1. pathway "diabetes" = [C], released (a large group of a province-year);
 * 2. pathway [C, Y] for a code nobody has: the same patients, the same question: answered;
 * 3. pathway [C, X]: withheld when 1..threshold−1 patients of the province-year have X and not C.
 *
 * Whether [C, X] is answered tells whether anybody in the province with a contact that year has
 * diagnosis X (HIV here); the pathway's age band × sex cells (each one identical to [C]'s and answered,
 * except the one the patient joins) tell that patient's age band and sex, and the deprivation cells
 * their neighbourhood's quintile. Twenty pathways of fifty codes a run make it a search over codes.
 *
 * What must hold: whether a pathway's numbers are withheld does not depend on whether an added code
 * reaches nobody or a few patients. A pathway's sets now answer the question of that pathway (its codes,
 * province and year), so another code list reaching the same patients is withheld like one a few away.
 */
const alg = composeAlgorithm(definition, local, central);

const DIABETES = '44054006';
const HIV = '86406008';
const NOBODY = '999999999';

describe('attack: a care pathway of the requester’s codes as a refusal oracle', () => {
  let st: MemoryStation;
  const run = async (pathways: { name: string; codes: string[] }[]) => {
    const ctx = st.context({ purpose: 'policy', disclosure: { threshold: 10, rounding: 1 } });
    return (await alg.local(ctx, { years: [2024], pathways, byMonth: false }, 0)) as HybridCarePartial;
  };

  beforeAll(async () => {
    st = await memoryStation('station-hc');
    const rows = new StationRows();
    const gpContacts: string[] = [];
    let n = 0;
    const person = (birth: string, sex: 'male' | 'female', codes: string[]) => {
      const id = `p${n++}`;
      rows.patient({ id, birth, sex, region: 'Utrecht', municipality: 'Utrecht', pc4: '3500' });
      for (const code of codes) rows.condition(id, code, '2020-01-01');
      gpContacts.push(id);
    };
    // Every age band × sex cell of the diabetes pathway holds 12 or more patients, so no cell is small
    // and nothing is suppressed to protect a neighbour; 30 people without a pathway condition besides.
    const births = {
      '0-17': '2012-03-01',
      '18-64': '1980-03-01',
      '65-74': '1954-03-01',
      '75+': '1940-03-01',
    };
    let size = 12;
    for (const birth of Object.values(births))
      for (const sex of ['female', 'male'] as const)
        for (let i = 0, m = size++; i < m; i++) person(birth, sex, [DIABETES]);
    for (let i = 0; i < 30; i++) person('1985-06-01', i % 2 ? 'male' : 'female', []);
    // The patient the attacker is after: a man of 70 with HIV and no diabetes.
    person(births['65-74'], 'male', [HIV]);
    await rows.write(st);
    for (const [k, id] of gpContacts.entries())
      await st.connection.run(
        `INSERT INTO encounter VALUES ('g${k}', '${id}', 'AMB', 'gp', NULL, 't', 'R', '2024-03-04 10:00:00', '2024-03-04 10:15:00', NULL)`,
      );
  });
  afterAll(() => st.close());

  /** Which of a pathway's numbers were withheld, in a fixed order. */
  const pattern = (p: HybridCarePartial['groups'][number]['pathways'][number]) => [
    `patients:${p.patients.suppressed}`,
    `virtual:${p.virtualPatients.suppressed}`,
    ...p.byAgeSex.map((c) => `${c.ageBand} ${c.sex}:${c.patients.suppressed}`),
    ...p.byDeprivation.map((c) => `${c.group}:${c.patients.suppressed}`),
  ];

  it('withholds a pathway alike whether an added code reaches nobody or one patient', async () => {
    const [base] = (await run([{ name: 'diabetes', codes: [DIABETES] }])).groups[0]!.pathways;
    expect(base!.patients.value, 'the diabetes pathway is released').toBe(
      12 + 13 + 14 + 15 + 16 + 17 + 18 + 19,
    );
    const probes = (
      await run([
        { name: 'diabetes or nobody', codes: [DIABETES, NOBODY] },
        { name: 'diabetes or HIV', codes: [DIABETES, HIV] },
      ])
    ).groups[0]!.pathways;
    const [nobody, hiv] = probes.map((p) => pattern(p));
    // Before the fix: "or nobody" was answered in full (the same patients, the same question) and
    // "or HIV" withheld its total and exactly the cell of men 65–74: the patient's diagnosis, age band
    // and sex.
    expect(hiv, 'the refusal pattern tells whether anybody has the added code').toEqual(nobody);
  });

  it('still answers the same pathway asked again under another name', async () => {
    const [again] = (await run([{ name: 'type 2 diabetes', codes: [DIABETES] }])).groups[0]!.pathways;
    expect(again!.patients.value).toBe(124);
    expect(again!.byAgeSex.every((c) => !c.patients.suppressed)).toBe(true);
  });
});

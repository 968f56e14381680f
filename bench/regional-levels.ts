/**
 * The regional picture's cost of one release for every level: at a synthetic station (one province,
 * its municipalities as the generator weighs them), the cells listed and withheld (by reason) at the
 * province and the municipality level, each asked after the other, and the time per run; then a station
 * whose patients all live in one municipality. Run it on two versions of the code to compare them (the
 * numbers of both are in `docs/decisions/release-ledger.md`).
 *
 * Usage: node bin/run-ts.mjs bench/regional-levels.ts [--patients 20000] [--region Utrecht]
 */
import { parseArgs } from 'node:util';
import { central } from '../src/analytics/algorithms/regional-picture/central.ts';
import { definition } from '../src/analytics/algorithms/regional-picture/definition.ts';
import { local } from '../src/analytics/algorithms/regional-picture/local.ts';
import { composeAlgorithm } from '../src/analytics/local-runner.ts';
import { loadSynthPatients } from '../src/analytics/testing/load-synth-patients.ts';
import { memoryStation } from '../src/analytics/testing/memory-station.ts';
import type { RegionalPicturePartial } from '../src/regional/regional-picture-schemas.ts';
import { generatePatients } from '../src/synth/patient-generator.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '20000' },
    region: { type: 'string', default: 'Utrecht' },
  },
});
const alg = composeAlgorithm(definition, local, central);
const YEARS = [2023, 2024];

async function station(onlyOne: boolean) {
  const st = await memoryStation(`bench-levels-${onlyOne}`);
  await loadSynthPatients(
    st.connection,
    generatePatients({ patients: Number(values.patients), seed: 7, region: values.region }),
  );
  if (onlyOne) {
    const [first] = await st.connection
      .runAndReadAll(
        'SELECT municipality FROM patient WHERE municipality IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
      )
      .then((r) => r.getRows());
    await st.connection.run(`UPDATE patient SET municipality = '${String(first![0]).replaceAll("'", "''")}'`);
  }
  return st;
}

function summary(cells: RegionalPicturePartial['cells']): string {
  const by = new Map<string, number>();
  for (const c of cells) {
    const k = c.persons.suppressed ? (c.persons.reason ?? 'withheld') : 'released';
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  const ed = cells.filter((c) => !c.persons.suppressed && c.events['ed-visits'].value === null).length;
  const cost = cells.filter((c) => !c.persons.suppressed && c.cost === null).length;
  return `${cells.length} cells: ${[...by].map(([k, n]) => `${k} ${n}`).join(', ')}; of the released, ED visits withheld ${ed}, cost withheld ${cost}`;
}

for (const [name, onlyOne] of [
  ['station', false],
  ['station with every patient in one municipality', true],
] as const) {
  for (const order of [
    ['region', 'municipality'],
    ['municipality', 'region'],
  ] as const) {
    const st = await station(onlyOne);
    try {
      const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 5 } });
      for (const level of order) {
        const t0 = performance.now();
        const out = (await alg.local(ctx, { level, years: YEARS }, 0)) as RegionalPicturePartial;
        const ms = performance.now() - t0;
        console.log(`${name}, ${order.join(' then ')}: ${level} ${ms.toFixed(0)} ms — ${summary(out.cells)}`);
      }
    } finally {
      st.close();
    }
  }
}

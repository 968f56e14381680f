import { describe, expect, it } from 'vitest';
import { type CohortDefinitionInput, parseCohort } from '../cohort/cohort-definition.ts';
import { releaseQuestions } from './release-questions.ts';

const cohort = (over: Partial<CohortDefinitionInput> = {}) =>
  parseCohort({
    name: 'diabetes',
    entry: { event: { domain: 'condition', codes: ['44054006', '73211009'] } },
    demographics: { age: { min: 18 } },
    ...over,
  });
const withC = { event: { domain: 'condition' as const, codes: ['38341003'] } };

describe('releaseQuestions', () => {
  it('asks attrition step k as the criteria up to it: shared by a cohort that adds criteria, not by one that changes one', () => {
    const q = releaseQuestions({ cohort: cohort() }, 'research');
    const more = releaseQuestions({ cohort: cohort({ inclusion: [withC] }) }, 'research');
    const older = releaseQuestions(
      { cohort: cohort({ demographics: { age: { min: 18, max: 89 } } }) },
      'research',
    );
    expect(more('attrition:0')).toBe(q('attrition:0'));
    expect(more('attrition:1')).toBe(q('attrition:1'));
    expect(more('attrition:2')).not.toBe(q('attrition:1'));
    expect(older('attrition:0')).toBe(q('attrition:0'));
    expect(older('attrition:1')).not.toBe(q('attrition:1'));
    // A characterisation cell is about the whole cohort, as its last step is.
    expect(q('condition:44054006')).toBe(q('attrition:1'));
    expect(q('ageSex:40-49:female')).toBe(q('attrition:1'));
    expect(q('attrition:0')).not.toBe(q('attrition:1'));
  });

  it('ignores the name, the order of codes and the algorithm; not the purpose or a code', () => {
    const q = releaseQuestions({ cohort: cohort() }, 'research');
    const renamed = cohort({ name: 'another name' });
    renamed.entry.event = { domain: 'condition', codes: ['73211009', '44054006'] };
    expect(releaseQuestions({ cohort: renamed, topN: 3 }, 'research')('attrition:1')).toBe(q('attrition:1'));
    expect(releaseQuestions({ cohort: cohort() }, 'care')('attrition:1')).not.toBe(q('attrition:1'));
    const dummy = cohort();
    dummy.entry.event = { domain: 'condition', codes: ['44054006', '73211009', '000000000'] };
    expect(releaseQuestions({ cohort: dummy }, 'research')('attrition:0')).not.toBe(q('attrition:0'));
  });

  it('asks every set of a population spec as that population, for every algorithm and round', () => {
    const population = { indexDate: '2024-01-01', minAge: 18, sex: ['male', 'female'] };
    const descriptive = releaseQuestions({ population, variables: [], summaries: [] }, 'research');
    const glm = releaseQuestions({ spec: { population, features: [] }, family: 'logistic' }, 'research');
    const round2 = releaseQuestions(
      { spec: { population: { ...population, sex: ['female', 'male'] }, features: [] }, beta: [1, 2] },
      'research',
    );
    const validation = releaseQuestions(
      { spec: { population, features: [] }, coefficients: [0], slopes: { all: [0, 1] } },
      'research',
    );
    expect(glm('glm:population')).toBe(descriptive('descriptive:population'));
    expect(round2('glm:population')).toBe(glm('glm:population'));
    expect(validation('validation:all=all')).toBe(glm('glm:population'));
    expect(validation('validation:sex=female')).toBe(descriptive('descriptive:rates[0]:female'));
    const narrower = releaseQuestions({ population: { ...population, maxAge: 100 } }, 'research');
    expect(narrower('descriptive:population')).not.toBe(descriptive('descriptive:population'));
    // A population of a cohort is another question than the cohort's own steps.
    const ofCohort = releaseQuestions(
      { population: { indexDate: '2024-01-01', cohort: cohort() } },
      'research',
    );
    const renamed = releaseQuestions(
      { population: { indexDate: '2024-01-01', cohort: cohort({ name: 'x' }) } },
      'research',
    );
    expect(renamed('descriptive:population')).toBe(ofCohort('descriptive:population'));
    expect(ofCohort('descriptive:population')).not.toBe(
      releaseQuestions({ cohort: cohort() }, 'research')('attrition:1'),
    );
  });

  it('asks a monitor as its definition whatever month it reports through; other algorithms by purpose', () => {
    const monitor = { name: 'm', exposure: { codes: ['x'] } };
    const march = releaseQuestions({ monitor, throughMonth: '2024-03' }, 'research');
    const april = releaseQuestions({ monitor, throughMonth: '2024-04' }, 'research');
    expect(april('outcome-monitor:matched:exposed')).toBe(march('outcome-monitor:matched:exposed'));
    expect(releaseQuestions({ monitor: { ...monitor, name: 'n' } }, 'research')('a')).not.toBe(march('a'));
    const regional = releaseQuestions({ years: [2023], level: 'region' }, 'research');
    expect(
      releaseQuestions({ years: [2023, 2024], level: 'region' }, 'research')('regional-picture:Utrecht:2023'),
    ).toBe(regional('regional-picture:Utrecht:2023'));
  });

  it('asks a hybrid care pathway as its codes, province and year; its provinces and sectors by purpose', () => {
    const of = (pathways: { name: string; codes: string[] }[]) =>
      releaseQuestions({ years: [2024], pathways, byMonth: true }, 'policy');
    const base = of([{ name: 'diabetes', codes: ['44054006', '73211009'] }]);
    const at = 'hybrid-care:Utrecht:2024:pathway:0';
    // The name and the order of the codes do not make another question; a code does.
    expect(of([{ name: 'x', codes: ['73211009', '44054006'] }])(`${at}:virtual`)).toBe(base(at));
    expect(of([{ name: 'diabetes', codes: ['44054006', '73211009', '0'] }])(at)).not.toBe(base(at));
    // Every cell of the pathway asks what its total asks; another province, year or purpose does not.
    expect(base(`${at}:65-74:male`)).toBe(base(at));
    expect(base(`${at}:deprivation:Q1:virtual`)).toBe(base(at));
    expect(base('hybrid-care:Utrecht:2023:pathway:0')).not.toBe(base(at));
    expect(base('hybrid-care:Gelderland:2024:pathway:0')).not.toBe(base(at));
    // Pathway k is the k-th pathway of the input, whatever the province's name holds.
    const two = of([
      { name: 'a', codes: ['1'] },
      { name: 'b', codes: ['44054006', '73211009'] },
    ]);
    const province = 'x:2024:pathway:0:y';
    expect(two(`hybrid-care:${province}:2024:pathway:1`)).toBe(
      base(`hybrid-care:${province}:2024:pathway:0`),
    );
    // The province-year's own sets (not a pathway's) answer one question per purpose, as before.
    expect(base('hybrid-care:Utrecht:2024:patients')).toBe(two('hybrid-care:Utrecht:2024:gp'));
    expect(base('hybrid-care:Utrecht:2024:patients')).not.toBe(base(at));
  });

  it('asks every set of the regional picture one question per purpose, the pool of small postcode areas too', () => {
    const at = (minAreaPersons: number) =>
      releaseQuestions({ level: 'pc4', years: [2024], minAreaPersons }, 'public-health');
    const pool = 'regional-picture:Ede (other PC4):2024';
    // The levels are one release: a municipality's cell is its postcode areas' and its pool's together,
    // answered only within one question. The pool is kept from telling 0 from a few by the secondary
    // suppression (it covers first), not by a question of its own.
    expect(at(61)(pool)).toBe(at(60)(`${pool}:75+\u0000male`));
    expect(at(60)('regional-picture:6711:2024')).toBe(at(61)(pool));
    expect(at(60)(pool)).toBe(
      releaseQuestions(
        { level: 'municipality', years: [2024], minAreaPersons: 100 },
        'public-health',
      )('regional-picture:Ede:2024'),
    );
  });

  it('asks a descriptive histogram bin as the variable between its two edges, not the name', () => {
    const input = (bins: number[], name = 'age', centre = 0) => ({
      population: { indexDate: '2025-01-01' },
      variables: [{ kind: 'age', name, centre }],
      summaries: [{ variable: name, bins }],
    });
    const q = releaseQuestions(input([0, 6, 12]), 'research');
    const population = q('descriptive:population');
    // The bin [6, 12) asked again, under another name and among other edges: the same question.
    expect(releaseQuestions(input([3, 6, 12], 'years'), 'research')('descriptive:summaries[0]:bin 2')).toBe(
      q('descriptive:summaries[0]:bin 2'),
    );
    // Another edge, another variable definition, another bin: another question; none is the population's.
    expect(releaseQuestions(input([0, 6, 11]), 'research')('descriptive:summaries[0]:bin 2')).not.toBe(
      q('descriptive:summaries[0]:bin 2'),
    );
    expect(
      releaseQuestions(input([0, 6, 12], 'age', 60), 'research')('descriptive:summaries[0]:bin 2'),
    ).not.toBe(q('descriptive:summaries[0]:bin 2'));
    expect(q('descriptive:summaries[0]:bin 3')).not.toBe(q('descriptive:summaries[0]:bin 2'));
    expect(q('descriptive:summaries[0]:bin 2')).not.toBe(population);
    // A bin that is an age band (20-29 years; centre 60: −4 … −3 decades) is the age band's cell: the
    // population's question.
    expect(q('descriptive:summaries[0]:bin 0')).not.toBe(population);
    const bands = releaseQuestions(input([2, 3, 9], 'age'), 'research');
    expect(bands('descriptive:summaries[0]:bin 1')).toBe(bands('descriptive:population'));
    expect(bands('descriptive:summaries[0]:bin 3')).toBe(bands('descriptive:population'));
    expect(bands('descriptive:summaries[0]:bin 2')).not.toBe(bands('descriptive:population'));
    const centred = releaseQuestions(input([-4, -3], 'age', 60), 'research');
    expect(centred('descriptive:summaries[0]:bin 1')).toBe(centred('descriptive:population'));
    // Every other set of the answer is about the population.
    expect(q('descriptive:summaries[0]:differs')).toBe(population);
    expect(q('descriptive:tables[0]:female:1')).toBe(population);
  });

  it('asks the sets a variable picks as its definition: for a summary, a rate and a model alike, not its name', () => {
    const population = { indexDate: '2025-01-01' };
    const c = { kind: 'condition', name: 'c', codes: ['44054006', '73211009'] };
    const descriptive = (variable: Record<string, unknown>) =>
      releaseQuestions(
        {
          population,
          variables: [variable, { kind: 'sex', name: 'female', value: 'female' }],
          summaries: [
            { variable: variable.name, bins: [0.5] },
            { variable: 'female', bins: [0.5] },
          ],
          rates: [{ by: variable.name }],
          tables: [
            { rows: variable.name, columns: 'sex' },
            { rows: 'female', columns: 'sex' },
          ],
        },
        'research',
      );
    const q = descriptive(c);
    const differs = q('descriptive:summaries[0]:differs');
    const whole = q('descriptive:population');
    // Another name, the codes in another order: the same question; another code: another question.
    expect(
      descriptive({ ...c, name: 'd', codes: ['73211009', '44054006'] })('descriptive:summaries[0]:differs'),
    ).toBe(differs);
    expect(descriptive({ ...c, codes: ['44054006'] })('descriptive:summaries[0]:differs')).not.toBe(differs);
    expect(differs).not.toBe(whole);
    expect(differs.startsWith(`${whole}/`)).toBe(true);
    // A rate's groups keyed by it ask the same; a sex variable picks a fixed group: the population's.
    expect(q('descriptive:rates[0]:1')).toBe(differs);
    expect(q('descriptive:rates[0]:1:events')).toBe(differs);
    expect(q('descriptive:summaries[1]:differs')).toBe(whole);
    // A table's cells keyed by it too; a table of fixed groups only is the population's.
    expect(q('descriptive:tables[0]:1:female')).toBe(differs);
    expect(q('descriptive:tables[1]:1:female')).toBe(whole);
    // A model's holders of the same definition under another name, and a rarer level, ask the same.
    const glm = releaseQuestions(
      { spec: { population, features: [{ ...c, name: 'diabetes' }], outcome: { days: 365 } } },
      'research',
    );
    expect(glm('glm:diabetes=1')).toBe(differs);
    expect(glm('glm:diabetes level 2 of 3')).toBe(differs);
    expect(glm('glm:features[0] × outcome level 2 of 2 × level 2 of 2')).toBe(glm('glm:population'));
    expect(glm('glm:outcome level 2 of 3')).toBe(glm('glm:population'));
  });
});

import { describe, expect, it } from 'vitest';
import { type CareNeed, MatchSchema, type Solution } from '../../api/network-schemas.ts';
import { matchSolutions } from './match.ts';

const need: CareNeed = {
  id: 'need-1',
  organisationId: 'org-1',
  organisation: 'Huisartsen Midden',
  createdAt: '2026-12-01T00:00:00.000Z',
  problem: 'Frail elderly with diabetes end up in the ED; we want to find them early.',
  domain: 'primary-care',
  volume: 4000,
  conditionCodes: ['44054006'],
  datasets: ['ds-midden'],
};
const solution = (over: Partial<Solution>): Solution => ({
  id: 's',
  ownerUserId: 'u',
  organisation: 'Lab',
  createdAt: '2026-12-01T00:00:00.000Z',
  name: 'x',
  intendedUse: 'y',
  domain: 'primary-care',
  conditionCodes: [],
  dataNeeded: [],
  evidence: 'none',
  ...over,
});
const catalogue = [
  { id: 'ds-midden', stationName: 'huisartsen-midden', codes: ['44054006', '4548-4'] },
  { id: 'ds-noord', stationName: 'ziekenhuis-noord', codes: ['44054006', '4548-4', '13645005'] },
];

describe('matchmaking of care needs and AI solutions', () => {
  it('ranks by setting, shared conditions, data availability and evidence, with the reason for each', () => {
    const matches = matchSolutions(
      need,
      [
        solution({
          id: 'a',
          name: 'Admission risk',
          conditionCodes: ['44054006'],
          dataNeeded: ['44054006', '4548-4'],
          evidence: 'external-validation',
          aiSystemId: 'sys-1',
        }),
        solution({
          id: 'b',
          name: 'COPD exacerbation',
          domain: 'hospital-care',
          conditionCodes: ['13645005'],
          dataNeeded: ['13645005'],
        }),
        solution({ id: 'c', name: 'Generic scheduling', domain: 'cross-domain' }),
      ],
      catalogue,
      { 'sys-1': { aiActClass: 'high-risk', mdrClass: 'IIa' } },
    );
    expect(matches.map((m) => m.solution.id)).toEqual(['a']);
    const [a] = matches;
    expect(MatchSchema.parse(a)).toEqual(a);
    expect(a!.feasibleStations).toEqual(['huisartsen-midden', 'ziekenhuis-noord']);
    expect(a!.reasons).toEqual([
      'same care domain (primary-care)',
      'shared conditions: 44054006',
      'data it needs (44054006, 4548-4) is in the catalogue at 2 station(s)',
      'your own datasets hold the data it needs',
      'evidence: external-validation',
    ]);
    expect(a!.score).toBe(3 + 2 + 2 + 2 + 2);
    expect(a!).toMatchObject({ aiActClass: 'high-risk', mdrClass: 'IIa' });
  });
  it('says when the data a solution needs is nowhere in the catalogue', () => {
    const [m] = matchSolutions(need, [solution({ dataNeeded: ['99999-9'] })], catalogue);
    expect(m!.reasons).toContain("no station's published profile holds all the data it needs (99999-9)");
    expect(m!.feasibleStations).toEqual([]);
  });
});

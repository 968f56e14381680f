import type { StationPartial } from '../analytics/algorithm.ts';
import type { RegionalPicturePartial } from './regional-picture-schemas.ts';

/** One area in one year, over every station: released persons and use of care, and rates per 1,000. */
export interface RegionalArea {
  area: string;
  year: number;
  /** Persons in released cells (withheld cells left out: a lower bound). */
  persons: number;
  share75plus: number | null;
  perThousand: {
    'ed-visits': number | null;
    'unplanned-admissions': number | null;
    'gp-contacts': number | null;
  };
  costPerInhabitant: number | null;
  /** Cells left out because a station withheld them. */
  withheldCells: number;
  byAgeSex: { ageBand: string; sex: string; persons: number }[];
  /** Per age band: persons and ED visits (released cells), for scenarios on an age group. */
  byAgeBand: { ageBand: string; persons: number; edVisits: number; edPersons: number }[];
}

/** Sums the stations' released cells per area and year (withheld cells are left out and counted). */
export function combineRegionalPicture(partials: StationPartial<RegionalPicturePartial>[]): {
  areas: RegionalArea[];
} {
  const acc = new Map<
    string,
    {
      area: string;
      year: number;
      persons: number;
      old: number;
      ed: [number, number];
      adm: [number, number];
      gp: [number, number];
      cost: [number, number];
      withheld: number;
      byAgeSex: Map<string, number>;
      byBand: Map<string, { persons: number; ed: number; edPersons: number }>;
    }
  >();
  for (const p of partials) {
    for (const c of p.output.cells) {
      const key = `${c.area}\u0000${c.year}`;
      const a = acc.get(key) ?? {
        area: c.area,
        year: c.year,
        persons: 0,
        old: 0,
        ed: [0, 0] as [number, number],
        adm: [0, 0] as [number, number],
        gp: [0, 0] as [number, number],
        cost: [0, 0] as [number, number],
        withheld: 0,
        byAgeSex: new Map<string, number>(),
        byBand: new Map<string, { persons: number; ed: number; edPersons: number }>(),
      };
      const n = c.persons.value;
      if (n === null) {
        a.withheld++;
        acc.set(key, a);
        continue;
      }
      a.persons += n;
      if (c.ageBand === '75+') a.old += n;
      const ks = `${c.ageBand}\u0000${c.sex}`;
      a.byAgeSex.set(ks, (a.byAgeSex.get(ks) ?? 0) + n);
      const add = (t: [number, number], v: number | null) => {
        if (v === null) return;
        t[0] += v;
        t[1] += n;
      };
      add(a.ed, c.events['ed-visits'].value);
      const band = a.byBand.get(c.ageBand) ?? { persons: 0, ed: 0, edPersons: 0 };
      band.persons += n;
      if (c.events['ed-visits'].value !== null) {
        band.ed += c.events['ed-visits'].value;
        band.edPersons += n;
      }
      a.byBand.set(c.ageBand, band);
      add(a.adm, c.events['unplanned-admissions'].value);
      add(a.gp, c.events['gp-contacts'].value);
      add(a.cost, c.cost);
      acc.set(key, a);
    }
  }
  const rate = (t: [number, number], per: number) => (t[1] > 0 ? (per * t[0]) / t[1] : null);
  return {
    areas: [...acc.values()]
      .sort((a, b) => a.area.localeCompare(b.area) || a.year - b.year)
      .map((a) => ({
        area: a.area,
        year: a.year,
        persons: a.persons,
        share75plus: a.persons > 0 ? a.old / a.persons : null,
        perThousand: {
          'ed-visits': rate(a.ed, 1000),
          'unplanned-admissions': rate(a.adm, 1000),
          'gp-contacts': rate(a.gp, 1000),
        },
        costPerInhabitant: rate(a.cost, 1),
        withheldCells: a.withheld,
        byAgeSex: [...a.byAgeSex.entries()].map(([k, persons]) => {
          const [ageBand, sex] = k.split('\u0000') as [string, string];
          return { ageBand, sex, persons };
        }),
        byAgeBand: [...a.byBand.entries()].map(([ageBand, b]) => ({
          ageBand,
          persons: b.persons,
          edVisits: b.ed,
          edPersons: b.edPersons,
        })),
      })),
  };
}

import type { StationPartial } from '../analytics/algorithm.ts';
import type { HybridCarePartial } from './hybrid-care-schemas.ts';

/** The national ambitions for digital care (Zorgverzekeraars Nederland, 2024) the figures are held against. */
export const AMBITIONS = {
  digitalShare: {
    target: 0.1,
    nl: 'Minstens 10% van alle patiënten krijgt digitale zorg (eind 2024)',
    en: 'At least 10% of all patients receive digital care (end 2024)',
  },
  hybridPathways: {
    target: 0.25,
    nl: 'Minstens 25% van de zorgpaden heeft een hybride opzet',
    en: 'At least 25% of care pathways have a hybrid design',
  },
  hybridWithInclusion: {
    target: 0.7,
    inclusion: 0.5,
    nl: '70% van de geschikte zorgpaden is hybride met minstens 50% inclusie (eind 2025)',
    en: '70% of suitable care pathways are hybrid with at least 50% inclusion (end 2025)',
  },
} as const;

const add = (a: { n: number; v: number }, n: number | null, v: number | null) => {
  if (n === null || v === null) return;
  a.n += n;
  a.v += v;
};
const share = (a: { n: number; v: number }) => (a.n > 0 ? a.v / a.n : null);

export interface HybridCareYear {
  year: number;
  /** Share of patients with a virtual contact, of those with any contact (released counts summed). */
  digitalShare: number | null;
  virtualContactShare: number | null;
  gpShare: number | null;
  hospitalShare: number | null;
  pathways: { name: string; patients: number; inclusion: number | null; hybrid: boolean }[];
  /** Per province: patients with any contact and the share with a virtual one (released counts). */
  byRegion: { region: string; patients: number; digitalShare: number | null }[];
  ambitions: {
    key: string;
    nl: string;
    en: string;
    target: number;
    value: number | null;
    met: boolean | null;
  }[];
}

/** Sums released counts over stations and regions per year and holds them against the ambitions. */
export function combineHybridCare(partials: StationPartial<HybridCarePartial>[]): {
  years: HybridCareYear[];
} {
  const years = [...new Set(partials.flatMap((p) => p.output.groups.map((g) => g.year)))].sort();
  return {
    years: years.map((year) => {
      const all = { n: 0, v: 0 };
      const contacts = { n: 0, v: 0 };
      const gp = { n: 0, v: 0 };
      const hosp = { n: 0, v: 0 };
      const pw = new Map<string, { n: number; v: number }>();
      const regions = new Map<string, { n: number; v: number }>();
      for (const p of partials)
        for (const g of p.output.groups.filter((x) => x.year === year)) {
          add(all, g.all.patients.value, g.all.virtualPatients.value);
          const r = regions.get(g.region) ?? { n: 0, v: 0 };
          add(r, g.all.patients.value, g.all.virtualPatients.value);
          regions.set(g.region, r);
          add(contacts, g.contacts, g.virtualContacts);
          add(gp, g.gp.patients.value, g.gp.virtualPatients.value);
          add(hosp, g.hospital.patients.value, g.hospital.virtualPatients.value);
          for (const x of g.pathways) {
            const a = pw.get(x.name) ?? { n: 0, v: 0 };
            add(a, x.patients.value, x.virtualPatients.value);
            pw.set(x.name, a);
          }
        }
      const pathways = [...pw.entries()].map(([name, a]) => ({
        name,
        patients: a.n,
        inclusion: share(a),
        hybrid: a.v > 0,
      }));
      const hybridShare = pathways.length ? pathways.filter((p) => p.hybrid).length / pathways.length : null;
      const withInclusion = pathways.length
        ? pathways.filter((p) => p.hybrid && (p.inclusion ?? 0) >= AMBITIONS.hybridWithInclusion.inclusion)
            .length / pathways.length
        : null;
      const digitalShare = share(all);
      const ambition = (key: keyof typeof AMBITIONS, value: number | null) => ({
        key,
        nl: AMBITIONS[key].nl,
        en: AMBITIONS[key].en,
        target: AMBITIONS[key].target,
        value,
        met: value === null ? null : value >= AMBITIONS[key].target,
      });
      return {
        year,
        digitalShare,
        virtualContactShare: share(contacts),
        gpShare: share(gp),
        hospitalShare: share(hosp),
        pathways,
        byRegion: [...regions.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([region, r]) => ({ region, patients: r.n, digitalShare: share(r) })),
        ambitions: [
          ambition('digitalShare', digitalShare),
          ambition('hybridPathways', hybridShare),
          ambition('hybridWithInclusion', withInclusion),
        ],
      };
    }),
  };
}

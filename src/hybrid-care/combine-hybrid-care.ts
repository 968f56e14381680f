import type { StationPartial } from '../analytics/algorithm.ts';
import { DEPRIVATION_GROUPS, type DeprivationGroup } from '../regional/neighbourhood-status.ts';
import { AGE_BANDS } from '../regional/regional-picture-schemas.ts';
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

/** Patients (released counts summed) and the share of them with a virtual contact, in one group. */
export interface GroupShare {
  patients: number;
  virtualPatients: number;
  share: number | null;
}

/**
 * Ratio of the share with a virtual contact in deprivation quintile 1 (most deprived) to that in quintile
 * 5 (least deprived), with a 95% CI (log scale, delta method: SE² = 1/a − 1/n₁ + 1/c − 1/n₂ on the
 * released, rounded counts). Below 1: the most deprived neighbourhoods get less digital care.
 */
export interface DeprivationGradient {
  ratio: number;
  low: number;
  high: number;
}

type Acc = { n: number; v: number };
const groupShare = (a: Acc): GroupShare => ({ patients: a.n, virtualPatients: a.v, share: share(a) });

/** The Q1/Q5 ratio of shares with its CI, or null when a quintile has no released patients or no virtual ones. */
export function deprivationGradient(q1: Acc, q5: Acc): DeprivationGradient | null {
  if (q1.n <= 0 || q5.n <= 0 || q1.v <= 0 || q5.v <= 0) return null;
  const ratio = q1.v / q1.n / (q5.v / q5.n);
  const se = Math.sqrt(Math.max(0, 1 / q1.v - 1 / q1.n + 1 / q5.v - 1 / q5.n));
  return { ratio, low: ratio * Math.exp(-1.96 * se), high: ratio * Math.exp(1.96 * se) };
}

const deprivationTable = (m: Map<DeprivationGroup, Acc>) =>
  DEPRIVATION_GROUPS.map((group) => ({ group, ...groupShare(m.get(group) ?? { n: 0, v: 0 }) }));
const gradientOf = (m: Map<DeprivationGroup, Acc>) =>
  deprivationGradient(m.get('Q1') ?? { n: 0, v: 0 }, m.get('Q5') ?? { n: 0, v: 0 });

export interface HybridCareMonth {
  month: string;
  patients: number;
  digitalShare: number | null;
  contacts: number;
  virtualContactShare: number | null;
}

export interface HybridCarePathway {
  name: string;
  patients: number;
  inclusion: number | null;
  hybrid: boolean;
  /** Inclusion by age band and by sex: the released age-sex cells summed (withheld cells left out). */
  byAgeBand: ({ ageBand: string } & GroupShare)[];
  bySex: ({ sex: string } & GroupShare)[];
  /** Inclusion by the deprivation quintile of the patient's PC4. */
  byDeprivation: ({ group: DeprivationGroup } & GroupShare)[];
  deprivationGradient: DeprivationGradient | null;
}

export interface HybridCareYear {
  year: number;
  /** Share of patients with a virtual contact, of those with any contact (released counts summed). */
  digitalShare: number | null;
  virtualContactShare: number | null;
  gpShare: number | null;
  hospitalShare: number | null;
  pathways: HybridCarePathway[];
  /** All patients with a contact by the deprivation quintile of their PC4, and the Q1/Q5 gradient. */
  byDeprivation: ({ group: DeprivationGroup } & GroupShare)[];
  deprivationGradient: DeprivationGradient | null;
  /** Per calendar month over all stations and provinces (released counts summed). */
  months: HybridCareMonth[];
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
      const pwBand = new Map<string, Map<string, Acc>>();
      const pwSex = new Map<string, Map<string, Acc>>();
      const pwDep = new Map<string, Map<DeprivationGroup, Acc>>();
      const dep = new Map<DeprivationGroup, Acc>();
      const months = new Map<string, { p: Acc; c: Acc }>();
      const regions = new Map<string, { n: number; v: number }>();
      const into = <K>(m: Map<K, Acc>, k: K, n: number | null, v: number | null) => {
        const a = m.get(k) ?? { n: 0, v: 0 };
        add(a, n, v);
        m.set(k, a);
      };
      const nested = <K>(m: Map<string, Map<K, Acc>>, name: string) => {
        const inner = m.get(name) ?? new Map<K, Acc>();
        m.set(name, inner);
        return inner;
      };
      for (const p of partials)
        for (const g of p.output.groups.filter((x) => x.year === year)) {
          add(all, g.all.patients.value, g.all.virtualPatients.value);
          const r = regions.get(g.region) ?? { n: 0, v: 0 };
          add(r, g.all.patients.value, g.all.virtualPatients.value);
          regions.set(g.region, r);
          add(contacts, g.contacts, g.virtualContacts);
          add(gp, g.gp.patients.value, g.gp.virtualPatients.value);
          add(hosp, g.hospital.patients.value, g.hospital.virtualPatients.value);
          for (const d of g.byDeprivation) into(dep, d.group, d.patients.value, d.virtualPatients.value);
          for (const m of g.months) {
            const a = months.get(m.month) ?? { p: { n: 0, v: 0 }, c: { n: 0, v: 0 } };
            add(a.p, m.patients.value, m.virtualPatients.value);
            add(a.c, m.contacts, m.virtualContacts);
            months.set(m.month, a);
          }
          for (const x of g.pathways) {
            const a = pw.get(x.name) ?? { n: 0, v: 0 };
            add(a, x.patients.value, x.virtualPatients.value);
            pw.set(x.name, a);
            const band = nested<string>(pwBand, x.name);
            const sex = nested<string>(pwSex, x.name);
            for (const c of x.byAgeSex) {
              into(band, c.ageBand, c.patients.value, c.virtualPatients.value);
              into(sex, c.sex, c.patients.value, c.virtualPatients.value);
            }
            const d = nested<DeprivationGroup>(pwDep, x.name);
            for (const c of x.byDeprivation) into(d, c.group, c.patients.value, c.virtualPatients.value);
          }
        }
      const pathways = [...pw.entries()].map(([name, a]) => ({
        name,
        patients: a.n,
        inclusion: share(a),
        hybrid: a.v > 0,
        byAgeBand: AGE_BANDS.map((b) => ({
          ageBand: b.label,
          ...groupShare(pwBand.get(name)?.get(b.label) ?? { n: 0, v: 0 }),
        })),
        bySex: ['female', 'male'].map((sex) => ({
          sex,
          ...groupShare(pwSex.get(name)?.get(sex) ?? { n: 0, v: 0 }),
        })),
        byDeprivation: deprivationTable(pwDep.get(name) ?? new Map()),
        deprivationGradient: gradientOf(pwDep.get(name) ?? new Map()),
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
        byDeprivation: deprivationTable(dep),
        deprivationGradient: gradientOf(dep),
        months: [...months.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([month, a]) => ({
            month,
            patients: a.p.n,
            digitalShare: share(a.p),
            contacts: a.c.n,
            virtualContactShare: share(a.c),
          })),
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

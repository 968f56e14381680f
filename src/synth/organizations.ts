import { PRACTICE_NAMES } from './dutch-names.ts';
import type { Municipality, Province } from './dutch-regions.ts';
import { Prng } from './prng.ts';

/**
 * The care organisations of the synthetic world: hospitals (per province), GP practices (three per
 * municipality), health insurers and the neighbourhood clinic of the intervention. Their ids depend only
 * on their names, not on the seed, so organisations are the same across generated datasets.
 */
export interface Org {
  readonly id: string;
  readonly name: string;
  readonly kind: 'hospital' | 'gp' | 'insurer' | 'clinic';
  readonly city?: string;
  readonly province?: string;
}

/** Market shares (approximate, 2024) of the basic health insurance groups. */
export const INSURERS: readonly { name: string; share: number }[] = [
  { name: 'Zilveren Kruis', share: 0.3 },
  { name: 'VGZ', share: 0.24 },
  { name: 'CZ', share: 0.22 },
  { name: 'Menzis', share: 0.13 },
  { name: 'DSW', share: 0.07 },
  { name: 'ONVZ', share: 0.04 },
];

export const GP_PRACTICES_PER_MUNICIPALITY = 3;

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable UUID-shaped id for a name. */
export function stableId(name: string): string {
  return new Prng(hash(name), 0x5eed).uuid();
}

export function hospitalOrg(province: Province, name: string): Org {
  return { id: stableId(`hospital:${name}`), name, kind: 'hospital', province: province.name };
}

export function gpPracticeOrg(province: Province, municipality: Municipality, n: number): Org {
  const base = hash(municipality.name);
  const practice = PRACTICE_NAMES[(base + n * 3) % PRACTICE_NAMES.length] ?? 'Centrum';
  const name = n === 2 ? `Gezondheidscentrum ${practice}` : `Huisartsenpraktijk ${practice}`;
  return {
    id: stableId(`gp:${municipality.name}:${n}`),
    name,
    kind: 'gp',
    city: municipality.name,
    province: province.name,
  };
}

export function insurerOrg(name: string): Org {
  return { id: stableId(`insurer:${name}`), name, kind: 'insurer' };
}

export function clinicOrg(province: Province, municipality: Municipality): Org {
  return {
    id: stableId(`clinic:${municipality.name}`),
    name: `Wijkkliniek ${municipality.name}`,
    kind: 'clinic',
    city: municipality.name,
    province: province.name,
  };
}

/** Every organisation that patients of `provinces` can refer to, in a fixed order. */
export function organisationsFor(provinces: readonly Province[], clinic: Org): Org[] {
  const out: Org[] = [];
  for (const p of provinces) {
    for (const h of p.hospitals) out.push(hospitalOrg(p, h));
    for (const mu of p.municipalities) {
      for (let n = 0; n < GP_PRACTICES_PER_MUNICIPALITY; n++) out.push(gpPracticeOrg(p, mu, n));
    }
  }
  for (const i of INSURERS) out.push(insurerOrg(i.name));
  out.push(clinic);
  return out;
}

/** Subgroup keys the platform reports on (fairness, representativeness, tables). */
export const SubgroupKeys = {
  sex: 'administrative sex (male, female, other, unknown)',
  ageBand: 'age at the index date in 10-year bands, 90+ as the last',
  region: 'province',
} as const;
export type SubgroupKey = keyof typeof SubgroupKeys;

/** The 10-year band of an age in years: '0-9', …, '80-89', '90+'. */
export function ageBand(age: number): string {
  if (age >= 90) return '90+';
  const lo = Math.max(0, Math.floor(age / 10) * 10);
  return `${lo}-${lo + 9}`;
}

/** All age bands in order. */
export const AGE_BANDS: readonly string[] = [
  ...Array.from({ length: 9 }, (_, k) => `${k * 10}-${k * 10 + 9}`),
  '90+',
];

/** The subgroup value of row i. */
export function subgroupOf(
  key: SubgroupKey,
  m: { sex: string[]; region: string[]; age: Float64Array },
  i: number,
): string {
  if (key === 'sex') return m.sex[i]!;
  if (key === 'region') return m.region[i]!;
  return ageBand(m.age[i]!);
}

import type { DisclosurePolicy } from '../../src/privacy/disclosure/disclosure-policy.ts';

/**
 * Exact patients left after each attrition step of the test cohorts, by hand-written DuckDB SQL on a
 * station's tables: written from the cohort language's documentation (examples/cohorts/README.md,
 * WindowSchema), not from the compiler, so a compiler bug shows as a difference. Keyed by cohort name.
 */
const NOT_OBJECTED = `NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = e.patient_id
  AND c.decision = 'deny' AND c.purpose = 'research')`;
const AGE = `date_sub('year', CAST(s.birth_date AS TIMESTAMP), s.t)`;

/** `WITH s0 … sN` then one row per step: `{ step, n }` distinct patients. */
function chain(steps: string[]): string {
  const ctes = steps.map((body, k) => `s${k} AS (${body})`).join(',\n');
  const counts = steps
    .map((_, k) => `SELECT ${k} AS step, count(DISTINCT patient_id) AS n FROM s${k}`)
    .join(' UNION ALL ');
  return `WITH ${ctes}\n${counts} ORDER BY step`;
}

/** Entry rows (patient_id, t) joined to the patient, objectors to research removed. */
const entry = (events: string) =>
  `SELECT e.patient_id, e.t, p.birth_date, p.sex, p.region FROM (${events}) e
   JOIN patient p ON p.id = e.patient_id WHERE ${NOT_OBJECTED}`;

export const HAND_COUNTS: Record<string, string> = {
  'Type 2 diabetes with poor glycaemic control': chain([
    entry(`SELECT patient_id, min(onset_date) AS t FROM condition
           WHERE (code = '44054006' OR icd10 LIKE 'E11%') AND onset_date IS NOT NULL GROUP BY patient_id`),
    `SELECT * FROM s0 s WHERE s.birth_date IS NOT NULL AND ${AGE} BETWEEN 40 AND 80`,
    `SELECT * FROM s1 s WHERE EXISTS (SELECT 1 FROM observation o WHERE o.patient_id = s.patient_id
       AND o.code IN ('59261-8', '4548-4') AND o.unit = 'mmol/mol' AND o.value > 53
       AND o.effective_time >= s.t AND o.effective_time <= s.t + INTERVAL 365 DAY)`,
  ]),
  'Frail elderly with repeated ED visits': chain([
    entry(`SELECT patient_id, min(start_time) AS t FROM encounter
           WHERE class_code IN ('AMB', 'EMER', 'IMP', 'VR', 'HH')
             AND start_time >= TIMESTAMP '2024-01-01' AND start_time < TIMESTAMP '2025-01-01'
           GROUP BY patient_id`),
    `SELECT * FROM s0 s WHERE s.birth_date IS NOT NULL AND ${AGE} >= 75`,
    `SELECT * FROM s1 s WHERE (SELECT count(*) FROM encounter v WHERE v.patient_id = s.patient_id
       AND v.class_code = 'EMER' AND v.start_time >= s.t - INTERVAL 365 DAY AND v.start_time < s.t) >= 2`,
  ]),
  'COPD with telemonitoring': chain([
    entry(`SELECT DISTINCT patient_id, onset_date AS t FROM condition
           WHERE (code IN ('13645005', '185086009') OR icd10 LIKE 'J44%') AND onset_date IS NOT NULL`),
    `SELECT * FROM s0 s WHERE s.birth_date IS NOT NULL AND ${AGE} >= 40`,
    `SELECT * FROM s1 s WHERE EXISTS (SELECT 1 FROM encounter v WHERE v.patient_id = s.patient_id
       AND v.virtual_kind = 'telemonitoring' AND v.start_time >= s.t AND v.start_time <= s.t + INTERVAL 365 DAY)`,
    `SELECT * FROM s2 s WHERE (SELECT count(*) FROM encounter v WHERE v.patient_id = s.patient_id
       AND v.class_code = 'IMP' AND v.priority = 'EM'
       AND v.start_time >= s.t AND v.start_time <= s.t + INTERVAL 365 DAY) <= 1`,
  ]),
  'Heart failure with an unplanned admission': chain([
    entry(`SELECT patient_id, min(onset_date) AS t FROM condition
           WHERE (code IN ('84114007', '88805009', '42343007') OR icd10 LIKE 'I50%') AND onset_date IS NOT NULL
           GROUP BY patient_id`),
    `SELECT * FROM s0 s WHERE s.birth_date IS NOT NULL AND ${AGE} >= 18`,
    `SELECT * FROM s1 s WHERE EXISTS (SELECT 1 FROM encounter v WHERE v.patient_id = s.patient_id
       AND v.class_code = 'IMP' AND v.priority = 'EM' AND v.start_time >= s.t AND v.start_time <= s.t + INTERVAL 365 DAY)`,
    `SELECT * FROM s2 s WHERE NOT EXISTS (SELECT 1 FROM procedure x WHERE x.patient_id = s.patient_id
       AND x.code = '32413006' AND x.performed_time >= s.t - INTERVAL 36500 DAY AND x.performed_time < s.t)`,
  ]),
  'Adults with a GP contact in 2024, no COPD ever': chain([
    entry(`SELECT patient_id, min(start_time) AS t FROM encounter WHERE setting = 'gp'
           AND start_time >= TIMESTAMP '2024-01-01' AND start_time < TIMESTAMP '2025-01-01' GROUP BY patient_id`),
    `SELECT * FROM s0 s WHERE s.birth_date IS NOT NULL AND ${AGE} >= 18`,
    `SELECT * FROM s1 s WHERE NOT EXISTS (SELECT 1 FROM condition c WHERE c.patient_id = s.patient_id
       AND (c.code = '13645005' OR c.icd10 LIKE 'J44%'))`,
  ]),
  'Women on glucose-lowering drugs with repeated HbA1c, north and centre': chain([
    entry(`SELECT DISTINCT patient_id, authored_on AS t FROM medication
           WHERE code LIKE 'A10%' AND authored_on IS NOT NULL`),
    `SELECT * FROM s0 s WHERE s.sex = 'female'`,
    `SELECT * FROM s1 s WHERE s.region IN ('Groningen', 'Utrecht')`,
    `SELECT * FROM s2 s WHERE (SELECT count(*) FROM observation o WHERE o.patient_id = s.patient_id
       AND o.code = '4548-4' AND o.effective_time >= s.t - INTERVAL 365 DAY
       AND o.effective_time <= s.t + INTERVAL 365 DAY) >= 2`,
  ]),
};

/**
 * The published rule applied to exact attrition counts, written out again here, for one cohort on its
 * own: a count below the threshold is withheld; going back from the last step, a step whose count
 * differs from the next released one by 1..threshold−1 is withheld (the two would give that small
 * group); every released count is the step's own count rounded to the nearest multiple of `rounding`.
 * Returns released values (null = withheld). Earlier answers at the station may withhold more.
 */
export function publishedAttrition(exact: readonly number[], policy: DisclosurePolicy): (number | null)[] {
  const out: (number | null)[] = new Array(exact.length).fill(null);
  let next: number | undefined;
  for (let k = exact.length - 1; k >= 0; k--) {
    const n = exact[k]!;
    if (n < policy.threshold) continue;
    if (next !== undefined && n - next > 0 && n - next < policy.threshold) continue;
    out[k] = Math.round(n / policy.rounding) * policy.rounding;
    next = n;
  }
  return out;
}

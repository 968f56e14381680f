import type { CompiledQuery, SqlCompiler } from '../../store/dialect/sql-compiler.ts';
import type { CohortNode, CohortPlan, EventSourceNode, NodeVisitors, StepNode } from '../cohort-nodes.ts';
import { visitNode } from '../cohort-nodes.ts';

export type { CompiledQuery };

/** Columns every step carries: the patient, its entry event and what demographics need. */
const STEP_COLUMNS = ['patient_id', 'entry_time', 'birth_date', 'sex', 'region', 'municipality'] as const;

/**
 * Compiles a planned cohort to SQL shared by every engine. What differs between engines (date arithmetic)
 * is an expression of the dialect's {@link SqlCompiler}, which a dialect overrides only where it differs;
 * a new query shape is a method here and compiles for every engine. One instance compiles one query: its
 * parameters are bound in the given SqlCompiler, which a larger query (feature SQL) may share.
 *
 * Query shape (documented in docs/decisions/cohort.md): a chain of CTEs `s0 … sN`, one per step.
 * `s0` takes the entry events from their table, pre-filtered by code (`code IN (…)`), joins `patient`
 * once (before grouping, so the small event set is the hash side), and removes objectors with an
 * anti-join on `consent`. Each later step filters the
 * step before: demographics by plain predicates, criteria by `EXISTS` / `NOT EXISTS` semi-joins
 * (engines turn them into hash semi-joins, never a per-row subquery), and occurrence counts other
 * than "at least one" / "none" by one `LEFT JOIN … GROUP BY … HAVING count`.
 */
export class CohortSqlCompiler {
  protected readonly visitors: NodeVisitors<string>;

  constructor(protected readonly q: SqlCompiler) {
    this.visitors = {
      conditionEvents: (n) => this.conditionEvents(n),
      observationEvents: (n) => this.observationEvents(n),
      encounterEvents: (n) => this.encounterEvents(n),
      medicationEvents: (n) => this.medicationEvents(n),
      procedureEvents: (n) => this.procedureEvents(n),
      entryStep: (n) => this.entryStep(n),
      ageStep: (n) => this.ageStep(n),
      attributeStep: (n) => this.attributeStep(n),
      windowStep: (n) => this.windowStep(n),
    };
  }

  // --- helpers -----------------------------------------------------------------------------------

  protected param(value: unknown): string {
    return this.q.param(value);
  }

  protected inList(column: string, values: readonly string[]): string {
    return this.q.inList(column, values);
  }

  /**
   * Patients who objected to `purpose` are never analysed: the one place this rule is written, for
   * cohorts and for every query built on them (feature SQL). An anti-join on `consent`.
   */
  notObjected(patientId: string, purpose: string): string {
    return (
      `NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = ${patientId} AND c.decision = 'deny' ` +
      `AND c.purpose = ${this.param(purpose)})`
    );
  }

  protected visit(node: CohortNode): string {
    return visitNode(this.visitors, node);
  }

  // --- event sources -----------------------------------------------------------------------------

  protected conditionEvents(n: Extract<EventSourceNode, { kind: 'conditionEvents' }>): string {
    const match = this.q.anyOf([
      n.codes.length ? this.inList('code', n.codes) : '',
      n.icd10Prefixes.length ? this.q.prefixes('icd10', n.icd10Prefixes) : '',
    ]);
    return `SELECT patient_id, onset_date AS t FROM condition WHERE ${match}`;
  }

  protected observationEvents(n: Extract<EventSourceNode, { kind: 'observationEvents' }>): string {
    const where = [n.codes.length ? this.inList('code', n.codes) : 'FALSE'];
    if (n.unit !== undefined) where.push(`unit = ${this.param(n.unit)}`);
    const v = n.value;
    if (v?.gt !== undefined) where.push(`value > ${this.param(v.gt)}`);
    if (v?.gte !== undefined) where.push(`value >= ${this.param(v.gte)}`);
    if (v?.lt !== undefined) where.push(`value < ${this.param(v.lt)}`);
    if (v?.lte !== undefined) where.push(`value <= ${this.param(v.lte)}`);
    return `SELECT patient_id, effective_time AS t FROM observation WHERE ${where.join(' AND ')}`;
  }

  protected encounterEvents(n: Extract<EventSourceNode, { kind: 'encounterEvents' }>): string {
    const where: string[] = [];
    if (n.classCodes.length) where.push(this.inList('class_code', n.classCodes));
    if (n.settings.length) where.push(this.inList('setting', n.settings));
    if (n.virtualKinds.length) where.push(this.inList('virtual_kind', n.virtualKinds));
    if (n.priorities.length) where.push(this.inList('priority', n.priorities));
    return `SELECT patient_id, start_time AS t FROM encounter WHERE ${where.length ? where.join(' AND ') : 'FALSE'}`;
  }

  protected medicationEvents(n: Extract<EventSourceNode, { kind: 'medicationEvents' }>): string {
    const match = n.atcPrefixes.length ? this.q.prefixes('code', n.atcPrefixes) : 'FALSE';
    return `SELECT patient_id, authored_on AS t FROM medication WHERE ${match}`;
  }

  protected procedureEvents(n: Extract<EventSourceNode, { kind: 'procedureEvents' }>): string {
    const match = n.codes.length ? this.inList('code', n.codes) : 'FALSE';
    return `SELECT patient_id, performed_time AS t FROM procedure WHERE ${match}`;
  }

  // --- steps (each is the body of CTE s_k; `prev` is s_{k-1}) --------------------------------------

  private prev = '';

  protected entryStep(n: Extract<StepNode, { kind: 'entryStep' }>): string {
    const range = ['e.t IS NOT NULL'];
    if (n.from) range.push(`e.t >= ${this.q.timestamp(n.from)}`);
    if (n.to) range.push(`e.t < ${this.q.shiftDays(this.q.timestamp(n.to), '+', 1)}`);
    // `patient` is joined to the code-filtered events before grouping, not to the grouped result: the
    // planners cannot estimate how many patients a GROUP BY leaves, and DuckDB then built its hash table
    // on all of `patient` (1M rows) instead of on the ~100k events, most of the query's time. The
    // patient columns are aggregates (one patient row per id) so the grouping key stays one column.
    const from = `FROM (${this.visit(n.source)}) e JOIN patient p ON p.id = e.patient_id WHERE ${range.join(' AND ')}`;
    const events = n.first
      ? 'SELECT e.patient_id, min(e.t) AS entry_time, min(p.birth_date) AS birth_date, min(p.sex) AS sex, ' +
        `min(p.region) AS region, min(p.municipality) AS municipality ${from} GROUP BY e.patient_id`
      : `SELECT DISTINCT e.patient_id, e.t AS entry_time, p.birth_date, p.sex, p.region, p.municipality ${from}`;
    // The consent anti-join stays outside the grouping so the planners can apply demographic filters
    // of the next steps first (PostgreSQL otherwise probes consent once per entry event).
    return `SELECT x.* FROM (${events}) x WHERE ${this.notObjected('x.patient_id', n.purpose)}`;
  }

  protected ageStep(n: Extract<StepNode, { kind: 'ageStep' }>): string {
    const age = this.q.ageYears('s.birth_date', 's.entry_time');
    const where = ['s.birth_date IS NOT NULL'];
    if (n.min !== undefined) where.push(`${age} >= ${this.param(n.min)}`);
    if (n.max !== undefined) where.push(`${age} <= ${this.param(n.max)}`);
    return `SELECT s.* FROM ${this.prev} s WHERE ${where.join(' AND ')}`;
  }

  protected attributeStep(n: Extract<StepNode, { kind: 'attributeStep' }>): string {
    // The column name comes from a closed set in the node type, never from input text.
    return `SELECT s.* FROM ${this.prev} s WHERE ${this.inList(`s.${n.column}`, n.values)}`;
  }

  protected windowCondition(n: Extract<StepNode, { kind: 'windowStep' }>): string {
    const w = n.window;
    if (!w) return 'TRUE';
    const lower = w.direction === 'after' ? 's.entry_time' : this.q.shiftDays('s.entry_time', '-', w.days);
    const upper =
      w.direction === 'before'
        ? 'ev.t < s.entry_time'
        : `ev.t <= ${this.q.shiftDays('s.entry_time', '+', w.days)}`;
    return `ev.t >= ${lower} AND ${upper}`;
  }

  protected windowStep(n: Extract<StepNode, { kind: 'windowStep' }>): string {
    const { type, count } = n.occurrence;
    const none = count === 0 && type !== 'atLeast';
    const always = count === 0 && type === 'atLeast';
    if (always) return `SELECT s.* FROM ${this.prev} s${n.exclude ? ' WHERE FALSE' : ''}`;
    if (none || (type === 'atLeast' && count === 1)) {
      const wantsEvent = none === n.exclude;
      const source = this.visit(n.source);
      const semi = `EXISTS (SELECT 1 FROM (${source}) ev WHERE ev.patient_id = s.patient_id AND ${this.windowCondition(n)})`;
      return `SELECT s.* FROM ${this.prev} s WHERE ${wantsEvent ? '' : 'NOT '}${semi}`;
    }
    const source = this.visit(n.source);
    const on = `ev.patient_id = s.patient_id AND ${this.windowCondition(n)}`;
    const op = { atLeast: '>=', atMost: '<=', exactly: '=' }[type];
    const test = `count(ev.patient_id) ${op} ${this.param(count)}`;
    const cols = STEP_COLUMNS.map((c) => `s.${c}`).join(', ');
    return (
      `SELECT ${cols} FROM ${this.prev} s LEFT JOIN (${source}) ev ON ${on} ` +
      `GROUP BY ${cols} HAVING ${n.exclude ? `NOT (${test})` : test}`
    );
  }

  // --- whole queries -------------------------------------------------------------------------------

  /** `WITH s0 AS (…), …, s{upTo} AS (…)`. */
  protected stepChain(plan: CohortPlan, upTo: number): string {
    const ctes: string[] = [];
    for (let k = 0; k <= upTo; k++) {
      this.prev = `s${k - 1}`;
      const step = plan.steps[k];
      if (!step) throw new Error(`step ${k} does not exist`);
      ctes.push(`s${k} AS (${this.visit(step.node)})`);
    }
    return `WITH ${ctes.join(',\n')}`;
  }

  private done(sql: string): CompiledQuery {
    return this.q.compiled(sql);
  }

  /**
   * The cohort's patients as a subquery (`SELECT DISTINCT patient_id …`) for a larger query: its values
   * are bound in this compiler's {@link SqlCompiler}, numbered after those the larger query bound before.
   */
  patientsSql(plan: CohortPlan): string {
    const last = plan.steps.length - 1;
    return `${this.stepChain(plan, last)}\nSELECT DISTINCT patient_id FROM s${last}`;
  }

  /** Exact number of distinct patients in the cohort: one row `{ n }`. */
  compileCount(plan: CohortPlan): CompiledQuery {
    const last = plan.steps.length - 1;
    return this.done(`${this.stepChain(plan, last)}\nSELECT count(DISTINCT patient_id) AS n FROM s${last}`);
  }

  /** The cohort's patients: rows `{ patient_id }`, one per patient (for analyses on a cohort). */
  compilePatients(plan: CohortPlan): CompiledQuery {
    return this.done(this.patientsSql(plan));
  }

  /**
   * Who is left after which step, one row per patient of the entry step: `{ patient_id, reached }`, the
   * last step the patient passed. Steps only filter the step before, so the patients left after step k
   * are those with `reached >= k`: every attrition count and the set behind it come from this one query.
   */
  compileAttritionMembers(plan: CohortPlan): CompiledQuery {
    const last = plan.steps.length - 1;
    const selects = plan.steps.map((_, k) => `SELECT DISTINCT patient_id, ${k} AS step FROM s${k}`);
    return this.done(
      `${this.stepChain(plan, last)}\nSELECT patient_id, max(step) AS reached FROM (${selects.join(' UNION ALL ')}) m ` +
        'GROUP BY patient_id ORDER BY patient_id',
    );
  }

  /**
   * The patients behind every characterisation number of the final cohort, at each patient's first
   * qualifying entry, in one query: rows `{ section, patient_id, key1, key2, key3, value_sum, value_n }`.
   * - `person`: one row per patient, `key1` the 10-year age band (lower bound), `key2` sex, `key3` region;
   * - `condition`: a patient with a condition of code `key1` with onset up to entry, for the `topN` codes
   *   held by most patients (at least `minCount`);
   * - `observation`: a patient with observations of code `key1` and unit `key2` within 365 days around
   *   entry, with the sum and number of their values, for the `topN` most frequent code/unit pairs.
   */
  compileCharacterisationMembers(plan: CohortPlan, opts: { topN: number; minCount: number }): CompiledQuery {
    const last = plan.steps.length - 1;
    const chain = this.stepChain(plan, last);
    const age = this.q.ageYears('k.birth_date', 'k.entry_time');
    const band = `CASE WHEN k.birth_date IS NULL THEN NULL ELSE CAST(floor(${age} / 10.0) * 10 AS INTEGER) END`;
    const cohort =
      `cohort AS (SELECT patient_id, min(entry_time) AS entry_time, min(birth_date) AS birth_date, ` +
      `min(sex) AS sex, min(region) AS region FROM s${last} GROUP BY patient_id)`;
    const lo = this.q.shiftDays('k.entry_time', '-', 365);
    const hi = this.q.shiftDays('k.entry_time', '+', 365);
    const conditionRows =
      'cond AS (SELECT DISTINCT c.patient_id, c.code FROM condition c JOIN cohort k ON k.patient_id = c.patient_id ' +
      'WHERE c.onset_date <= k.entry_time)';
    const topConditions =
      `top_cond AS (SELECT code FROM cond GROUP BY code HAVING count(*) >= ${this.param(opts.minCount)} ` +
      `ORDER BY count(*) DESC, code LIMIT ${this.param(opts.topN)})`;
    const observationRows =
      'obs AS (SELECT o.patient_id, o.code, o.unit, sum(o.value) AS value_sum, count(o.value) AS value_n ' +
      'FROM observation o JOIN cohort k ON k.patient_id = o.patient_id ' +
      `WHERE o.value IS NOT NULL AND o.effective_time >= ${lo} AND o.effective_time <= ${hi} ` +
      'GROUP BY o.patient_id, o.code, o.unit)';
    const topObservations =
      `top_obs AS (SELECT code, unit FROM obs GROUP BY code, unit HAVING count(*) >= ${this.param(opts.minCount)} ` +
      `ORDER BY count(*) DESC, code, unit LIMIT ${this.param(opts.topN)})`;
    const sections = [
      `SELECT 'person' AS section, k.patient_id, CAST(${band} AS VARCHAR) AS key1, coalesce(k.sex, 'unknown') AS key2, ` +
        "coalesce(k.region, 'unknown') AS key3, CAST(NULL AS DOUBLE PRECISION) AS value_sum, CAST(NULL AS BIGINT) AS value_n FROM cohort k",
      "SELECT 'condition', c.patient_id, c.code, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), " +
        'CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS BIGINT) FROM cond c JOIN top_cond t ON t.code = c.code',
      "SELECT 'observation', o.patient_id, o.code, o.unit, CAST(NULL AS VARCHAR), CAST(o.value_sum AS DOUBLE PRECISION), " +
        'CAST(o.value_n AS BIGINT) FROM obs o JOIN top_obs t ON t.code = o.code AND o.unit IS NOT DISTINCT FROM t.unit',
    ];
    return this.done(
      `${chain},\n${cohort},\n${conditionRows},\n${topConditions},\n${observationRows},\n${topObservations}\n` +
        `${sections.join('\nUNION ALL\n')}\nORDER BY 1, 2, 3, 4`,
    );
  }
}

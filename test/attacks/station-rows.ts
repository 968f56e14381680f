import type { MemoryStation } from '../../src/analytics/testing/memory-station.ts';

/**
 * Rows an attack test plants in a memory station, written with plain INSERTs: the few patients whose
 * numbers the attacker is after, among enough others for every rule to pass.
 */
export interface PlantedPatient {
  id: string;
  birth: string;
  sex: 'male' | 'female';
  region: string;
  municipality: string;
  pc4?: string;
}

const lit = (v: string | number | null) =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;

async function insert(st: MemoryStation, table: string, rows: (string | number | null)[][]): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) {
    const values = rows
      .slice(at, at + 500)
      .map((r) => `(${r.map(lit).join(', ')})`)
      .join(', ');
    await st.connection.run(`INSERT INTO ${table} VALUES ${values}`);
  }
}

export class StationRows {
  private readonly patients: PlantedPatient[] = [];
  private readonly encounters: (string | number | null)[][] = [];
  private readonly costs: (string | number | null)[][] = [];
  private readonly conditions: (string | number | null)[][] = [];
  private next = 0;
  private nextPatient = 0;

  patient(p: PlantedPatient): this {
    this.patients.push(p);
    return this;
  }

  /**
   * `count` patients alike but for their ids (`p0`, `p1`, … in the order asked), each with a claim of
   * `claim` euro in May 2024 when given. Returns their ids.
   */
  people(count: number, like: Omit<PlantedPatient, 'id'>, claim?: number): string[] {
    const ids = Array.from({ length: count }, () => `p${this.nextPatient++}`);
    for (const id of ids) {
      this.patient({ id, ...like });
      if (claim !== undefined) this.claim(id, '2024-05-01', claim);
    }
    return ids;
  }

  /**
   * 15 patients (€100 each in 2024) in every age band × sex cell of an area but men of 75+, so the cells
   * an attack on old men looks at are not withheld to protect a small neighbour.
   */
  fillOtherCells(area: Omit<PlantedPatient, 'id' | 'birth' | 'sex'>): this {
    for (const [birth, sexes] of [
      ['2015-03-01', ['female', 'male']],
      ['1980-03-01', ['female', 'male']],
      ['1955-03-01', ['female', 'male']],
      ['1940-03-01', ['female']],
    ] as const)
      for (const sex of sexes) this.people(15, { ...area, birth, sex }, 100);
    return this;
  }

  /** An ED visit (class EMER) on `day` (`YYYY-MM-DD`). */
  edVisit(patient: string, day: string): this {
    const id = `e${this.next++}`;
    this.encounters.push([
      id,
      patient,
      'EMER',
      'ed',
      null,
      't',
      'EM',
      `${day} 10:00:00`,
      `${day} 12:00:00`,
      null,
    ]);
    return this;
  }

  /** An unplanned admission (inpatient, priority EM) on `day` (`YYYY-MM-DD`). */
  admission(patient: string, day: string): this {
    const id = `e${this.next++}`;
    this.encounters.push([
      id,
      patient,
      'IMP',
      'inpatient',
      null,
      't',
      'EM',
      `${day} 10:00:00`,
      `${day} 18:00:00`,
      null,
    ]);
    return this;
  }

  /** A claim of `euro` billed from `day`. */
  claim(patient: string, day: string, euro: number): this {
    this.costs.push([`k${this.next++}`, patient, null, `${day} 00:00:00`, euro, 'EUR']);
    return this;
  }

  /** A condition (SNOMED `code`) with onset on `day`. */
  condition(patient: string, code: string, day: string): this {
    this.conditions.push([
      `c${this.next++}`,
      patient,
      null,
      code,
      'http://snomed.info/sct',
      null,
      `${day} 00:00:00`,
      null,
      'active',
    ]);
    return this;
  }

  async write(st: MemoryStation): Promise<void> {
    await insert(
      st,
      'patient',
      this.patients.map((p) => [p.id, p.birth, p.sex, p.pc4 ?? '1000', p.region, p.municipality, null]),
    );
    await insert(st, 'encounter', this.encounters);
    await insert(st, 'cost', this.costs);
    await insert(st, 'condition', this.conditions);
  }
}

/** A row of the `runs` table as PGlite and pg return it (`select *`). */
export interface RunRow {
  id: string;
  permit_id: string;
  user_id: string;
  algorithm: unknown;
  input: unknown;
  /** The input of the current round (the run's input in round 0, then what the central half asked for). */
  round_input: unknown;
  round: number;
  status: 'running' | 'done' | 'failed';
  result: unknown;
  result_digest: string | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

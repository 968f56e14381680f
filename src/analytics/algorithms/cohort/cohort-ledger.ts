import type { DisclosureLedger } from '../../../privacy/disclosure/disclosure-ledger.ts';
import { MemoryLedger } from '../../../privacy/disclosure/disclosure-ledger.ts';

const processLedger = new MemoryLedger();

/**
 * The per-permit ledger of released cohort numbers. A station passes its persisted ledger (a
 * `JsonFileLedger` in the station folder) as `disclosureLedger` on the local context; without one,
 * a ledger for the life of the process is used, so differencing within one station process is
 * still refused.
 */
export function cohortLedger(ctx: object): DisclosureLedger {
  const given = (ctx as { disclosureLedger?: DisclosureLedger }).disclosureLedger;
  return given ?? processLedger;
}

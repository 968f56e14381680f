import { digestJson } from '../protocol/signing.ts';

/**
 * One line of a hash-chained audit log: who did what, when, under which permit, with which result
 * digest. `hash` covers every other field including `prevHash`, so editing, removing or reordering an
 * entry breaks the chain. Entries carry no patient data: digests and ids only.
 */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  permitId?: string;
  subject?: string;
  resultDigest?: string;
  details?: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditInput = Omit<AuditEntry, 'seq' | 'at' | 'prevHash' | 'hash'> & { at?: string };

export const GENESIS_HASH = '0'.repeat(64);

export function hashOfEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return digestJson(entry);
}

/**
 * The entries that follow `last` (the newest entry, or undefined for an empty log), one per input and
 * in order: each gets the next `seq`, links to the one before and carries its own hash.
 */
export function chainEntries(
  last: { seq: number; hash: string } | undefined,
  inputs: readonly AuditInput[],
  now: () => string = () => new Date().toISOString(),
): AuditEntry[] {
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  return inputs.map((input) => {
    const base: Omit<AuditEntry, 'hash'> = {
      seq: ++seq,
      at: input.at ?? now(),
      actor: input.actor,
      action: input.action,
      ...(input.permitId === undefined ? {} : { permitId: input.permitId }),
      ...(input.subject === undefined ? {} : { subject: input.subject }),
      ...(input.resultDigest === undefined ? {} : { resultDigest: input.resultDigest }),
      ...(input.details === undefined ? {} : { details: input.details }),
      prevHash,
    };
    const entry: AuditEntry = { ...base, hash: hashOfEntry(base) };
    prevHash = entry.hash;
    return entry;
  });
}

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

import { userInfo } from 'node:os';
import type { AuditEntry } from '../audit/index.ts';
import { digestJson } from '../protocol/signing.ts';
import { appendStationAudit } from './station-audit.ts';

/** One use of a station's data from its own command line (not a task from the hub, not an ingest). */
export interface LocalUse {
  /** The command, e.g. `station profile`, `cohort run`, `analyse`. */
  readonly command: string;
  /** What ran: an algorithm by name, version and (for registered algorithms) content hash. */
  readonly algorithm: { readonly name: string; readonly version: string; readonly hash?: string };
  /** The data version the answer was computed on. */
  readonly dataVersion: string;
  /** What was shown (its digest is recorded, never it), or undefined when nothing was shown. */
  readonly shown?: unknown;
  /** `shown`, or why nothing was: the station refused (disclosure control) or the run failed. */
  readonly outcome: 'shown' | 'refused' | 'failed';
  /** The input (cohort definition, analysis input): recorded as a digest, so a run can be matched to it. */
  readonly input?: unknown;
  readonly purpose?: string;
  /** The name under which a local run's releases are remembered (its ledger key). */
  readonly permitId?: string;
}

/**
 * Records a local use of the station's data in the station's audit chain, like a hub task: who (the
 * operating-system user), what (command, algorithm and version, a digest of the input), on which data
 * version, and a digest of what was shown. Never values or counts. Recorded before the answer is shown:
 * when it cannot be recorded, nothing is shown.
 */
export function recordLocalUse(stationDir: string, use: LocalUse): Promise<AuditEntry> {
  return appendStationAudit(stationDir, {
    actor: `os-user:${osUser()}`,
    action: 'data.used-locally',
    subject: use.dataVersion,
    ...(use.permitId ? { permitId: use.permitId } : {}),
    ...(use.outcome === 'shown' ? { resultDigest: digestJson(use.shown ?? null) } : {}),
    details: {
      command: use.command,
      algorithm: `${use.algorithm.name}@${use.algorithm.version}`,
      ...(use.algorithm.hash ? { algorithmHash: use.algorithm.hash } : {}),
      ...(use.input !== undefined ? { inputDigest: digestJson(use.input) } : {}),
      ...(use.purpose ? { purpose: use.purpose } : {}),
      outcome: use.outcome,
    },
  });
}

/** The name of the operating-system user running this process (its uid where it has no name). */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

import type { SignedAuditHead } from '../../protocol/audit-head.ts';
import { verifyAuditHead } from '../../protocol/audit-head-signature.ts';
import { json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';

/** The hub's answer to a signed head a station sent. */
export type AuditHeadAck = { accepted: true } | { accepted: false; problem: string };

/**
 * Takes the signed head of a station's audit chain (sent with its heartbeats and results) and keeps it
 * as the station's latest when it verifies with the key registered for the station and extends what the
 * hub held: more entries, or the same entries with the same hash. A head that does not verify, goes
 * back (fewer entries) or forks (the same entries, another hash) is refused: the hub keeps the head it
 * had, flags the station (shown in the station list) and records the refusal in its audit log.
 */
export async function recordStationAuditHead(
  ctx: HubContext,
  stationId: string,
  signed: SignedAuditHead,
): Promise<AuditHeadAck> {
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const stations = await tx.query<{ public_key_pem: string }>(
      'select public_key_pem from stations where id = $1',
      [stationId],
    );
    const publicKeyPem = stations[0]?.public_key_pem;
    const refuse = (problem: string) => ({ accepted: false as const, problem });
    if (signed.head.kind !== 'station-audit-head') return refuse('not the head of a station audit chain');
    if (!publicKeyPem || !verifyAuditHead(signed, publicKeyPem))
      return refuse("the head's signature does not verify with the key registered for this station");
    const held = await tx.query<{ entries: string | number; hash: string }>(
      'select entries, hash from station_audit_heads where station_id = $1 for update',
      [stationId],
    );
    const before = held[0] ? { entries: Number(held[0].entries), hash: held[0].hash } : undefined;
    const { entries, hash } = signed.head;
    if (before && entries < before.entries)
      return refuse(`the head goes back from entry ${before.entries} to entry ${entries}`);
    if (before && entries === before.entries && hash !== before.hash)
      return refuse(`the head forks the chain at entry ${entries} (another hash than the one held)`);
    if (before?.entries === entries) return { accepted: true as const };
    await tx.query(
      `insert into station_audit_heads (station_id, entries, hash, signed_head, received_at)
       values ($1, $2, $3, $4::jsonb, $5)
       on conflict (station_id) do update set entries = excluded.entries, hash = excluded.hash,
         signed_head = excluded.signed_head, received_at = excluded.received_at`,
      [stationId, entries, hash, JSON.stringify(signed), now],
    );
    return { accepted: true as const };
  });
  if (!outcome.accepted) {
    // Kept apart from the refused head's transaction, which changed nothing.
    await ctx.db.transaction(async (tx) => {
      await tx.query('update stations set audit_flag = $2, audit_flagged_at = $3 where id = $1', [
        stationId,
        outcome.problem,
        now,
      ]);
      await ctx.audit.recordIn(tx, [
        {
          actor: `station:${stationId}`,
          action: 'station.audit-head-refused',
          subject: stationId,
          details: { problem: outcome.problem, entries: signed.head.entries },
        },
      ]);
    });
    ctx.log.warn({ stationId, problem: outcome.problem }, 'station audit head refused');
  }
  return outcome;
}

/** The latest signed head the hub holds for a station, and the station's flag when one was raised. */
export async function stationAuditHead(
  ctx: HubContext,
  stationId: string,
): Promise<{ head?: SignedAuditHead; flag?: { problem: string; at: string } }> {
  const rows = await ctx.db.query<{
    signed_head: unknown;
    audit_flag: string | null;
    audit_flagged_at: Date | null;
  }>(
    `select h.signed_head, s.audit_flag, s.audit_flagged_at
     from stations s left join station_audit_heads h on h.station_id = s.id where s.id = $1`,
    [stationId],
  );
  const r = rows[0];
  if (!r) return {};
  return {
    ...(r.signed_head ? { head: json<SignedAuditHead>(r.signed_head) } : {}),
    ...(r.audit_flag && r.audit_flagged_at
      ? { flag: { problem: r.audit_flag, at: r.audit_flagged_at.toISOString() } }
      : {}),
  };
}

import type { AiSystem } from '../../api/governance-schemas.ts';
import { badInput, unprocessable } from '../../common/app-error.ts';
import type { MonitorFacts, PlatformRecords, RunFacts } from '../../governance/documents/platform-records.ts';
import { getPermit, seesAll } from '../access/access-service.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { searchCatalogue } from '../catalogue/catalogue-service.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { listStations } from '../stations/station-service.ts';
import { getRun } from '../tasks/run-view.ts';
import { verifiedModel } from './cited-runs.ts';
import { latestClassification, modelRecord } from './governance-service.ts';

/**
 * Everything the hub holds about an AI system and one of its models, as the caller may see it: the
 * model record, its latest classification, the permits and runs the model names (only those the caller
 * may read), the catalogue entries under those permits, the stations and the audit chain's state.
 */
export async function platformRecordsFor(
  ctx: HubContext,
  /** The reader, or `public`: then only what the public register shows (permits, catalogue), no runs. */
  by: UserPrincipal | 'public',
  system: AiSystem,
  modelId?: string,
): Promise<PlatformRecords> {
  const id = modelId ?? system.modelIds[0];
  if (!id) throw unprocessable('the AI system is linked to no model; link one first', 'modelIds');
  if (!system.modelIds.includes(id)) throw badInput('not a model of this AI system', 'query.model');
  // Whoever may read the system may read the models its owner was allowed to link. Validation and
  // representativeness figures count only when the run they cite at this hub produced them.
  const model = await verifiedModel(ctx, await modelRecord(ctx, id));
  const classification = (await latestClassification(ctx, system.id))?.classification;

  const permitIds = [...new Set([model.training.permitId, ...model.validations.map((v) => v.permitId)])];
  const permits = [];
  for (const pid of permitIds) {
    const p = await getPermit(ctx, pid);
    if (p && (by === 'public' || seesAll(by) || p.holderUserId === by.userId))
      permits.push({
        id: p.permit.id,
        purpose: p.permit.purpose,
        title: p.permit.title,
        holder: p.permit.holder,
        issuedAt: p.permit.issuedAt,
        expiresAt: p.permit.expiresAt,
        stations: p.permit.stations,
        datasets: p.permit.datasets,
      });
  }

  const runIds = [
    model.training.runId,
    model.representativenessRunId,
    ...model.validations.map((v) => v.runId),
  ].filter((x): x is string => !!x);
  const runs: RunFacts[] = [];
  const reader = by === 'public' ? undefined : by;
  for (const rid of reader ? new Set(runIds) : []) {
    try {
      const r = await getRun(ctx, reader!, rid);
      runs.push({
        id: r.id,
        permitId: r.permitId,
        algorithm: { name: r.algorithm.name, version: r.algorithm.version, hash: r.algorithm.hash },
        status: r.status,
        answered: r.provenance.answered.map((a) => ({
          stationId: a.stationId,
          stationName: a.stationName,
          dataVersion: a.dataVersion,
        })),
      });
    } catch {
      // A run the caller may not read (or that is gone) is not cited.
    }
  }

  const datasetIds = new Set(permits.flatMap((p) => p.datasets));
  const datasets = (await searchCatalogue(ctx))
    .filter((d) => datasetIds.has(d.id))
    .map((d) => ({
      id: d.id,
      title: d.title,
      stationId: d.stationId,
      stationName: d.stationName,
      publisher: d.publisher,
      temporal: d.profile.temporalCoverage
        ? { start: d.profile.temporalCoverage.start, end: d.profile.temporalCoverage.end }
        : undefined,
      numberOfUniqueIndividuals: d.profile.numberOfUniqueIndividuals ?? null,
    }));
  const stations = (await listStations(ctx)).map((s) => ({
    id: s.id,
    name: s.name,
    organisation: s.organisationName,
  }));
  const monitors = await monitorFacts(ctx, reader, system.monitorIds ?? [], runs);
  const verification = await ctx.audit.verify();
  return {
    system,
    classification,
    model,
    permits,
    runs,
    datasets,
    stations,
    monitors,
    audit: { entries: verification.entries, ok: verification.ok },
  };
}

interface MonitorRow {
  id: string;
  name: string;
  owner: string;
  permit_id: string;
  definition: unknown;
  created_at: Date;
  month: string | null;
  run_id: string | null;
}

/**
 * The linked outcome monitors with their latest run; the run (and its alerts) only when the reader may
 * read it, in which case it joins `runs` so the document can cite it.
 */
async function monitorFacts(
  ctx: HubContext,
  reader: UserPrincipal | undefined,
  monitorIds: string[],
  runs: RunFacts[],
): Promise<MonitorFacts[]> {
  if (monitorIds.length === 0) return [];
  const rows = await ctx.db.query<MonitorRow>(
    `select m.id, m.name, m.owner, m.permit_id, m.definition, m.created_at, r.month, r.run_id
     from monitors m left join lateral (
       select month, run_id from monitor_runs where monitor_id = m.id order by month desc, created_at desc limit 1
     ) r on true
     where m.id = any($1::text[]) order by m.created_at, m.id`,
    [monitorIds],
  );
  const out: MonitorFacts[] = [];
  for (const r of rows) {
    const d = json<{
      indicators?: string[];
      alert?: Partial<MonitorFacts['alert']>;
      followUpMonths?: number;
    }>(r.definition);
    const facts: MonitorFacts = {
      id: r.id,
      name: r.name,
      owner: r.owner,
      permitId: r.permit_id,
      createdAt: iso(r.created_at)!,
      indicators: d.indicators ?? [],
      alert: {
        indicator: d.alert?.indicator ?? 'ed-visits',
        method: d.alert?.method ?? 'group-sequential-wald',
        alpha: d.alert?.alpha ?? 0.05,
        higherIsWorse: d.alert?.higherIsWorse ?? true,
      },
      ...(d.followUpMonths ? { followUpMonths: d.followUpMonths } : {}),
    };
    if (r.run_id && r.month && reader) {
      try {
        const run = await getRun(ctx, reader, r.run_id);
        const alerts = (run.result as { alerts?: { kind: string; month?: string }[] } | undefined)?.alerts;
        facts.latest = {
          month: r.month,
          runId: run.id,
          status: run.status,
          ...(alerts ? { alerts: alerts.map((a) => (a.month ? `${a.kind} (${a.month})` : a.kind)) } : {}),
        };
        if (!runs.some((x) => x.id === run.id))
          runs.push({
            id: run.id,
            permitId: run.permitId,
            algorithm: { name: run.algorithm.name, version: run.algorithm.version, hash: run.algorithm.hash },
            status: run.status,
            answered: run.provenance.answered.map((a) => ({
              stationId: a.stationId,
              stationName: a.stationName,
              dataVersion: a.dataVersion,
            })),
          });
      } catch {
        // A run the reader may not read is not cited.
      }
    }
    out.push(facts);
  }
  return out;
}

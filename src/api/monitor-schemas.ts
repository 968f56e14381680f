import { z } from 'zod';
import { Timestamp } from './api-values.ts';
import { RunStatusSchema, RunViewSchema } from './run-schemas.ts';

/** The algorithm every monitor runs as (src/analytics/algorithms/outcome-monitor). */
export const MONITOR_ALGORITHM = { name: 'outcome-monitor', version: '1.1.0' } as const;

/**
 * A monitor definition (src/monitoring/README.md; examples/monitors/). The hub validates it with the
 * monitoring library's schema and names the JSON path of every problem (`body.definition.exposure…`); the
 * contract keeps it an object so the API stays free of the monitoring code in a browser.
 */
export const MonitorDefinitionBodySchema = z.record(z.string(), z.unknown()).meta({
  description:
    'A monitor definition: name, owner, population, exposure, start, comparison, matching, indicators, baselineMonths, followUpMonths, alert, savings (see src/monitoring/README.md)',
});

/** Registers a monitor under a permit for `public-health` or `policy` that allows the monitor algorithm. */
export const MonitorInputSchema = z.object({
  permitId: z.string().min(1),
  definition: MonitorDefinitionBodySchema,
});
export type MonitorInput = z.infer<typeof MonitorInputSchema>;

/** One run of a monitor: the follow-up month it reports through, and the ordinary run behind it. */
export const MonitorRunEntrySchema = z.object({
  month: z.string(),
  runId: z.string(),
  status: RunStatusSchema,
  createdAt: Timestamp,
  finishedAt: Timestamp.optional(),
  /** Digest of the run's result, as its audit entry holds it (re-check a release against it). */
  resultDigest: z.string().optional(),
});

/** A registered monitor and its history of monthly releases (each a run with its provenance). */
export const MonitorViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  permitId: z.string(),
  createdBy: z.string(),
  createdAt: Timestamp,
  definition: MonitorDefinitionBodySchema,
  history: z.array(MonitorRunEntrySchema),
});
export type MonitorView = z.infer<typeof MonitorViewSchema>;

export const MonitorRunInputBodySchema = z.object({
  /** Last follow-up month to report, `YYYY-MM`; default: the last complete month, within the follow-up. */
  throughMonth: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
    .optional(),
});

export const MonitorRunStartedSchema = z.object({
  monitorId: z.string(),
  month: z.string(),
  run: RunViewSchema,
});

/**
 * A monitor as the public sees it (patient councils, anyone signed out): what is monitored, and its latest
 * finished release combined over the stations — the pooled effects, alerts and savings, never one
 * station's figures (the same rule as the transparency register's results).
 */
export const PublicMonitorSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  description: z.string().optional(),
  /** First day of the month the innovation started. */
  start: z.string(),
  followUpMonths: z.number().int(),
  /** The indicator keys (src/monitoring/indicators.ts). */
  indicators: z.array(z.string()),
  alert: z.object({ indicator: z.string(), alpha: z.number() }),
  /** The latest finished release, or null when none finished yet. */
  latest: z
    .object({
      month: z.string(),
      runId: z.string(),
      finishedAt: Timestamp.optional(),
      resultDigest: z.string().optional(),
      stationsAnswered: z.number().int().nonnegative(),
      /** Matched patients summed over the stations that released them; `withheldAt`: stations that did not. */
      matched: z.object({
        exposed: z.number().int().nonnegative(),
        controls: z.number().int().nonnegative(),
        withheldAt: z.number().int().nonnegative(),
      }),
      /** The run's result, combined over the stations only (per-station parts left out). */
      combined: z.unknown().meta({
        description:
          'The outcome-monitor result without per-station parts: months, design, pooled effects per indicator and month, alerts, savings',
      }),
    })
    .nullable(),
});
export type PublicMonitor = z.infer<typeof PublicMonitorSchema>;

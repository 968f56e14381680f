import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { hubApi } from '../../api/hub-api.ts';
import { accessRoutes } from '../access/access-routes.ts';
import { auditRoutes } from '../audit/audit-routes.ts';
import { HubAudit } from '../audit/hub-audit.ts';
import { apiTokenRoutes } from '../auth/api-token-routes.ts';
import { loadHubSecrets } from '../auth/hub-secrets.ts';
import { catalogueRoutes } from '../catalogue/catalogue-routes.ts';
import type { HubDb } from '../db/hub-db.ts';
import { migrate } from '../db/migrations.ts';
import { governanceRoutes } from '../governance/governance-routes.ts';
import type { HubContext } from '../hub-context.ts';
import { monitorRoutes } from '../monitors/monitor-routes.ts';
import { MONITOR_SCHEDULE_MS, runDueMonitors } from '../monitors/monitor-service.ts';
import { organisationRoutes } from '../organisations/organisation-routes.ts';
import { stationRoutes } from '../stations/station-routes.ts';
import { type CentralHalves, centralHalvesOf } from '../tasks/central-halves.ts';
import { timeoutExpiredTasks } from '../tasks/run-lifecycle.ts';
import { runRoutes } from '../tasks/run-routes.ts';
import { installErrorHandler } from './error-handler.ts';
import { hubOpenApiDocument } from './hub-openapi.ts';
import { frameworkErrors, installInputGuard, USER_BODY_LIMIT } from './input-guard.ts';
import { LongPollWaiters, runEndKey, runKey, stationKey } from './long-poll.ts';
import { addRoute } from './route.ts';

export interface HubAppOptions {
  db: HubDb;
  /**
   * The hub folder with the secret files (`hub-signing-key.json`, `hub-jwt-secret`); default the folder
   * of an embedded database. Without either (an in-memory database) the secrets live with the database.
   */
  secretsDir?: string;
  /** Central halves of the algorithms the hub may combine; none by default. */
  centralHalves?: CentralHalves;
  now?: () => Date;
  /** A pino logger; `false` for silence (tests). Default: info level on stdout. */
  logger?: Logger | false;
  /** The public base URL used in catalogue IRIs; defaults to the address the app listens on. */
  publicUrl?: string;
  /** The platform's e-mail address in the catalogue export (its publisher and contact point). */
  catalogueEmail?: string;
  /**
   * Behind a reverse proxy: take the caller's address from X-Forwarded-For (sign-in limits count per
   * address). Off by default, as a client could then pick its own address.
   */
  trustProxy?: boolean;
  /** Default 10 minutes. */
  taskTtlMs?: number;
  /** Default 90 seconds. */
  onlineWindowMs?: number;
  /** Longest long-poll a station (for tasks) or a client (for a run) may ask for, in seconds. Default 30. */
  maxWaitSeconds?: number;
  /** How often open tasks are checked for expiry; 0 disables the timer (tests call sweep()). Default 5 s. */
  sweepIntervalMs?: number;
  /** More routes on the same server (e.g. the web UI), added before the app is ready. */
  plugins?: ((app: FastifyInstance) => Promise<void> | void)[];
}

export interface HubApp {
  fastify: FastifyInstance;
  ctx: HubContext;
  /** Fastify's in-process request injection (tests). */
  inject: FastifyInstance['inject'];
  /** Times out expired tasks now and moves their runs on. */
  sweep(): Promise<number>;
  /** Listens (port 0 = ephemeral) and returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops the timer, ends waiting long-polls, closes the server. The database stays open (the caller owns it). */
  close(): Promise<void>;
}

/**
 * The hub: migrates the database, loads or creates its signing key, and serves the REST API.
 *
 * @example
 * const db = await openPgliteHubDb();
 * const hub = await createHubApp({ db, logger: false });
 * const demo = await seedDemo(db);
 * const url = await hub.listen(0);
 */
export async function createHubApp(options: HubAppOptions): Promise<HubApp> {
  const { db } = options;
  await migrate(db);
  const secrets = await loadHubSecrets(db, options.secretsDir ?? db.dataDir);
  const now = options.now ?? (() => new Date());
  const log =
    options.logger === false ? pino({ level: 'silent' }) : (options.logger ?? pino({ name: 'hub' }));
  if (secrets.movedOutOfDatabase) {
    log.warn(
      'the signing key and JWT secret were moved out of the hub database into their own files; rotate them (ai4h hub rotate-secret --signing-key) as old copies may remain in database backups and logs',
    );
  }
  // Another hub instance on the same PostgreSQL may create tasks; re-check the queue now and then.
  const waiters = new LongPollWaiters(db.kind === 'postgres' ? 1000 : 5000);
  const ctx: HubContext = {
    db,
    now,
    keys: secrets.keys,
    jwtSecret: secrets.jwtSecret,
    audit: new HubAudit(db, now),
    centralHalves: options.centralHalves ?? centralHalvesOf({}),
    log,
    taskTtlMs: options.taskTtlMs ?? 10 * 60_000,
    onlineWindowMs: options.onlineWindowMs ?? 90_000,
    notifyStation: (stationId) => waiters.notify(stationKey(stationId)),
    notifyRun: (runId, finished = false) => {
      waiters.notify(runKey(runId));
      if (finished) waiters.notify(runEndKey(runId));
    },
  };

  if (secrets.movedOutOfDatabase) {
    await ctx.audit.record({
      actor: 'hub',
      action: 'hub.secrets-moved-to-files',
      subject: secrets.keys.keyId,
    });
  }

  const fastify = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: USER_BODY_LIMIT,
    frameworkErrors,
    trustProxy: options.trustProxy ?? false,
  });
  installErrorHandler(fastify);
  installInputGuard(fastify);
  let listeningUrl: string | undefined;
  const publicUrl = () => options.publicUrl ?? listeningUrl ?? 'http://localhost';
  let document: Record<string, unknown> | undefined;
  fastify.get('/openapi.json', async () => {
    document ??= hubOpenApiDocument(ctx.centralHalves);
    return document;
  });
  addRoute(fastify, ctx, hubApi.health, async () => ({ ok: true as const }));
  organisationRoutes(fastify, ctx);
  apiTokenRoutes(fastify, ctx);
  stationRoutes(fastify, ctx, waiters, options.maxWaitSeconds ?? 30);
  catalogueRoutes(fastify, ctx, publicUrl, options.catalogueEmail);
  accessRoutes(fastify, ctx);
  runRoutes(fastify, ctx, waiters, options.maxWaitSeconds ?? 30);
  auditRoutes(fastify, ctx);
  monitorRoutes(fastify, ctx);
  governanceRoutes(fastify, ctx);
  for (const plugin of options.plugins ?? []) await plugin(fastify);
  await fastify.ready();

  const sweep = () => timeoutExpiredTasks(ctx);
  const interval = options.sweepIntervalMs ?? 5000;
  const timer =
    interval > 0
      ? setInterval(() => {
          sweep().catch((e: unknown) => log.error({ err: e }, 'task sweep failed'));
        }, interval)
      : undefined;
  timer?.unref();
  // Outcome monitors release monthly (src/monitoring); off with the sweep timer (tests call runDueMonitors).
  const monitorTimer =
    interval > 0
      ? setInterval(() => {
          runDueMonitors(ctx).catch((e: unknown) => log.error({ err: e }, 'monitor schedule failed'));
        }, MONITOR_SCHEDULE_MS)
      : undefined;
  monitorTimer?.unref();

  return {
    fastify,
    ctx,
    inject: fastify.inject.bind(fastify),
    sweep,
    async listen(port = 0, host = '127.0.0.1') {
      const address = await fastify.listen({ port, host });
      listeningUrl = address;
      return address;
    },
    async close() {
      if (timer) clearInterval(timer);
      if (monitorTimer) clearInterval(monitorTimer);
      waiters.close();
      await fastify.close();
    },
  };
}

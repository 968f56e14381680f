import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { loadCentralRegistry } from '../../analytics/index.ts';
import { badInput } from '../../common/index.ts';
import {
  centralHalvesFromRegistry,
  createHubApp,
  createOrganisation,
  createUser,
  HubAudit,
  loadHubSecrets,
  migrate,
  openHubDb,
  rotateHubSecrets,
  seedDemo,
} from '../../hub/index.ts';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw badInput('must be a port number (0-65535)', '--port');
  return n;
};

const dbOptions = (cmd: Command) =>
  cmd
    .option(
      '--db <url>',
      'PostgreSQL URL (postgres://user@host:port/db[?schema=name]); default embedded PGlite',
    )
    .option(
      '--data <dir>',
      'hub folder: the embedded database and the secret files (with --db: the secret files only)',
      '.data/hub',
    )
    .option(
      '--relaxed-durability',
      'embedded database: do not flush each commit to disk (faster; a power cut or OS crash may lose the last commits or corrupt it)',
    );

/**
 * `ai4h hub …`: the hub server. `init` prepares the database (migrations, signing key, first users);
 * `serve` runs the REST API.
 */
export function hubCommand(): Command {
  const hub = new Command('hub')
    .description('Hub: catalogue, access requests and permits, federated runs, audit')
    .exitOverride()
    .showHelpAfterError();

  dbOptions(
    hub
      .command('init')
      .description('Create or upgrade the hub database and its signing key; optionally add users')
      .option('--demo', 'add the demo organisations and users (known passwords; printed as JSON)')
      .option('--admin-email <email>', 'create a platform admin with this email')
      .option('--admin-password <password>', 'password of that admin (or env AI4H_ADMIN_PASSWORD)')
      .option('--organisation <name>', 'organisation of that admin', 'AI4Health Platform'),
  ).action(
    async (opts: {
      db?: string;
      data: string;
      relaxedDurability?: boolean;
      demo?: boolean;
      adminEmail?: string;
      adminPassword?: string;
      organisation: string;
    }) => {
      const db = await openHubDb({ url: opts.db, dataDir: opts.data, durable: !opts.relaxedDurability });
      try {
        const applied = await migrate(db);
        const { keys } = await loadHubSecrets(db, opts.data);
        const out: Record<string, unknown> = { migrationsApplied: applied, keyId: keys.keyId };
        if (opts.adminEmail) {
          const password = opts.adminPassword ?? process.env.AI4H_ADMIN_PASSWORD;
          if (!password)
            throw badInput('give --admin-password or set AI4H_ADMIN_PASSWORD', '--admin-password');
          const org = await createOrganisation(db, { name: opts.organisation, kind: 'platform' }, new Date());
          const user = await createUser(
            db,
            {
              email: opts.adminEmail,
              name: 'Administrator',
              organisationId: org.id,
              role: 'admin',
              password,
            },
            new Date(),
          );
          out.admin = { id: user.id, email: user.email };
        }
        if (opts.demo) out.demo = await seedDemo(db);
        console.log(JSON.stringify(out, null, 2));
      } finally {
        await db.close();
      }
    },
  );

  dbOptions(
    hub
      .command('serve')
      .description('Run the hub REST API (OpenAPI at /openapi.json)')
      .addOption(
        new Option('--port <port>', 'port to listen on (0 = any free port)').default(8080).argParser(port),
      )
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option(
        '--trust-proxy',
        "behind a reverse proxy: the caller's address (sign-in limits per address) from X-Forwarded-For",
      )
      .option('--public-url <url>', 'base URL used in catalogue identifiers (default: the listening address)')
      .option(
        '--catalogue-email <email>',
        "the platform's e-mail address in the catalogue (publisher and contact point)",
      ),
  ).action(
    async (opts: {
      db?: string;
      data: string;
      relaxedDurability?: boolean;
      port: number;
      host: string;
      publicUrl?: string;
      catalogueEmail?: string;
      trustProxy?: boolean;
    }) => {
      const db = await openHubDb({ url: opts.db, dataDir: opts.data, durable: !opts.relaxedDurability });
      const registry = await loadCentralRegistry();
      const app = await createHubApp({
        db,
        secretsDir: opts.data,
        trustProxy: opts.trustProxy === true,
        centralHalves: centralHalvesFromRegistry(registry),
        ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
        ...(opts.catalogueEmail ? { catalogueEmail: opts.catalogueEmail } : {}),
      });
      const url = await app.listen(opts.port, opts.host);
      console.error(`hub listening on ${url} (key ${app.ctx.keys.keyId}, ${db.kind})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await db.close();
    },
  );

  dbOptions(
    hub
      .command('rotate-secret')
      .description(
        'Replace the JWT secret (sign-in tokens issued before are refused) and, with --signing-key, the task-signing key; stop the hub first',
      )
      .option(
        '--signing-key',
        'also a new task-signing key: stations refuse tasks until their steward pins it (ai4h station pin-hub-key)',
      ),
  ).action(async (opts: { db?: string; data: string; relaxedDurability?: boolean; signingKey?: boolean }) => {
    const db = await openHubDb({ url: opts.db, dataDir: opts.data, durable: !opts.relaxedDurability });
    try {
      await migrate(db);
      const out = await rotateHubSecrets(db, opts.data, { signingKey: opts.signingKey === true });
      await new HubAudit(db, () => new Date()).record({
        actor: `os-user:${userInfo().username}`,
        action: 'hub.secrets-rotated',
        subject: out.keyId,
        details: { rotated: out.rotated },
      });
      console.log(JSON.stringify(out, null, 2));
      if (out.rotated.includes('signing-key')) {
        console.error(
          `new hub key ${out.keyId}: each station's steward runs \`ai4h station pin-hub-key --dir DIR --key-id ${out.keyId}\``,
        );
      }
    } finally {
      await db.close();
    }
  });

  return hub;
}

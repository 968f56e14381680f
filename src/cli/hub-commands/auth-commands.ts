import { Command } from 'commander';
import { badInput } from '../../common/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import { loadCliConfig, saveCliConfig } from './cli-config.ts';
import { type HubOptions, hubClient, resolveHubUrl, withHubOptions } from './hub-session.ts';
import { intOption } from './parse-options.ts';
import { readPassword } from './read-password.ts';
import { printJson, textTable } from './text-table.ts';

/** `ai4h login`: signs in and keeps the hub's short-lived token in the config file (0600). */
export function loginCommand(): Command {
  return withHubOptions(
    new Command('login')
      .description('Sign in to a hub; keeps its short-lived token (15 min) in ~/.config/ai4h/config.json')
      .exitOverride()
      .requiredOption('--email <email>', 'your e-mail at the hub')
      .option('--password <password>', 'password (default: env AI4H_PASSWORD, else asked without echo)'),
  ).action(async (opts: HubOptions & { email: string; password?: string }) => {
    const url = await resolveHubUrl(opts);
    const password =
      opts.password ?? process.env.AI4H_PASSWORD ?? (await readPassword(`password for ${opts.email}: `));
    if (!password) throw badInput('the password is empty', '--password');
    const client = new HubClient(url);
    const out = await client.login(opts.email, password);
    const config = await loadCliConfig();
    config.sessions[url] = { token: out.token, expiresAt: out.expiresAt, email: out.user.email };
    config.lastHub = url;
    await saveCliConfig(config);
    if (opts.json) return printJson({ hub: url, user: out.user, expiresAt: out.expiresAt });
    console.log(
      `signed in to ${url} as ${out.user.email} (${out.user.role}); token valid until ${out.expiresAt}`,
    );
  });
}

/** `ai4h logout`: forgets the stored token of a hub (tokens expire by themselves on the hub). */
export function logoutCommand(): Command {
  return withHubOptions(
    new Command('logout').description('Forget the stored sign-in for a hub').exitOverride(),
    { json: false },
  ).action(async (opts: HubOptions) => {
    const url = await resolveHubUrl(opts);
    const config = await loadCliConfig();
    const had = url in config.sessions;
    delete config.sessions[url];
    if (config.lastHub === url) delete config.lastHub;
    await saveCliConfig(config);
    console.log(had ? `signed out of ${url}` : `was not signed in to ${url}`);
  });
}

/** `ai4h whoami`: the user the hub sees behind the token. */
export function whoamiCommand(): Command {
  return withHubOptions(new Command('whoami').description('Who the hub says you are').exitOverride()).action(
    async (opts: HubOptions) => {
      const client = await hubClient(opts, true);
      const me = await client.me();
      if (opts.json) return printJson({ hub: client.baseUrl, ...me });
      console.log(
        `${me.email} (${me.name}), role ${me.role}, organisation ${me.organisationId} at ${client.baseUrl}`,
      );
    },
  );
}

/** `ai4h token create`: a long-lived API token for scripts, shown once. */
export function tokenCommand(): Command {
  const token = new Command('token').description('API tokens for scripts').exitOverride();
  withHubOptions(
    token
      .command('create')
      .description('Create an API token (printed once; use it as --token or env AI4H_TOKEN)')
      .requiredOption('--name <name>', 'what the token is for')
      .option('--days <n>', 'days until it expires (default 30, at most 90)', intOption('--days', 1, 90)),
  ).action(async (opts: HubOptions & { name: string; days?: number }) => {
    const client = await hubClient(opts, true);
    const created = await client.createApiToken(opts.name, opts.days);
    if (opts.json) return printJson(created);
    console.log(created.token);
    console.error(
      `token ${created.id} "${opts.name}" valid until ${created.expiresAt}; it is not shown again`,
    );
  });

  withHubOptions(
    token
      .command('list')
      .description('Your API tokens: id, name, status, expiry (never the secret)')
      .option('--all', "every user's tokens (admin)"),
  ).action(async (opts: HubOptions & { all?: boolean }) => {
    const client = await hubClient(opts, true);
    const list = await client.listApiTokens(opts.all === true);
    if (opts.json) return printJson(list);
    if (list.length === 0) return void console.log('no API tokens');
    console.log(
      textTable(
        ['id', 'name', 'status', 'created', 'expires', 'revoked', ...(opts.all ? ['user'] : [])],
        list.map((t) => [
          t.id,
          t.label,
          t.status,
          t.createdAt,
          t.expiresAt ?? '-',
          t.revokedAt ?? '-',
          ...(opts.all ? [t.userId] : []),
        ]),
        { leftColumns: 7 },
      ),
    );
  });

  withHubOptions(
    token
      .command('revoke')
      .description('Revoke an API token (yours, or any as admin); refused from its next request on')
      .argument('<id>', 'the token id (from `ai4h token list`)'),
  ).action(async (id: string, opts: HubOptions) => {
    const client = await hubClient(opts, true);
    const out = await client.revokeApiToken(id);
    if (opts.json) return printJson(out);
    console.log(
      `token ${out.id} "${out.label}": ${out.status}${out.revokedAt ? ` at ${out.revokedAt}` : ''}`,
    );
  });
  return token;
}

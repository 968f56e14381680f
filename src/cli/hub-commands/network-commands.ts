import { Command } from 'commander';
import type { Station } from '../../api/index.ts';
import { AppError } from '../../common/index.ts';
import { type HubOptions, hubClient, resolveHubUrl, withHubOptions } from './hub-session.ts';
import { printJson, textTable } from './text-table.ts';

const ago = (iso: string | undefined, now: number): string => {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120
    ? `${s} s ago`
    : s < 7200
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;
};

/** `ai4h stations list`: who is connected, when they last spoke, on which data version. */
export function stationsCommand(): Command {
  const stations = new Command('stations').description('Stations registered at the hub').exitOverride();
  withHubOptions(
    stations
      .command('list')
      .description('Stations: online/offline, last heartbeat, data version')
      .option('--organisation <id>', 'only this organisation'),
  ).action(async (opts: HubOptions & { organisation?: string }) => {
    const client = await hubClient(opts, true);
    const list = await client.listStations(opts.organisation);
    if (opts.json) return printJson(list);
    if (list.length === 0) return void console.log('no stations registered');
    const now = Date.now();
    console.log(
      textTable(
        ['name', 'organisation', 'status', 'last heartbeat', 'data version', 'token', 'id'],
        list.map((s: Station) => [
          s.name,
          s.organisationName,
          s.status,
          ago(s.lastHeartbeatAt, now),
          s.dataVersion ?? '–',
          s.token ? `${s.token.status} (expires ${s.token.expiresAt.slice(0, 10)})` : '–',
          s.id,
        ]),
        { leftColumns: 3 },
      ),
    );
  });
  withHubOptions(
    stations
      .command('rotate-token')
      .description(
        "Give a station of your organisation a new token (printed once; the old one is refused at once): put it in the station's hub.json",
      )
      .argument('<id>', 'the station'),
  ).action(async (id: string, opts: HubOptions) => {
    const t = await (await hubClient(opts, true)).call('rotateStationToken', { params: { id } });
    if (opts.json) return printJson(t);
    console.log(`new token for ${t.stationId} (expires ${t.expiresAt}; shown once):\n${t.token}`);
  });
  withHubOptions(
    stations
      .command('revoke-token')
      .description(
        "Revoke a station's token: the hub refuses it from the next request on (rotate-token issues a new one)",
      )
      .argument('<id>', 'the station'),
  ).action(async (id: string, opts: HubOptions) => {
    const r = await (await hubClient(opts, true)).call('revokeStationToken', { params: { id } });
    if (opts.json) return printJson(r);
    console.log(`token of ${r.stationId} revoked at ${r.revokedAt}`);
  });
  return stations;
}

/** `ai4h transparency`: the public register of permits and the results they produced. */
export function transparencyCommand(): Command {
  return withHubOptions(
    new Command('transparency')
      .description('Public register: permits issued and the aggregate results they produced (no sign-in)')
      .exitOverride(),
  ).action(async (opts: HubOptions) => {
    const client = await hubClient(opts, false);
    const register = await client.transparency();
    if (opts.json) return printJson(register);
    if (register.length === 0) return void console.log('no permits issued yet');
    for (const e of register) {
      console.log(`${e.permitId}  ${e.status}  ${e.purpose}  "${e.title}"`);
      console.log(
        `  holder ${e.holderOrganisation}; issued ${e.issuedAt}, until ${e.expiresAt}${e.revokedAt ? `, revoked ${e.revokedAt}` : ''}`,
      );
      console.log(`  stations: ${e.stations.map((s) => `${s.name} (${s.organisation})`).join(', ')}`);
      for (const r of e.runs)
        console.log(
          `  run ${r.id} ${r.algorithm.name}@${r.algorithm.version}: ${r.status}, ${r.stationsAnswered} stations answered, ${r.startedAt}`,
        );
    }
  });
}

/**
 * `ai4h hub openapi`: the hub's OpenAPI document. HubClient has no call for it, so this one GET is
 * made here, with the same error handling.
 */
export function addHubOpenapiCommand(hub: Command): Command {
  withHubOptions(hub.command('openapi').description("Print the hub's OpenAPI document (/openapi.json)"), {
    json: false,
  }).action(async (opts: HubOptions) => {
    const url = `${await resolveHubUrl(opts)}/openapi.json`;
    let res: Response;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new AppError(
        'unavailable',
        `hub unreachable (${e instanceof Error ? e.message : 'network error'})`,
        url,
      );
    }
    if (!res.ok) throw new AppError('unavailable', `hub answered ${res.status}`, url);
    console.log(JSON.stringify(await res.json(), null, 2));
  });
  return hub;
}

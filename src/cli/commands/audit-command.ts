import { Command } from 'commander';
import { badInput, isAppError } from '../../common/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import type { SignedAuditHead } from '../../protocol/index.ts';
import { loadHubRegistration, verifyStationAudit } from '../../station/index.ts';

/** The latest signed head the hub holds for the station in `dir`, or why it could not be had. */
async function headAtHub(
  dir: string,
): Promise<{ head?: SignedAuditHead; flag?: { problem: string; at: string }; note?: string }> {
  const reg = await loadHubRegistration(dir);
  if (!reg) return { note: 'not registered at a hub: checked against the heads signed here only' };
  try {
    const held = await new HubClient(reg.hubUrl, { token: reg.token }).stationAuditHead();
    return held.head ? held : { ...held, note: 'the hub holds no signed head of this station yet' };
  } catch (e) {
    const why = isAppError(e) ? e.message : 'unreachable';
    return {
      note: `the hub could not be asked for its head (${why}): checked against the heads signed here only`,
    };
  }
}

/** `ai4h audit verify`: checks a station's or the hub's hash-chained audit log. Exit 1 when broken. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('Hash-chained audit logs of stations and the hub');
  audit
    .command('verify')
    .description(
      'Detect edited, removed or reordered audit entries, and a station history rewritten after its heads were signed (exit 1 when broken)',
    )
    .option('--dir <dir>', 'a station folder (checked against its signed heads and the head its hub holds)')
    .option('--offline', 'with --dir: do not ask the hub for the head it holds')
    .option('--hub <url>', 'a hub (auditor or admin credentials needed)')
    .option('--email <email>')
    .option('--password <password>')
    .option('--token <token>', 'API token instead of e-mail and password')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        dir?: string;
        offline?: boolean;
        hub?: string;
        email?: string;
        password?: string;
        token?: string;
        json?: boolean;
      }) => {
        let result: { ok: boolean; entries: number; problem?: string; brokenAt?: number };
        let notes: string[] = [];
        if (opts.dir) {
          const atHub = opts.offline
            ? { note: 'the hub was not asked (--offline)' }
            : await headAtHub(opts.dir);
          const checked = await verifyStationAudit(opts.dir, atHub.head ? { hubHead: atHub.head } : {});
          result = { ...checked, ...(atHub.flag ? { hubFlag: atHub.flag } : {}) };
          notes = [
            `${checked.localHeads} head${checked.localHeads === 1 ? '' : 's'} signed by the station checked`,
            ...(checked.hubHead
              ? [
                  `the head the hub holds checked (entry ${checked.hubHead.entries}, signed ${checked.hubHead.signedAt})`,
                ]
              : []),
            ...(atHub.note ? [atHub.note] : []),
            ...(atHub.flag
              ? [`the hub flagged this station at ${atHub.flag.at}: ${atHub.flag.problem}`]
              : []),
          ];
        } else if (opts.hub) {
          const client = new HubClient(opts.hub, opts.token ? { token: opts.token } : {});
          if (!opts.token) {
            if (!opts.email || !opts.password)
              throw badInput('give --token, or --email and --password', 'options');
            await client.login(opts.email, opts.password);
          }
          result = await client.verifyAudit();
        } else {
          throw badInput('give --dir STATION_DIR or --hub URL', 'options');
        }
        if (opts.json) console.log(JSON.stringify(result));
        else {
          console.log(
            result.ok
              ? `audit chain intact: ${result.entries} entries`
              : `audit chain BROKEN${result.brokenAt ? ` at entry ${result.brokenAt}` : ''}: ${result.problem}`,
          );
          for (const n of notes) console.log(`  ${n}`);
        }
        if (!result.ok) process.exitCode = 1;
      },
    );
  return audit;
}

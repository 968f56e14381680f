import { join } from 'node:path';
import { Command } from 'commander';
import { AuditLog, FileAuditStorage } from '../../audit/index.ts';
import { badInput } from '../../common/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import { AUDIT_FILE } from '../../station/index.ts';

/** `ai4h audit verify`: checks a station's or the hub's hash-chained audit log. Exit 1 when broken. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('Hash-chained audit logs of stations and the hub');
  audit
    .command('verify')
    .description('Detect edited, removed or reordered audit entries (exit 1 when the chain is broken)')
    .option('--dir <dir>', 'a station folder')
    .option('--hub <url>', 'a hub (auditor or admin credentials needed)')
    .option('--email <email>')
    .option('--password <password>')
    .option('--token <token>', 'API token instead of e-mail and password')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        dir?: string;
        hub?: string;
        email?: string;
        password?: string;
        token?: string;
        json?: boolean;
      }) => {
        let result: { ok: boolean; entries: number; problem?: string; brokenAt?: number };
        if (opts.dir) {
          result = await new AuditLog(new FileAuditStorage(join(opts.dir, AUDIT_FILE))).verify();
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
        else
          console.log(
            result.ok
              ? `audit chain intact: ${result.entries} entries`
              : `audit chain BROKEN: ${result.problem}`,
          );
        if (!result.ok) process.exitCode = 1;
      },
    );
  return audit;
}

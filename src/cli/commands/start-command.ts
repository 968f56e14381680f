import { Command } from 'commander';
import { badInput } from '../../common/index.ts';
import { startDemoNetwork } from '../../demo/index.ts';
import { ensureWebAppBuilt } from '../../web/index.ts';

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw badInput('must be a port number', '--port');
  return n;
};

/** `ai4h start` (what `npm start` runs): hub + three demo stations + web UI on localhost. */
export function startCommand(): Command {
  return new Command('start')
    .description('Run the hub, the web UI and three demo stations with synthetic data on this machine')
    .option('--data <dir>', 'folder for the hub database and the station folders', '.data/network')
    .option('--port <n>', 'port of the hub API and web UI', port, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { data: string; port: number; host: string }) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      // Each station says whether it reuses its data or generates it (only on the first start).
      log(`Starting the AI4Health demo network in ${opts.data}`);
      await ensureWebAppBuilt(log);
      const network = await startDemoNetwork({
        dataDir: opts.data,
        port: opts.port,
        host: opts.host,
        log,
        onTask: (station, r) =>
          log(
            `${station}: task ${r.taskId.slice(0, 8)} ${r.status}${r.status === 'refused' ? ` (${r.reason})` : ''}`,
          ),
      });
      const u = network.users;
      const lines = [
        '',
        'AI4Health platform is running',
        `  Web UI:   ${network.url}/`,
        `  API:      ${network.url}/api   (OpenAPI document: ${network.url}/openapi.json)`,
        `  Public transparency register: ${network.url}/api/public/transparency`,
        '  Stations (connected out to the hub, long-polling):',
        ...network.stations.map(
          (s) =>
            `    ${s.spec.name.padEnd(20)} ${s.spec.province.padEnd(10)} ${String(s.spec.patients).padStart(6)} patients, ${s.spec.approval} permit approval   ${s.dir}`,
        ),
        '  Demo users (e-mail / password / role):',
        ...Object.values(u).map((x) => `    ${x.email.padEnd(36)} ${x.password.padEnd(18)} ${x.role}`),
        '',
        `Try: ai4h demo --hub ${network.url}    (a scripted researcher session against this hub)`,
        'Press Ctrl+C to stop.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('Stopping…\n');
          network.stop().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

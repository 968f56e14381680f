import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import {
  DEMO_STATIONS,
  INSURER_DEMO_STATIONS,
  runDemoScenario,
  runInsurerScenario,
  startDemoNetwork,
} from '../../demo/index.ts';

const DEMO_PASSWORDS = {
  researcher: { email: 'researcher@research.example', password: 'demo-researcher' },
  reviewer: { email: 'reviewer@ai4health.example', password: 'demo-reviewer' },
  auditor: { email: 'auditor@ai4health.example', password: 'demo-auditor' },
};

/**
 * `ai4h demo`: the researcher's journey, scripted in the terminal. Starts its own demo network (hub +
 * three stations, data reused between runs) unless `--hub` points at a running one.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Scripted researcher session: catalogue, access request, approvals, feasibility, characterisation',
    )
    .option('--hub <url>', 'run against this hub (demo users) instead of starting a network')
    .option('--data <dir>', 'data folder of the demo network (its own, or the running one with --hub)')
    .option('--insurer', "the insurer's journey instead: the WijkKliniek outcome monitor")
    .action(async (opts: { hub?: string; data?: string; insurer?: boolean }) => {
      const print = (line: string) => process.stdout.write(`${line}\n`);
      const scenario = opts.insurer ? runInsurerScenario : runDemoScenario;
      if (opts.hub) {
        const dataDir = resolve(opts.data ?? '.data/network');
        const stationDirs = Object.fromEntries(
          DEMO_STATIONS.map((s) => [s.name, join(dataDir, 'stations', s.name)]).filter(([, d]) =>
            existsSync(d as string),
          ),
        );
        await scenario({
          url: opts.hub,
          users: DEMO_PASSWORDS,
          stationDirs,
          print,
          modelDir: join(dataDir, 'models'),
        });
      } else {
        // The insurer's journey needs larger stations (its own data folder, generated once).
        const dataDir = resolve(opts.data ?? (opts.insurer ? '.data/demo-insurer' : '.data/demo'));
        const network = await startDemoNetwork({
          dataDir,
          stations: opts.insurer ? INSURER_DEMO_STATIONS : DEMO_STATIONS,
          port: 0,
          pollWaitSeconds: 5,
          log: (l) => process.stderr.write(`${l}\n`),
        });
        try {
          await scenario({
            url: network.url,
            users: network.users,
            stationDirs: Object.fromEntries(network.stations.map((s) => [s.spec.name, s.dir])),
            print,
            modelDir: join(dataDir, 'models'),
          });
        } finally {
          await network.stop();
        }
      }
      print('\nDemo finished: every step gave what it should.');
    });
}

/**
 * Round trip hub → 3 stations → hub on loopback: how much a federated run costs beyond the stations'
 * own compute. A trivial cohort on tiny stations, ~20 runs; the median wall time of a full run (create →
 * every station done → result) minus the median station compute time (the local half run directly on
 * the same stores). Target: < 50 ms overhead per round.
 *
 *   node bin/run-ts.mjs bench/round-trip.ts [--runs 20] [--poll] [--interval 5]
 *
 * The researcher's client waits for each run with the hub's long-poll (answered when the run ends);
 * `--poll` makes it ask every `--interval` ms instead, as clients did before the hub long-polled runs.
 * `--processes` runs each station in a process of its own (bench/round-trip-station.ts), as in
 * production, instead of in the hub's process; the per-task probe is then skipped.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { definition as feasibilityDefinition } from '../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import { local as feasibilityLocal } from '../src/analytics/algorithms/cohort/cohort-feasibility/local.ts';
import { runLocalHalf } from '../src/analytics/local-runner.ts';
import { parseCohort } from '../src/cohort/cohort-definition.ts';
import { DEFAULT_DISCLOSURE } from '../src/privacy/disclosure/disclosure-policy.ts';
import { ReleaseLedger } from '../src/privacy/disclosure/release-ledger.ts';
import type { TaskEnvelope } from '../src/protocol/messages.ts';
import type { StationStore } from '../src/store/station-store.ts';
import { FEASIBILITY, type NetworkStationSpec, startNetwork } from '../test/network/network-fixture.ts';

/** The feasibility local half on one store, through the local runner (a fresh ledger each time). */
function feasibilityAt(store: StationStore, definition: ReturnType<typeof parseCohort>, permitId: string) {
  return runLocalHalf(
    feasibilityDefinition,
    feasibilityLocal,
    {
      stationId: 'bench',
      query: store.query.bind(store),
      dialect: store.dialect,
      purpose: 'research',
      permitId,
      disclosure: DEFAULT_DISCLOSURE,
      ledger: ReleaseLedger.open(),
      runState: new Map(),
    },
    { cohort: definition },
    0,
  );
}

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const intervalArg = process.argv.indexOf('--interval');
/** With --poll: how often the researcher's client asks the hub whether the run is done, ms. */
const INTERVAL = intervalArg > 0 ? Number(process.argv[intervalArg + 1]) : 5;
const POLL = process.argv.includes('--poll');
const PROCESSES = process.argv.includes('--processes');
const waitOptions = { intervalMs: INTERVAL, ...(POLL ? { waitSeconds: 0 } : {}) };

const TINY: NetworkStationSpec[] = [
  { name: 'tiny-a', patients: 60, seed: 7101, province: 'Groningen', steward: 'steward1' },
  { name: 'tiny-b', patients: 40, seed: 7202, province: 'Utrecht', steward: 'steward2' },
  { name: 'tiny-c', patients: 30, seed: 7303, province: 'Limburg', steward: 'steward3' },
];

/** Trivial: everyone with a GP contact, one step. */
const COHORT = { name: 'any GP contact', entry: { event: { domain: 'encounter', settings: ['gp'] } } };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

console.log(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (${RUNS} runs)`,
);
const network = await startNetwork({ stations: TINY, pollWaitSeconds: 25 });
const children: ChildProcess[] = [];
try {
  const permitId = await network.permit({ queryBudget: 10_000 });
  const researcher = await network.client('researcher');
  const definition = parseCohort(COHORT);

  // The stations' own work, measured directly (first, while the stores are open here): the local half
  // on each store. Stations work in parallel in a round, so a round waits for the slowest.
  const slowest: number[] = [];
  const perStation: number[][] = network.stations.map(() => []);
  for (let i = -3; i < RUNS; i++) {
    let max = 0;
    for (const [k, s] of network.stations.entries()) {
      const store = s.node!.store;
      const t0 = performance.now();
      await feasibilityAt(store, definition, permitId);
      const t = performance.now() - t0;
      if (i >= 0) perStation[k]!.push(t);
      max = Math.max(max, t);
    }
    if (i >= 0) slowest.push(max); // the first three are a warm-up
  }

  // The same three local halves at once, as in a round: on a machine with fewer cores than stations
  // (and the hub) they share the cores, so this is the compute a round in this process cannot beat.
  const together: number[] = [];
  for (let i = -3; i < RUNS; i++) {
    const t0 = performance.now();
    await Promise.all(
      network.stations.map((s) => {
        const store = s.node!.store;
        return feasibilityAt(store, definition, permitId);
      }),
    );
    if (i >= 0) together.push(performance.now() - t0);
  }

  if (PROCESSES) {
    // Each station again, now in a process of its own; the hub stays here.
    for (const s of network.stations) {
      await s.stop();
      const child = fork('bin/run-ts.mjs', ['bench/round-trip-station.ts', s.dir, network.url, s.stationId], {
        env: { ...process.env, AI4H_STATION_TOKEN: s.token },
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`station ${s.spec.name} exited with ${code}`)));
      });
    }
  }

  // Warm-up: first queries compile and cache on every side.
  for (let i = 0; i < 3; i++) {
    const run = await researcher.createRun({ permitId, algorithm: FEASIBILITY, input: { cohort: COHORT } });
    await researcher.waitForRun(run.id, waitOptions);
  }

  const wall: number[] = [];
  // CPU of the whole process (hub, stations, their DuckDB threads) and time the event loop was busy:
  // less at the mercy of other work on the machine than wall time.
  const cpu: number[] = [];
  const busy: number[] = [];
  const phases = { deliver: [] as number[], station: [] as number[], combine: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const e0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const run = await researcher.createRun({ permitId, algorithm: FEASIBILITY, input: { cohort: COHORT } });
    const done = await researcher.waitForRun(run.id, waitOptions);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    busy.push(performance.eventLoopUtilization(e0).active);
    if (done.status !== 'done') throw new Error(`run ${done.id} ended ${done.status}: ${done.error}`);
    // Where the time goes, by the hub's own timestamps (millisecond resolution).
    const tasks = done.rounds[0]!.stations;
    const at = (x: string | undefined) => Date.parse(x ?? '');
    const created = at(done.createdAt);
    const lastDelivered = Math.max(...tasks.map((t) => at(t.deliveredAt)));
    const lastAnswered = Math.max(...tasks.map((t) => at(t.answeredAt)));
    phases.deliver.push(lastDelivered - created);
    phases.station.push(lastAnswered - lastDelivered);
    phases.combine.push(at(done.finishedAt) - lastAnswered);
  }

  // Per-task costs at one station (in this process only): capture its next tasks, then handle and
  // submit them by hand.
  const probe = network.stations[0]!;
  const probeRuns = Math.min(RUNS, 10);
  const handle: number[] = [];
  const submit: number[] = [];
  if (!PROCESSES) {
    const captured: TaskEnvelope[] = [];
    probe.intercept = (r) => {
      captured.push(...r.tasks);
      return { ...r, tasks: [] };
    };
    for (let i = 0; i < probeRuns; i++) {
      await researcher.createRun({ permitId, algorithm: FEASIBILITY, input: { cohort: COHORT } });
    }
    while (captured.length < probeRuns) await new Promise((r) => setTimeout(r, 20));
    for (const envelope of captured) {
      const t0 = performance.now();
      const result = await probe.node!.agent.handle(envelope);
      const t1 = performance.now();
      await probe.wire.submitResult(result);
      handle.push(t1 - t0);
      submit.push(performance.now() - t1);
    }
    probe.intercept = undefined;
  }

  const overhead = median(wall) - median(slowest);
  console.log(
    `stations: ${TINY.map((s) => `${s.name} ${s.patients} patients`).join(', ')}, ${PROCESSES ? 'each in a process of its own' : "in the hub's process"}`,
  );
  console.log(
    `full run (create → 3 stations done → result): median ${ms(median(wall))}, min ${ms(Math.min(...wall))}, max ${ms(Math.max(...wall))}`,
  );
  console.log(
    `per round (medians): CPU of ${PROCESSES ? "the hub's process" : 'the process'} ${ms(median(cpu))}, its event loop busy ${ms(median(busy))}; researcher ${POLL ? `asks every ${INTERVAL} ms` : 'long-polls'}`,
  );
  console.log(
    `station compute (local half, direct): ${network.stations.map((s, k) => `${s.spec.name} ${ms(median(perStation[k]!))}`).join(', ')}; slowest per round median ${ms(median(slowest))}`,
  );
  console.log(`station compute, the three local halves at once (direct): median ${ms(median(together))}`);
  console.log(
    `by hub timestamps (medians): created → last delivered ${ms(median(phases.deliver))}, → last answered ${ms(median(phases.station))}, → finished ${ms(median(phases.combine))}`,
  );
  if (!PROCESSES) {
    console.log(
      `${probe.spec.name}, per task (medians of ${probeRuns}): StationAgent.handle ${ms(median(handle))} (gate, local half, ledgers, audit), submitResult ${ms(median(submit))} (hub records the result)`,
    );
  }
  console.log(
    `overhead per round: ${ms(overhead)} (target < 50 ms) ${overhead < 50 ? 'OK' : 'ABOVE TARGET'}`,
  );
} finally {
  for (const child of children) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send('stop');
    await exited;
  }
  await network.close();
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

/**
 * The web app on a cold load: compressed JavaScript transferred and first contentful paint for the home
 * page and the cohort builder (signed in as the demo researcher), in headless Chromium with a fresh
 * profile per load, against a hub on loopback serving a fresh build. The baseline, measured in the same
 * run, is the hub's plain HTML page (no script, no stylesheet) on the same server.
 *
 *   node bin/run-ts.mjs bench/web.ts [--runs 5]
 *
 * Targets: < 500 KB compressed JavaScript on first load, first contentful paint < 1 s on loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadCentralRegistry } from '../src/analytics/central-registry.ts';
import { centralHalvesFromRegistry, createHubApp, openPgliteHubDb, seedDemo } from '../src/hub/index.ts';
import { buildWebApp, registerWebUi } from '../src/web/index.ts';
import { CHROMIUM_FLAGS, CHROMIUM_HINT, findChromium } from '../test/web/browser.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const chromiumPath = findChromium();
if (!chromiumPath) {
  console.error(CHROMIUM_HINT);
  process.exit(2);
}

interface Load {
  fcpMs: number;
  jsBytes: number;
  jsFiles: number;
  cssBytes: number;
  allBytes: number;
}

const root = await mkdtemp(join(tmpdir(), 'ai4h-bench-web-'));
const dist = join(root, 'dist');
const started = Date.now();
await buildWebApp(dist);
console.log(`build: ${((Date.now() - started) / 1000).toFixed(1)} s`);

const db = await openPgliteHubDb(join(root, 'hub'));
const hub = await createHubApp({
  db,
  centralHalves: centralHalvesFromRegistry(await loadCentralRegistry()),
  logger: false,
  plugins: [(app) => registerWebUi(app, { dist })],
});
const { users } = await seedDemo(db);
const url = await hub.listen(0);
const plain = Fastify();
await registerWebUi(plain, { dist: join(root, 'no-build') });
const plainUrl = await plain.listen({ port: 0, host: '127.0.0.1' });
const researcher = users.researcher!;
const login = await (
  await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: researcher.email, password: researcher.password }),
  })
).json();

const { chromium } = await import('playwright-core');

/** One cold load: a new browser profile, nothing cached. */
async function coldLoad(address: string, session?: unknown): Promise<Load> {
  const profile = await mkdtemp(join(tmpdir(), 'ai4h-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_FLAGS,
    locale: 'nl-NL',
    viewport: { width: 1366, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (session)
      await page.addInitScript((s) => {
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem('ai4h-session', s);
      }, JSON.stringify(session));
    await page.goto(address, { waitUntil: 'networkidle' });
    return await page.evaluate(() => {
      interface Timing {
        name: string;
        startTime: number;
        transferSize: number;
      }
      const perf = (
        globalThis as unknown as {
          performance: { getEntriesByType(t: string): Timing[]; getEntriesByName(n: string): Timing[] };
        }
      ).performance;
      const resources = perf.getEntriesByType('resource');
      const nav = perf.getEntriesByType('navigation')[0];
      // No named functions in here: the page runs this source as it is.
      let jsBytes = 0;
      let jsFiles = 0;
      let cssBytes = 0;
      let allBytes = nav?.transferSize ?? 0;
      for (const r of resources) {
        allBytes += r.transferSize;
        if (/\.js(\?|$)/.test(r.name)) {
          jsBytes += r.transferSize;
          jsFiles += 1;
        }
        if (/\.css(\?|$)/.test(r.name)) cssBytes += r.transferSize;
      }
      return {
        fcpMs: perf.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        jsBytes,
        jsFiles,
        cssBytes,
        allBytes,
      };
    });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function measure(label: string, address: string, session?: unknown) {
  const loads: Load[] = [];
  for (let i = 0; i < runs; i++) loads.push(await coldLoad(address, session));
  return {
    label,
    fcpMs: median(loads.map((l) => l.fcpMs)),
    jsKB: median(loads.map((l) => l.jsBytes)) / 1024,
    jsFiles: median(loads.map((l) => l.jsFiles)),
    cssKB: median(loads.map((l) => l.cssBytes)) / 1024,
    allKB: median(loads.map((l) => l.allBytes)) / 1024,
  };
}

try {
  const baseline = await measure('baseline: plain HTML page', `${plainUrl}/`);
  const rows = [
    baseline,
    await measure('home (/)', `${url}/`),
    await measure('cohort builder (/cohorts, signed in)', `${url}/cohorts`, login),
  ];
  console.log(
    `\ncold loads, median of ${runs}, transferred bytes as Chromium's performance API reports them (compressed)`,
  );
  console.log(
    `${'page'.padEnd(40)}${'FCP ms'.padStart(9)}${'JS KB'.padStart(9)}${'JS files'.padStart(10)}${'CSS KB'.padStart(9)}${'all KB'.padStart(9)}${'FCP / baseline'.padStart(16)}`,
  );
  for (const r of rows)
    console.log(
      `${r.label.padEnd(40)}${r.fcpMs.toFixed(0).padStart(9)}${r.jsKB.toFixed(1).padStart(9)}${String(r.jsFiles).padStart(10)}${r.cssKB.toFixed(1).padStart(9)}${r.allKB.toFixed(1).padStart(9)}${(r.fcpMs / baseline.fcpMs).toFixed(2).padStart(16)}`,
    );
  for (const r of rows.slice(1))
    console.log(
      `${r.label}: JS ${r.jsKB.toFixed(0)} KB of the 500 KB budget (${((r.jsKB / 500) * 100).toFixed(0)}%), FCP ${r.fcpMs.toFixed(0)} ms of the 1000 ms budget — ${r.jsKB < 500 && r.fcpMs < 1000 ? 'within' : 'OVER'} target`,
    );
} finally {
  await hub.close();
  await plain.close();
  await db.close();
  await rm(root, { recursive: true, force: true });
}

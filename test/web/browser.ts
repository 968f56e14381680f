import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Where Debian's Chromium is, or AI4H_CHROMIUM; undefined when none is there. */
export function findChromium(): string | undefined {
  const candidates = [process.env.AI4H_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

export const CHROMIUM_HINT =
  'no Chromium found: install it with `apt-get install -y chromium` (Debian) or point AI4H_CHROMIUM at a Chromium binary to run the web app end-to-end tests';

/** Screenshots of each step (git-ignored). */
export const ARTIFACTS = resolve('test-results', 'web');

/** Chromium's command-line switches for a quiet headless run (no sandbox, GPU or background traffic). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Problems seen on any page: console errors, page errors, failed requests, unexpected 4xx/5xx answers. */
  problems: string[];
  /** Answers with these statuses at these paths are expected (a refusal the test provokes). */
  expect(status: number, path: RegExp): void;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile folder, one context for the whole run; every page is watched
 * for console errors, uncaught errors, failed requests and error answers the test did not expect.
 */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'ai4h-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    locale: 'nl-NL',
    viewport: { width: 1366, height: 900 },
  });
  const problems: string[] = [];
  const expected: { status: number; path: RegExp }[] = [];
  const isExpected = (status: number, url: string) =>
    expected.some((e) => e.status === status && e.path.test(new URL(url).pathname));
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // Chromium logs an error answer as "Failed to load resource"; expected ones are not problems.
      const url = msg.location().url;
      const status = /status of (\d{3})/.exec(msg.text())?.[1];
      if (status && url && isExpected(Number(status), url)) return;
      problems.push(`console error on ${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    page.on('requestfailed', (req) => {
      const failure = req.failure()?.errorText ?? '';
      // A request the page gives up when it moves on (a new page address, a long-poll it stops following,
      // a page file still loading, a live count started just before the test leaves the cohort builder) is
      // aborted by the browser, not failed.
      if (failure.includes('ERR_ABORTED') && (req.method() === 'GET' || /\/api\/runs$/.test(req.url())))
        return;
      problems.push(`request failed: ${req.method()} ${req.url()} ${failure}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !isExpected(res.status(), res.url()))
        problems.push(`unexpected ${res.status()}: ${res.request().method()} ${res.url()}`);
    });
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    context,
    problems,
    expect(status, path) {
      expected.push({ status, path });
    },
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = (() => {
  let source: string | undefined;
  return async () => {
    source ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    return source;
  };
})();

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page for the WCAG 2.1 A and AA rules; returns the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // The functions below run in the page (the DOM's globals are there, not here).
  if (!(await page.evaluate(() => 'axe' in globalThis)))
    await page.addScriptTag({ content: await axeSource() });
  return page.evaluate(async () => {
    const w = globalThis as unknown as {
      axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const r = await w.axe.run(w.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

export const describeViolations = (where: string, v: AxeViolation[]) =>
  v.map(
    (x) =>
      `${where}: ${x.id} (${x.impact}) ${x.help} at ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipped } from '../../src/analytics/shipped-versions.ts';
import {
  NETWORK_START_TIMEOUT_MS,
  type Network,
  type NetworkStationSpec,
} from '../network/network-fixture.ts';
import { ARTIFACTS, axe, type Browser, CHROMIUM_HINT, describeViolations, findChromium } from './browser.ts';
import {
  closeWebSession,
  hasText,
  startWebSession,
  visible,
  type WebSession,
  webSteps,
} from './e2e-session.ts';

const chromium = findChromium();
if (!chromium) console.warn(`monitoring e2e tests skipped: ${CHROMIUM_HINT}`);

/**
 * Stations large enough for the WijkKliniek monitor of the demo network (the generator plants a clinic
 * in the largest municipality of each province): the demo stations' sizes, none approving by hand.
 */
const MONITOR_STATIONS: readonly NetworkStationSpec[] = [
  { name: 'noord-groot', patients: 3000, seed: 101, province: 'Groningen', steward: 'steward1' },
  { name: 'midden-groot', patients: 5000, seed: 202, province: 'Utrecht', steward: 'steward2' },
  { name: 'zuid-groot', patients: 2000, seed: 303, province: 'Limburg', steward: 'steward3' },
];

/** A browser step with its charts and axe checks in two languages can take minutes on a busy machine. */
const STEP_TIMEOUT_MS = 240_000;

const example = (name: string) => readFile(new URL(`../../examples/monitors/${name}`, import.meta.url));

/**
 * The insurer's monitoring in headless Chromium: a researcher holding a public-health permit creates
 * the WijkKliniek monitor from its JSON (a bad one is refused with its JSON path), runs it and reads the
 * dashboard, opens the printable report (A4), and anyone signed out reads the public page; the regional
 * picture and hybrid care run from their pages. Every page passes axe (WCAG 2.1 A/AA) in Dutch and English.
 */
describe.skipIf(!chromium)('monitoring in the browser', () => {
  let session: WebSession;
  let network: Network;
  let browser: Browser;
  const { go, signIn, shot } = webSteps(() => session, 'monitoring-');
  let monitorPath = '';
  let page: Page;

  beforeAll(async () => {
    session = await startWebSession(chromium!, 'web-monitoring', { stations: MONITOR_STATIONS });
    ({ network, browser } = session);
    await network.permit({
      purpose: 'public-health',
      title: 'WijkKliniek monitor',
      description:
        'Outcomes of the neighbourhood clinics against a matched control, the region and hybrid care',
      algorithms: [shipped('outcome-monitor'), shipped('regional-picture'), shipped('hybrid-care')],
      durationDays: 365,
      queryBudget: 50,
    });
  }, NETWORK_START_TIMEOUT_MS * 3);

  afterAll(() => closeWebSession(session));

  /** axe in Dutch, then in English (the switch on the page), back to Dutch. */
  const a11y = async (p: Page, where: string) => {
    expect(describeViolations(`${where} nl`, await axe(p))).toEqual([]);
    await p.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => p.getAttribute('html', 'lang')).toBe('en');
    expect(describeViolations(`${where} en`, await axe(p))).toEqual([]);
    await p.getByRole('button', { name: 'Nederlands' }).click();
    await expect.poll(() => p.getAttribute('html', 'lang')).toBe('nl');
  };

  it(
    'creates the WijkKliniek monitor from its JSON; a bad definition is refused with its JSON path',
    async () => {
      page = await signIn('researcher');

      await go(page, '/monitoring');
      await page.getByRole('link', { name: 'Nieuwe monitor' }).click();
      await visible(page.getByLabel('Definitie als JSON'));
      await hasText(page.getByLabel('Vergunning'), 'WijkKliniek monitor');
      await shot(page, 'new');
      await a11y(page, 'new monitor');

      const good = JSON.parse((await example('wijkkliniek-demo-network.json')).toString('utf8'));
      const bad = { ...good, exposure: { kind: 'municipality', municipalities: [] } };
      browser.expect(400, /^\/api\/monitors$/);
      await page.getByLabel('JSON-bestand uploaden').setInputFiles({
        name: 'bad.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(bad)),
      });
      await expect.poll(() => page.getByLabel('Gemeenten met de innovatie').inputValue()).toBe('');
      await page.getByRole('button', { name: 'Monitor aanmaken' }).click();
      await hasText(page.getByRole('alert'), 'body.definition.exposure.municipalities');
      // Nothing typed is lost: the refused definition is still on the page.
      expect(JSON.parse(await page.getByLabel('Definitie als JSON').inputValue())).toEqual(bad);
      await shot(page, 'refused');

      await page.getByLabel('JSON-bestand uploaden').setInputFiles({
        name: 'wijkkliniek-demo-network.json',
        mimeType: 'application/json',
        buffer: await example('wijkkliniek-demo-network.json'),
      });
      await expect
        .poll(() => page.getByLabel('Gemeenten met de innovatie').inputValue())
        .toBe('Groningen, Utrecht, Maastricht');
      await page.getByRole('button', { name: 'Monitor aanmaken' }).click();
      await page.waitForURL((u) => /^\/monitoring\/monitors\/[^/]+$/.test(u.pathname));
      monitorPath = new URL(page.url()).pathname;
      await hasText(page.locator('h1'), good.name);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'runs the monitor and reads the dashboard: series, effects, balance, boundary, savings',
    async () => {
      await page.getByRole('button', { name: 'Uitrekenen' }).click();
      await visible(page.getByRole('heading', { name: 'Maandreeksen' }), 120_000);
      for (const heading of [
        'Signaal',
        'Effect (verschil in verschillen)',
        'Matching en balans',
        'Sequentiële grens',
        'Gedeelde besparing',
      ])
        await visible(page.getByRole('heading', { name: heading, exact: true }));
      // Series, effect over time, forest, love plot and boundary: each chart an image named by its title.
      expect(await page.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(5);
      const history = page.getByRole('table', { name: /Uitgebrachte maanden/ });
      await hasText(history, '2025-12');
      // Per station: the view changes the series; a month a station withheld is written as suppressed.
      const view = page.getByLabel('Weergave');
      const stations = await view.locator('option').allTextContents();
      expect(stations).toEqual(expect.arrayContaining(['Alle stations samen', 'noord-groot']));
      await view.selectOption({ label: 'noord-groot' });
      await hasText(page.locator('figcaption').first(), 'noord-groot');
      await page.getByLabel('Indicator', { exact: true }).selectOption('cost');
      await hasText(page.locator('figcaption').first(), 'Zorgkosten');
      /** The series table's rows: a withheld month says so in every number cell, never 0. */
      const checkSeries = async () => {
        const figure = page.locator('figure').first();
        if (!(await figure.locator('details').getAttribute('open'))) await figure.locator('summary').click();
        let released = 0;
        for (const row of await figure.locator('table tbody tr').all()) {
          const cells = await row.locator('td').allTextContents();
          if (cells.at(-1) === 'vrijgegeven') released++;
          if (cells.at(-1)?.includes('onderdrukt'))
            for (const c of cells.slice(2, -1)) expect(c).toContain('onderdrukt');
        }
        return released;
      };
      expect(await checkSeries()).toBeGreaterThan(0);
      await page.getByLabel('Indicator', { exact: true }).selectOption('ed-visits');
      await hasText(page.locator('figcaption').first(), 'spoedeisende hulp');
      await checkSeries();
      await shot(page, 'dashboard');
      await a11y(page, 'monitor dashboard');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'prints the report on A4 with the header and buttons left out',
    async () => {
      await page.getByRole('link', { name: 'Afdrukbaar rapport' }).click();
      await visible(page.getByRole('heading', { name: 'Herkomst' }), 30_000);
      await visible(page.getByRole('table', { name: /Herkomst van de uitkomsten/ }));
      await a11y(page, 'report');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.ai4h-header').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Afdrukken' }).isVisible()).toBe(false);
      // The tables behind the charts are open in the report.
      expect(await page.locator('.ai4h-report details:not([open])').count()).toBe(0);
      const pdf = await page.pdf({ format: 'A4', path: join(ARTIFACTS, 'monitoring-report.pdf') });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
      await page.emulateMedia({ media: 'screen' });
      // The report is long (every indicator with its tables): its first screen only.
      await shot(page, 'report', { fullPage: false });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the public page signed out, in plain Dutch and in English, with the numbers as a table',
    async () => {
      const id = monitorPath.split('/').at(-1)!;
      const pub = await browser.newPage();
      await go(pub, `/public/monitors/${id}`);
      await visible(pub.getByRole('heading', { name: 'Wat wordt er gevolgd?' }));
      await visible(pub.getByRole('heading', { name: 'Wat is de uitkomst tot nu toe?' }));
      await visible(pub.getByRole('heading', { name: 'Hoe zijn de gegevens beschermd?' }));
      await visible(pub.getByRole('table', { name: /Verschil met vergelijkbare mensen/ }));
      expect(await pub.getByRole('button', { name: 'Uitloggen' }).count()).toBe(0);
      // Nothing of one station on the public page.
      const body = (await pub.locator('main').textContent()) ?? '';
      for (const s of MONITOR_STATIONS) expect(body).not.toContain(s.name);
      await shot(pub, 'public-nl');
      await a11y(pub, 'public monitor');
      await pub.getByRole('button', { name: 'English' }).click();
      await visible(pub.getByRole('heading', { name: 'What is followed?' }));
      await shot(pub, 'public-en');
      // The choice of language is kept for the whole browser: back to Dutch for the pages that follow.
      await pub.getByRole('button', { name: 'Nederlands' }).click();
      await go(pub, '/public/monitors');
      await visible(pub.getByRole('link', { name: /WijkKliniek/ }));
      await a11y(pub, 'public monitors');
      await pub.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'runs the regional picture and hybrid care from their pages',
    async () => {
      await go(page, '/monitoring/region');
      await page.getByRole('button', { name: 'Uitrekenen' }).click();
      await visible(page.getByText('SEH-bezoeken per 1.000 per gebied', { exact: false }), 120_000);
      expect(await page.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
      await visible(page.getByRole('heading', { name: 'Scenario: de innovatie opschalen naar een gebied' }));
      // The scenario needs a pooled ED-visit effect; on stations this small it may still be withheld.
      await visible(
        page
          .getByRole('table', { name: /met verhouding/ })
          .or(page.getByText('Er is nog geen afgeronde monitoranalyse met een gepoold effect')),
      );
      await shot(page, 'region');
      await a11y(page, 'regional picture');

      await go(page, '/monitoring/hybrid');
      await page.getByRole('button', { name: 'Uitrekenen' }).click();
      await visible(page.getByRole('table', { name: /Landelijke ambities/ }), 120_000);
      expect(await page.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
      await shot(page, 'hybrid');
      await a11y(page, 'hybrid care');

      await go(page, '/monitoring');
      await visible(page.getByRole('table', { name: 'Monitors' }));
      await a11y(page, 'monitoring');
    },
    STEP_TIMEOUT_MS,
  );

  it('saw no console error, failed request or unexpected error answer', () => {
    expect(browser.problems).toEqual([]);
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipped } from '../../src/analytics/shipped-versions.ts';
import { NETWORK_START_TIMEOUT_MS, type NetworkStationSpec } from '../network/network-fixture.ts';
import { axe, type Browser, CHROMIUM_HINT, describeViolations, findChromium } from './browser.ts';
import {
  closeWebSession,
  hasText,
  startWebSession,
  visible,
  type WebSession,
  webSteps,
} from './e2e-session.ts';

const chromium = findChromium();
if (!chromium) console.warn(`hybrid-care e2e tests skipped: ${CHROMIUM_HINT}`);

/** Three stations from all over the country, so every deprivation quintile has patients at each. */
const STATIONS: readonly NetworkStationSpec[] = [
  { name: 'noord-hybride', patients: 900, seed: 511, province: 'Groningen', steward: 'steward1' },
  { name: 'midden-hybride', patients: 900, seed: 522, province: 'Utrecht', steward: 'steward2' },
  { name: 'zuid-hybride', patients: 900, seed: 533, province: 'Limburg', steward: 'steward3' },
];

/** A browser step with its charts and axe checks in two languages can take minutes on a busy machine. */
const STEP_TIMEOUT_MS = 300_000;

/**
 * Hybrid care in headless Chromium: a researcher with a policy permit runs it from its page and reads
 * digital care by month and by neighbourhood deprivation (the PC4's status quintile, through the
 * stations' own ingest), and a care pathway's inclusion by deprivation, age band and sex — each chart
 * with its table, in Dutch and English, passing axe (WCAG 2.1 A/AA); and the regional page's projection
 * to 2030 and 2035.
 */
describe.skipIf(!chromium)('hybrid care in the browser', () => {
  let session: WebSession;
  let browser: Browser;
  const { go, signIn, shot } = webSteps(() => session, 'hybrid-care-');
  let page: Page;

  beforeAll(async () => {
    session = await startWebSession(chromium!, 'web-hybrid-care', { stations: STATIONS });
    browser = session.browser;
    await session.network.permit({
      purpose: 'policy',
      title: 'Hybride zorg',
      description: 'Digital care and care-pathway inclusion by neighbourhood deprivation',
      algorithms: [shipped('hybrid-care'), shipped('regional-picture')],
      durationDays: 30,
      queryBudget: 10,
    });
  }, NETWORK_START_TIMEOUT_MS * 3);

  afterAll(() => closeWebSession(session));

  /** Opens the table under the chart named `title` and returns it. */
  const chartTable = async (title: RegExp) => {
    const figure = page.locator('figure', { has: page.locator('figcaption', { hasText: title }) });
    await figure.locator('summary').first().click();
    const table = figure.getByRole('table', { name: title });
    await visible(table);
    return table;
  };

  it(
    'shows digital care by month and by neighbourhood deprivation, and pathway inclusion by group, in Dutch and English',
    async () => {
      page = await signIn('researcher');
      await go(page, '/monitoring/hybrid');
      await page.getByLabel('Jaren').fill('2024');
      await page.getByRole('button', { name: 'Uitrekenen' }).click();
      await visible(page.getByRole('table', { name: /Landelijke ambities/ }), 180_000);

      // By month: twelve months of 2024 in the table under the chart.
      const months = await chartTable(/Digitale zorg per maand/);
      await hasText(months, '2024-01');
      await hasText(months, '2024-12');

      // By deprivation: the five quintiles and the gradient in words.
      const dep = await chartTable(/Patiënten met digitale zorg naar buurtstatus/);
      await hasText(dep, 'Q1 (laagste status)');
      await hasText(dep, 'Q5 (hoogste status)');
      await visible(page.getByText(/keer die in de buurten met de hoogste status|Te weinig vrijgegeven/));

      // A pathway's inclusion by deprivation, age band and sex.
      await page.getByLabel('Zorgpad voor de uitsplitsing').selectOption('COPD');
      await hasText(await chartTable(/Inclusie in COPD naar leeftijdsgroep/), '75+');
      await hasText(await chartTable(/Inclusie in COPD naar geslacht/), 'vrouwen');
      await hasText(await chartTable(/Inclusie in COPD naar buurtstatus/), 'Q1 (laagste status)');
      expect(await page.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(7);
      await shot(page, 'nl');
      expect(describeViolations('hybrid care nl', await axe(page))).toEqual([]);

      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
      await visible(
        page.getByRole('table', { name: /Patients with digital care by neighbourhood deprivation/ }),
      );
      await hasText(
        page.getByRole('table', { name: /Patients with digital care by neighbourhood deprivation/ }),
        'Q1 (most deprived)',
      );
      await shot(page, 'en');
      expect(describeViolations('hybrid care en', await axe(page))).toEqual([]);
      await page.getByRole('button', { name: 'Nederlands' }).click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('nl');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the regional projection to 2030 and 2035 on the regional page',
    async () => {
      await go(page, '/monitoring/region');
      await page.getByLabel('Jaren').fill('2024-2025');
      await page.getByRole('button', { name: 'Uitrekenen' }).click();
      await visible(page.getByRole('heading', { name: 'Prognose voor 2030 en 2035' }), 180_000);
      const table = page.getByRole('table', { name: /^Prognose voor .* vanaf 2025/ });
      await visible(table);
      await hasText(table, 'Alle leeftijden');
      await hasText(table, 'Mensen 2035');
      await visible(page.getByText(/geen gepubliceerde cijfers voor deze leeftijdsgroepen/));
      await page.getByLabel('Gebied voor de prognose').selectOption('Utrecht');
      await visible(
        page.getByRole('table', {
          name: 'Prognose voor Utrecht vanaf 2025: mensen en SEH-bezoeken per jaar',
        }),
      );
      await shot(page, 'projection');
      expect(describeViolations('regional projection nl', await axe(page))).toEqual([]);
      await page.getByRole('button', { name: 'English' }).click();
      await visible(
        page.getByRole('table', { name: 'Projection for Utrecht from 2025: people and ED visits a year' }),
      );
      expect(describeViolations('regional projection en', await axe(page))).toEqual([]);
      await page.getByRole('button', { name: 'Nederlands' }).click();
    },
    STEP_TIMEOUT_MS,
  );

  it('saw no console error, failed request or unexpected error answer', () => {
    expect(browser.problems).toEqual([]);
  });
});

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtFrom, webAppSourceHash } from '../../src/web/web-app-build.ts';
import { NETWORK_START_TIMEOUT_MS, type Network } from '../network/network-fixture.ts';
import { axe, type Browser, CHROMIUM_HINT, describeViolations, findChromium } from './browser.ts';
import {
  closeWebSession,
  hasText,
  startWebSession,
  visible,
  type WebSession,
  webSteps,
} from './e2e-session.ts';
import { approveAtStation, MANUAL_STATION } from './web-network.ts';

const chromium = findChromium();

/** A model the small test stations can fit: age and systolic blood pressure for unplanned admission within a year. */
const SMALL_MODEL = {
  population: { indexDate: '2025-01-01' },
  features: [
    { kind: 'age', name: 'ageDecades', centre: 60 },
    { kind: 'observation', name: 'systolic', code: '8480-6', impute: 130, centre: 130, scale: 20 },
  ],
  outcome: { kind: 'unplanned-admission', days: 365 },
};
if (!chromium) console.warn(`web e2e tests skipped: ${CHROMIUM_HINT}`);

/**
 * The web app end to end in headless Chromium against a hub and three stations on loopback: every role's
 * journey through the pages, every page in Dutch and English checked with axe-core (WCAG 2.1 A/AA), no
 * console error and no failed request. Screenshots of each step go to test-results/web (git-ignored).
 */
describe.skipIf(!chromium)('web app in the browser', () => {
  let session: WebSession;
  let network: Network;
  let browser: Browser;
  const { pages, go, signIn, shot } = webSteps(() => session, '');
  const ids: { dataset?: string; permit?: string; glmRun?: string; validationRun?: string } = {};

  beforeAll(async () => {
    session = await startWebSession(chromium!, 'web-e2e');
    ({ network, browser } = session);
  }, NETWORK_START_TIMEOUT_MS);

  afterAll(() => closeWebSession(session));

  const textIs = (loc: Locator, text: string) => expect.poll(() => loc.first().textContent()).toBe(text);
  const a11y = async (page: Page, where: string) => {
    expect(describeViolations(where, await axe(page))).toEqual([]);
  };

  it('is built from the current sources, readable by all and writable by its owner only', async () => {
    expect(await builtFrom(session.dist)).toBe(await webAppSourceHash());
    expect((await stat(join(session.dist, 'index.html'))).mode & 0o777).toBe(0o644);
    expect((await stat(join(session.dist, 'assets'))).mode & 0o777).toBe(0o755);
  });

  it('shows the public home page in Dutch, switches to English and back', async () => {
    const page = await browser.newPage();
    pages.public = page;
    await go(page, '/');
    await textIs(page.locator('h1'), 'Gezondheidsdata gebruiken zonder ze te delen');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await shot(page, 'home-nl');
    await a11y(page, 'home nl');
    // Keyboard: the first Tab reaches the skip link, which takes focus to the content.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe('Naar de inhoud');
    await page.keyboard.press('Enter');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement
            .id,
      ),
    ).toBe('main');
    await page.getByRole('button', { name: 'English' }).click();
    await textIs(page.locator('h1'), 'Use health data without sharing it');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await shot(page, 'home-en');
    await a11y(page, 'home en');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await textIs(page.locator('h1'), 'Gezondheidsdata gebruiken zonder ze te delen');
  });

  it('lets a researcher find a dataset by code and read its profile as charts', async () => {
    const page = await signIn('researcher');
    await go(page, '/catalogue');
    await page.getByLabel('Code', { exact: true }).fill('44054006');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await hasText(page.getByRole('heading', { level: 2 }), 'datasets gevonden');
    const first = page.locator('.ai4h-results a').first();
    await first.click();
    await page.getByText('Records per soort gegevens').first().waitFor();
    ids.dataset = page.url().split('/').at(-1);
    expect(await page.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(1);
    await shot(page, 'dataset');
    await a11y(page, 'dataset');
  });

  it('keeps what the researcher typed when a request is incomplete, then submits it', async () => {
    const page = pages.researcher!;
    await go(page, '/requests/new');
    const description = 'Haalbaarheid en een risicomodel voor diabetes type 2 over drie regio’s.';
    await page.getByLabel('Omschrijving').fill(description);
    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await hasText(page.getByRole('alert').first(), 'Verbeter het volgende');
    await expect.poll(() => page.getByLabel('Omschrijving').inputValue()).toBe(description);
    await shot(page, 'request-invalid');
    await a11y(page, 'request form with errors');
    await page.getByLabel('Titel').fill('Diabetes type 2: haalbaarheid en risicomodel');
    for (const s of network.stations)
      await page.getByRole('checkbox', { name: s.spec.name, exact: true }).check();
    await page.getByRole('checkbox', { name: 'glm 1.4.0' }).check();
    await page.getByRole('checkbox', { name: 'validation 2.3.0' }).check();
    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await visible(page.getByText('is ingediend'));
    await shot(page, 'request-sent');
  });

  it('refuses a researcher who tries the reviewer decision, with a clear message', async () => {
    const page = pages.researcher!;
    browser.expect(403, /^\/api\/requests\/[^/]+\/decision$/);
    await go(page, '/reviews');
    await visible(page.getByText('Deze pagina is bedoeld voor'));
    await page.getByLabel('Motivering').first().fill('Ik keur mijn eigen aanvraag goed.');
    await page.getByRole('button', { name: 'Goedkeuren' }).first().click();
    await hasText(page.getByRole('alert').first(), 'Dit mag u niet met uw rol.');
    await shot(page, 'researcher-refused');
    await a11y(page, 'reviews as researcher');
  });

  it('lets the reviewer approve the request, which issues a permit', async () => {
    const page = await signIn('reviewer');
    await go(page, '/reviews');
    await page.getByLabel('Motivering').first().fill('Doel en dataminimalisatie zijn in orde.');
    await page.getByRole('button', { name: 'Goedkeuren' }).first().click();
    await visible(page.getByText('Goedgekeurd; vergunning'));
    await shot(page, 'reviewer-approved');
    const permits = await (await network.client('researcher')).listPermits();
    ids.permit = permits.at(-1)!.permit.id;
  });

  it('builds a cohort with live counts per station; the manual station waits for its steward', async () => {
    const page = pages.researcher!;
    await go(page, '/cohorts');
    await expect.poll(() => page.getByLabel('Vergunning').inputValue()).toBe(ids.permit!);
    await page.getByLabel('Naam van het cohort').fill('T2D slecht gereguleerd');
    const entry = page.getByRole('group', { name: 'Instroomgebeurtenis' });
    await entry.getByLabel('Codes').fill('44054006');
    await entry.getByLabel('ICD-10 (begin)').fill('E11');
    await page.getByLabel('Leeftijd vanaf').fill('40');
    await page.getByLabel('Leeftijd tot en met').fill('80');
    await page.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    const criterion = page.getByRole('group', { name: 'Voorwaarde 1: gebeurtenis' });
    await criterion.getByLabel('Codes').fill('59261-8, 4548-4');
    await criterion.getByLabel('Waarde groter dan').fill('53');
    await criterion.getByLabel('Eenheid (UCUM)').fill('mmol/mol');
    await page.getByLabel('Voorwaarde 1: tijdvenster').selectOption('after');
    // Live: the stations count a moment after the last change; the manual station refuses until approved.
    await visible(
      page.getByText('De databeheerder van dit station moet de vergunning nog goedkeuren').first(),
      30_000,
    );
    await shot(page, 'cohort-waiting-for-steward');
  });

  it('shows the steward their station and how approval works; the steward approves at the station', async () => {
    const page = await signIn('steward1');
    await go(page, '/stations');
    await visible(page.getByRole('heading', { name: 'Mijn stations' }));
    await hasText(page.locator('table').first(), MANUAL_STATION);
    await visible(page.getByText('ai4h station approve').first());
    await shot(page, 'steward-station');
    await a11y(page, 'stations as steward');
    await approveAtStation(network, MANUAL_STATION, ids.permit!);
  });

  it('counts again at every station: per station, combined and the attrition funnel; no suppressed count as 0', async () => {
    const page = pages.researcher!;
    await page.getByRole('button', { name: 'Nu tellen' }).click();
    const table = page.locator('table', {
      has: page.getByText('Patiënten na elke stap, per station en samen'),
    });
    await table.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('table').first().textContent(), { timeout: 30_000 })
      .not.toContain('geweigerd');
    for (const s of network.stations) await hasText(table, s.spec.name);
    const cells = await table.locator('td').allInnerTexts();
    expect(cells.filter((c) => c.trim() === '0')).toEqual([]);
    await visible(page.getByText('Uitval per stap (samen)'));
    await shot(page, 'cohort-counts');
    await a11y(page, 'cohort builder with results');
  });

  it('runs a federated regression and shows the forest plot', async () => {
    const page = pages.researcher!;
    await go(page, `/runs/new?permit=${ids.permit}&algorithm=glm`);
    await expect.poll(() => page.getByLabel('Invoer (JSON)').inputValue()).toContain('"family": "logistic"');
    // The shipped example model is for the demo network's larger stations; the test stations get a small one.
    await page
      .getByLabel('Invoer (JSON)')
      .fill(JSON.stringify({ spec: SMALL_MODEL, family: 'logistic' }, null, 2));
    await page.getByRole('button', { name: 'Starten' }).click();
    await page.waitForURL(/\/runs\/run_[^/?]+$/);
    ids.glmRun = page.url().split('/').at(-1);
    await visible(page.getByText('Coëfficiënten met 95%-betrouwbaarheidsintervallen'), 90_000);
    await shot(page, 'glm-forest');
    await a11y(page, 'glm result');
  }, 120_000);

  it('validates the model at every station and shows ROC, calibration and the bias report', async () => {
    const page = pages.researcher!;
    await page.getByRole('link', { name: 'Dit model valideren bij elk station' }).click();
    await expect
      .poll(() => page.getByLabel('Invoer (JSON)').inputValue())
      .not.toContain('"coefficients": [\n    0,');
    await page.getByRole('button', { name: 'Starten' }).click();
    await page.waitForURL(/\/runs\/run_[^/?]+$/);
    ids.validationRun = page.url().split('/').at(-1);
    await visible(page.getByText('ROC-curve', { exact: true }), 120_000);
    await visible(page.getByText('Kalibratie', { exact: true }));
    await visible(page.getByText('AUC per subgroep'));
    await shot(page, 'validation-roc-calibration');
    await a11y(page, 'validation result');
  }, 180_000);

  it("downloads a chart's numbers as CSV", async () => {
    const page = pages.researcher!;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).first().click(),
    ]);
    expect(download.suggestedFilename()).toBe('roc.csv');
    const path = await download.path();
    const csv = await readFile(path, 'utf8');
    expect(csv.split('\n')[0]).toBe('threshold,fpr,tpr');
    expect(csv.split('\n').length).toBeGreaterThan(2);
  });

  it("shows the hub's refusal of a bad analysis input by its place, and keeps what was typed", async () => {
    const page = pages.researcher!;
    browser.expect(400, /^\/api\/runs$/);
    await go(page, `/runs/new?permit=${ids.permit}&algorithm=cohort-feasibility`);
    await expect.poll(() => page.getByLabel('Invoer (JSON)').inputValue()).toContain('"cohort"');
    const typed = JSON.stringify({ cohort: { name: 'zonder instroom' } }, null, 2);
    await page.getByLabel('Invoer (JSON)').fill(typed);
    await page.getByRole('button', { name: 'Starten' }).click();
    await hasText(page.getByRole('alert'), 'De invoer klopt niet.');
    await hasText(page.getByRole('alert'), 'entry');
    expect(await page.getByLabel('Invoer (JSON)').inputValue()).toBe(typed);
    expect(page.url()).toContain('/runs/new');
    await shot(page, 'bad-input-kept');
    await a11y(page, 'run form with a refusal');
  });

  it('lets the auditor verify the audit chains', async () => {
    const page = await signIn('auditor');
    await go(page, '/audit');
    await visible(page.getByText('De keten is heel'));
    await shot(page, 'auditor-verified');
    await a11y(page, 'audit');
  });

  it('has every page in Dutch and English without accessibility violations', async () => {
    const routes: [string, string][] = [
      ['public', '/'],
      ['public', '/catalogue'],
      ['public', `/catalogue/${ids.dataset}`],
      ['public', '/transparency'],
      ['public', '/monitoring'],
      ['public', '/sign-in'],
      ['public', '/no-such-page'],
      ['researcher', '/cohorts'],
      ['researcher', '/requests'],
      ['researcher', '/requests/new'],
      ['researcher', '/permits'],
      ['researcher', '/runs'],
      ['researcher', '/runs/new'],
      ['researcher', `/runs/${ids.glmRun}`],
      ['researcher', `/runs/${ids.validationRun}`],
      ['reviewer', '/reviews'],
      ['reviewer', '/permits'],
      ['reviewer', '/governance'],
      ['steward1', '/stations'],
      ['auditor', '/audit'],
      ['auditor', '/admin'],
      ['admin', '/admin'],
    ];
    await signIn('admin');
    const dutchText = new Map<string, string>();
    for (const lang of ['nl', 'en'] as const) {
      for (const [who, path] of routes) {
        const page = pages[who]!;
        await page.evaluate((l) => {
          (
            globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
          ).localStorage.setItem('lang', l);
        }, lang);
        await go(page, path);
        expect(await page.getAttribute('html', 'lang'), path).toBe(lang);
        // The page's data is there when nothing says it is loading any more.
        await expect.poll(() => page.getByText(/Bezig met laden|Loading…/).count()).toBe(0);
        if (lang === 'nl')
          await shot(page, `${who}-${path.split('/').filter(Boolean).slice(0, 2).join('-') || 'home'}`);
        // axe on every page in Dutch; in English on the public pages (the same components, other words), and
        // elsewhere the page's words must differ from its Dutch ones.
        if (lang === 'nl' || who === 'public') await a11y(page, `${path} (${who}, ${lang})`);
        else expect(await page.locator('main').textContent(), path).not.toBe(dutchText.get(path));
        if (lang === 'nl') dutchText.set(path, (await page.locator('main').textContent()) ?? '');
      }
    }
  }, 360_000);

  it('fits a tablet (820 px) without sideways scrolling', async () => {
    const page = pages.researcher!;
    await page.setViewportSize({ width: 820, height: 1100 });
    for (const path of ['/cohorts', `/runs/${ids.validationRun}`, '/catalogue']) {
      await go(page, path);
      await expect.poll(() => page.getByText(/Bezig met laden|Loading…/).count()).toBe(0);
      const overflow = await page.evaluate(() => {
        const d = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      expect(overflow, path).toBeLessThanOrEqual(0);
      await shot(page, `tablet-${path.split('/')[1]}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('saw no console error, no failed request and no unexpected error answer', () => {
    expect(browser.problems).toEqual([]);
  });
});

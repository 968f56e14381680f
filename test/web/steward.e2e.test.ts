import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipped, shippedVersion } from '../../src/analytics/shipped-versions.ts';
import type { RunView } from '../../src/api/index.ts';
import type { AuditEntry } from '../../src/audit/index.ts';
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
import { MANUAL_STATION } from './web-network.ts';

const chromium = findChromium();
const versionOf = shippedVersion;
if (!chromium) console.warn(`steward e2e tests skipped: ${CHROMIUM_HINT}`);

/** A model the small test stations can fit: age and systolic blood pressure for unplanned admission within a year. */
const SMALL_MODEL = {
  population: { indexDate: '2025-01-01' },
  features: [
    { kind: 'age', name: 'ageDecades', centre: 60 },
    { kind: 'observation', name: 'systolic', code: '8480-6', impute: 130, centre: 130, scale: 20 },
  ],
  outcome: { kind: 'unplanned-admission', days: 365 },
};

/**
 * The data steward in the browser: a permit waits at the station that approves by hand, its steward
 * approves it on the station's page at the hub, the station takes the signed decision over on its next
 * poll (its policy allows decisions through the hub) and the researcher's analysis runs again at every
 * station. Then the model card, the descriptive and the representativeness result pages, each checked
 * with axe-core in Dutch and English. Screenshots go to test-results/web (git-ignored).
 */
describe.skipIf(!chromium)('stewardship, model card and result views in the browser', () => {
  let session: WebSession;
  let network: Network;
  let browser: Browser;
  const { pages, go, signIn, shot } = webSteps(() => session, 'steward-');
  const ids: { permit?: string; waitingRun?: string; descriptive?: string; repr?: string; model?: string } =
    {};

  beforeAll(async () => {
    session = await startWebSession(chromium!, 'web-steward');
    ({ network, browser } = session);
    // The manual station lets its own organisation's stewards decide through the hub.
    const organisationId = network.users.steward1!.organisationId;
    await network.stations
      .find((s) => s.spec.name === MANUAL_STATION)!
      .updatePolicy((p) => ({ ...p, approval: { ...p.approval, remote: { organisationId } } }));
    ids.permit = await network.permit({
      title: 'Opnames en bloeddruk',
      algorithms: ['cohort-feasibility', 'glm', 'validation', 'descriptive', 'representativeness'].map(
        (name) => ({ name, version: versionOf(name) }),
      ),
    });
    // Descriptive statistics of systolic blood pressure: age bins would differ by a few patients from the
    // age bands each station released in its catalogue profile, which its release ledger refuses. The
    // station that approves by hand refuses it too (not approved yet): the page shows the others.
    const researcher = await network.client('researcher');
    const started = await researcher.createRun({
      permitId: ids.permit,
      algorithm: shipped('descriptive'),
      input: {
        population: SMALL_MODEL.population,
        variables: [SMALL_MODEL.features[1]],
        summaries: [{ variable: 'systolic', bins: [-5, -0.5, 0.5, 5] }],
      },
    });
    const descriptive = await researcher.waitForRun(started.id, { intervalMs: 200, timeoutMs: 60_000 });
    if (descriptive.status !== 'done')
      throw new Error(`descriptive run ${descriptive.status}: ${JSON.stringify(descriptive.rounds)}`);
    ids.descriptive = descriptive.id;
  }, NETWORK_START_TIMEOUT_MS);

  afterAll(() => closeWebSession(session));

  const setLang = (page: Page, lang: 'nl' | 'en') =>
    page.evaluate((l) => {
      (
        globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
      ).localStorage.setItem('lang', l);
    }, lang);
  /** The page in Dutch and in English: loaded, in its language, with no axe violation (WCAG 2.1 A/AA). */
  const bothLanguages = async (page: Page, path: string, name: string) => {
    for (const lang of ['nl', 'en'] as const) {
      await setLang(page, lang);
      await go(page, path);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expect.poll(() => page.getByText(/Bezig met laden|Loading…/).count()).toBe(0);
      await shot(page, `${name}-${lang}`);
      expect(describeViolations(`${path} (${lang})`, await axe(page))).toEqual([]);
    }
    await setLang(page, 'nl');
  };
  const manual = () => network.stations.find((s) => s.spec.name === MANUAL_STATION)!;

  it("starts the researcher's analysis; the manual station refuses it until its steward approves", async () => {
    const page = await signIn('researcher');
    await go(page, `/runs/new?permit=${ids.permit}&algorithm=cohort-feasibility`);
    await expect.poll(() => page.getByLabel('Invoer (JSON)').inputValue()).toContain('"cohort"');
    await page.getByRole('button', { name: 'Starten' }).click();
    await page.waitForURL(/\/runs\/run_[^/?]+$/);
    ids.waitingRun = page.url().split('/').at(-1);
    await visible(page.getByRole('link', { name: 'Opnieuw starten' }), 60_000);
    await shot(page, 'run-waits-for-steward');
  }, 90_000);

  it("refuses a steward of another organisation the station's page, with a clear message", async () => {
    browser.expect(403, /^\/api\/stations\/[^/]+\/stewardship$/);
    const page = await signIn('steward2');
    await go(page, `/stations/${manual().stationId}`);
    await hasText(page.getByRole('alert'), 'Dit mag u niet met uw rol.');
    await shot(page, 'other-steward-refused');
  });

  it('shows the steward the station: online, its policy, the permit waiting; approves it with a reason', async () => {
    const page = await signIn('steward1');
    await go(page, '/stations');
    await page
      .getByRole('link', { name: `${MANUAL_STATION} beheren: beleid en wachtende vergunningen` })
      .click();
    await page.waitForURL(/\/stations\/stn_[^/?]+$/);
    await visible(page.getByRole('heading', { name: 'Beleid van het station' }));
    await visible(page.getByText('toegestaan (van databeheerders van de eigen organisatie)'));
    await visible(page.getByText('online', { exact: true }));
    const card = page.locator('article', { hasText: 'Opnames en bloeddruk' });
    await visible(card.getByText('Wacht op uw besluit'), 30_000);
    await shot(page, 'steward-permit-waiting');
    expect(describeViolations('stewardship (nl)', await axe(page))).toEqual([]);
    // No reason: nothing is sent, and the page says what is missing.
    await card.getByRole('button', { name: 'Goedkeuren' }).click();
    await visible(card.getByText('Geef een reden.'));
    await card.getByLabel('Reden').fill('Doel past bij onze patiënten; dataminimalisatie in orde.');
    await card.getByRole('button', { name: 'Goedkeuren' }).click();
    // Decided at the hub, then taken over by the station on its next poll.
    await visible(card.getByText('Toegepast door het station'), 30_000);
    await visible(card.getByText(/Het station heeft het besluit toegepast/));
    await shot(page, 'steward-permit-applied');
    expect(describeViolations('stewardship applied (nl)', await axe(page))).toEqual([]);
  }, 60_000);

  it('has the station applied the decision itself: in its policy and audit chain, and in the hub audit', async () => {
    const node = manual().node!;
    const entries: AuditEntry[] = [];
    for await (const e of node.audit.entries()) entries.push(e);
    const approved = entries.find((e) => e.action === 'permit.approved' && e.permitId === ids.permit);
    expect(approved?.actor).toBe(`steward:${network.users.steward1!.email}`);
    expect(approved?.details).toMatchObject({ via: 'hub' });
    const hubAudit = await (await network.client('auditor')).call('audit', {
      query: { permitId: ids.permit },
    });
    const actions = hubAudit.map((e) => e.action);
    expect(actions).toContain('permit.station-approved');
    expect(actions).toContain('permit.station-decision-applied');
  });

  it('runs the analysis again at every station now that the permit is approved', async () => {
    const page = pages.researcher!;
    await go(page, `/runs/${ids.waitingRun}`);
    await page.getByRole('link', { name: 'Opnieuw starten' }).click();
    await expect.poll(() => page.getByLabel('Invoer (JSON)').inputValue()).toContain('"cohort"');
    await page.getByRole('button', { name: 'Starten' }).click();
    await page.waitForURL(
      (u) => /\/runs\/run_[^/?]+$/.test(u.pathname) && !u.pathname.endsWith(ids.waitingRun!),
    );
    const runId = page.url().split('/').at(-1)!;
    const researcher = await network.client('researcher');
    const run = await researcher.waitForRun(runId, { intervalMs: 200, timeoutMs: 60_000 });
    expect(run.status).toBe('done');
    expect(run.rounds[0]!.stations.map((s) => [s.stationName, s.status]).sort()).toEqual(
      network.stations.map((s) => [s.spec.name, 'done']).sort(),
    );
    await visible(page.getByText('klaar').first(), 30_000);
    await shot(page, 'run-proceeds');
  }, 90_000);

  it('shows the stewardship page in Dutch and English without accessibility violations', async () => {
    await bothLanguages(pages.steward1!, `/stations/${manual().stationId}`, 'stewardship');
    // A reviewer looks on: the same page without the decision buttons.
    const reviewer = await signIn('reviewer');
    await go(reviewer, `/stations/${manual().stationId}`);
    await visible(reviewer.getByText('Toegepast door het station'));
    expect(await reviewer.getByRole('button', { name: 'Goedkeuren' }).count()).toBe(0);
  }, 60_000);

  it('shows a representativeness result: the chart, the comparison table, and a CSV download', async () => {
    const researcher = await network.client('researcher');
    const started = await researcher.createRun({
      permitId: ids.permit!,
      algorithm: shipped('representativeness'),
      input: { population: SMALL_MODEL.population },
    });
    const run = await researcher.waitForRun(started.id, { intervalMs: 200, timeoutMs: 60_000 });
    expect(run.status, JSON.stringify({ error: run.error, rounds: run.rounds })).toBe('done');
    ids.repr = run.id;
    const page = pages.researcher!;
    await go(page, `/runs/${run.id}`);
    const figure = page.locator('figure', { hasText: 'Patiënten per leeftijdsgroep en geslacht' });
    await visible(figure.locator('svg[role="img"]'));
    await visible(page.locator('table', { hasText: 'Aandeel tegenover de Nederlandse bevolking' }));
    await expectCsv(page, figure, 'representativeness.csv');
    await bothLanguages(page, `/runs/${run.id}`, 'representativeness');
  }, 90_000);

  it('shows a descriptive result: histograms with their numbers as a table, and a CSV download', async () => {
    const page = pages.researcher!;
    await go(page, `/runs/${ids.descriptive}`);
    const figure = page.locator('figure', { hasText: 'Verdeling van systolic' });
    await visible(figure.locator('svg[role="img"]'));
    await figure.getByText('De cijfers als tabel').click();
    // One row per bin, the open-ended ones below and above the edges included.
    await expect.poll(() => figure.locator('table tbody tr').count()).toBe(5);
    await expectCsv(page, figure, 'histogram-systolic.csv');
    await bothLanguages(page, `/runs/${ids.descriptive}`, 'descriptive');
  }, 90_000);

  it('shows the model card from the registry: use, data, performance per station and subgroup, calibration, bias', async () => {
    const researcher = await network.client('researcher');
    const runDone = async (name: string, input: unknown): Promise<RunView> => {
      const started = await researcher.createRun({
        permitId: ids.permit!,
        algorithm: { name, version: versionOf(name) },
        input,
      });
      const run = await researcher.waitForRun(started.id, { intervalMs: 200, timeoutMs: 90_000 });
      expect(run.status, `${name}: ${JSON.stringify({ error: run.error, rounds: run.rounds })}`).toBe('done');
      return run;
    };
    const glm = await runDone('glm', { spec: SMALL_MODEL, family: 'logistic' });
    const fit = glm.result as {
      coefficients: { name: string; estimate: number; se: number; lower: number; upper: number; p: number }[];
      nPerStation: Record<string, number>;
    };
    const validation = await runDone('validation', {
      spec: SMALL_MODEL,
      coefficients: fit.coefficients.map((c) => c.estimate),
    });
    const repr = await runDone('representativeness', { population: SMALL_MODEL.population });
    ids.model = `admission-e2e-${glm.id.slice(-8)}`;
    const permit = await researcher.call('getPermit', { params: { id: ids.permit! } });
    await researcher.call('registerModel', {
      body: {
        id: ids.model,
        name: 'Ongeplande opname binnen een jaar',
        version: '1.0.0',
        createdAt: new Date().toISOString(),
        algorithm: glm.provenance.algorithm,
        family: 'logistic',
        spec: SMALL_MODEL,
        coefficients: fit.coefficients.map((c) => ({ ...c, z: c.estimate / c.se })),
        training: {
          permitId: ids.permit,
          purpose: permit.permit.purpose,
          stations: glm.provenance.answered.map((a) => ({
            id: a.stationId,
            n: fit.nPerStation[a.stationId] ?? 0,
            dataVersion: a.dataVersion,
          })),
          rounds: glm.rounds.length,
          ridge: 0,
          runId: glm.id,
        },
        intendedUse: 'Risico op een ongeplande opname binnen een jaar, om proactieve zorg te richten.',
        limitations: ['Getraind op synthetische gegevens; niet voor klinisch gebruik.'],
        validations: [
          {
            at: new Date().toISOString(),
            permitId: ids.permit,
            stations: validation.provenance.answered.map((a) => a.stationId),
            runId: validation.id,
            result: validation.result,
          },
        ],
        representativeness: repr.result,
        representativenessRunId: repr.id,
      },
    });
    const page = pages.researcher!;
    await go(page, '/governance');
    await page.getByRole('link', { name: 'Modelkaart van Ongeplande opname binnen een jaar 1.0.0' }).click();
    await page.waitForURL(/\/models\/[^/?]+$/);
    await visible(page.getByRole('heading', { name: 'Beoogd gebruik' }));
    await visible(page.getByText('Risico op een ongeplande opname binnen een jaar'));
    await visible(page.getByText('Getraind bij deze stations'));
    await visible(page.getByText('ROC-curve', { exact: true }));
    await visible(page.getByText('Kalibratie', { exact: true }));
    await visible(page.getByText('AUC per subgroep'));
    await visible(page.getByRole('heading', { name: 'Representativiteit van de populatie' }));
    // Performance per station: every station that answered the validation, by its name.
    const perStation = page.locator('table', { hasText: 'Prestaties per station en samen' });
    for (const a of validation.provenance.answered) await hasText(perStation, a.stationName);
    const trained = page.locator('table', { hasText: 'Getraind bij deze stations' });
    for (const a of glm.provenance.answered) await hasText(trained, a.stationName);
    await shot(page, 'model-card');
    await bothLanguages(page, `/models/${encodeURIComponent(ids.model)}`, 'model-card');
  }, 240_000);

  it('saw no console error, no failed request and no unexpected error answer', () => {
    expect(browser.problems).toEqual([]);
  });

  const expectCsv = async (page: Page, figure: Locator, file: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(file);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(2);
    await shot(page, file.replace('.csv', ''));
  };
});

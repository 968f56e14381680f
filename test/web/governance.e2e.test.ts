import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCases } from '../../src/governance/classification/reference-cases.ts';
import { platformRecordsFixture } from '../../src/governance/documents/platform-records.fixture.ts';
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

const chromium = findChromium();
if (!chromium) console.warn(`governance e2e tests skipped: ${CHROMIUM_HINT}`);

/** The demo's admission-risk system: its answers walk to AI Act high risk (Annex I) and MDR class IIa. */
const admission = referenceCases.find((c) => c.name.startsWith('One-year unplanned-admission'))!;

/**
 * The governance pages end to end in headless Chromium against a hub and three stations on loopback: a
 * developer describes an AI system and walks its classification, reads its Annex IV and TRIPOD+AI
 * documents, the organisation fills its AI-readiness self-assessment and sees the radar chart, a care
 * need meets a solution, a question goes to the ELSA desk and comes back as public guidance; every
 * page checked with axe-core (WCAG 2.1 A/AA) in Dutch and English, at 1366 and 820 px, with no console
 * error and no unexpected error answer.
 */
describe.skipIf(!chromium)('governance in the browser', () => {
  let session: WebSession;
  let network: Network;
  let browser: Browser;
  const { pages, go, signIn, shot } = webSteps(() => session, 'gov-');
  const ids: { model?: string; system?: string; permit?: string } = {};

  beforeAll(async () => {
    session = await startWebSession(chromium!, 'gov-e2e');
    ({ network, browser } = session);
    // A model in the registry under a real permit. Its record cites no run: the test network's stations
    // refuse to fit or validate a model on their small populations (disclosure checks), and a run the
    // record cites must have produced its figures. So its validation is not presented as verified on the
    // platform: the documents leave it to the provider.
    const permitId = await network.permit();
    const model = structuredClone(platformRecordsFixture().model);
    model.id = `admission-e2e-${Date.now()}`;
    model.training.permitId = permitId;
    delete model.training.runId;
    for (const v of model.validations) {
      v.permitId = permitId;
      delete v.runId;
    }
    delete model.representativenessRunId;
    const researcher = await network.client('researcher');
    await researcher.call('registerModel', { body: model as unknown as Record<string, unknown> });
    ids.model = model.id;
    ids.permit = permitId;
  }, NETWORK_START_TIMEOUT_MS + 60_000);

  afterAll(() => closeWebSession(session));

  const a11y = async (page: Page, where: string) => {
    expect(describeViolations(where, await axe(page))).toEqual([]);
  };
  const settled = (page: Page) =>
    expect.poll(() => page.getByText(/Bezig met laden|Loading…/).count()).toBe(0);

  it('lets a developer describe an AI system, naming what is missing and keeping what was typed', async () => {
    const page = await signIn('researcher');
    await go(page, '/governance');
    await page.getByRole('link', { name: 'Nieuw AI-systeem beschrijven' }).click();
    await page.getByLabel('Naam van het systeem').fill('Proactieve zorg: opnamerisico');
    await page.getByRole('button', { name: 'AI-systeem opslaan' }).click();
    await hasText(page.getByRole('alert').first(), 'Vul “Beoogd doel” in.');
    expect(await page.getByLabel('Naam van het systeem').inputValue()).toBe('Proactieve zorg: opnamerisico');
    await shot(page, 'system-invalid');
    await a11y(page, 'system form with errors');
    await page.getByLabel('Aanbiedende organisatie').fill('Research Lab');
    await page
      .getByLabel('Beoogd doel')
      .fill('Schat het risico op een ongeplande opname binnen een jaar, om proactieve zorg aan te bieden.');
    await page.getByLabel('Beoogde gebruikers').fill('huisartsen');
    await page.getByLabel('Zorgsetting').fill('huisartsenpraktijk');
    await page
      .getByLabel('Beslissing die de uitkomst ondersteunt')
      .fill('wie uit te nodigen voor proactieve zorg');
    await page.getByLabel('Zelfstandigheid').selectOption('recommends');
    await page.getByRole('checkbox', { name: 'Unplanned admission within 1 year 1.0.0' }).check();
    await page.getByRole('checkbox', { name: /algoritmeregister/ }).check();
    browser.expect(404, /^\/api\/governance\/systems\/[^/]+\/classification$/);
    await page.getByRole('button', { name: 'AI-systeem opslaan' }).click();
    await page.waitForURL(/\/governance\/systems\/(?!new$)[^/]+$/);
    ids.system = page.url().split('/').at(-1);
    await hasText(page.locator('h1'), 'Proactieve zorg: opnamerisico');
    await visible(page.getByText('Dit systeem is nog niet geclassificeerd.'));
    await shot(page, 'system');
    await a11y(page, 'system page');
  });

  it('walks the AI Act and MDR questionnaire with each answer’s article and reasoning, and saves the classification', async () => {
    const page = pages.researcher!;
    await page.getByRole('link', { name: 'Classificeren' }).first().click();
    await visible(page.getByRole('heading', { name: /Volgende vraag/ }));
    await a11y(page, 'classification, first question');
    const answers = admission.answers as Record<string, string | boolean>;
    let asked = 0;
    for (; asked < 40; asked++) {
      const form = page.locator('form[data-fact]');
      if ((await form.count()) === 0) break;
      const fact = (await form.getAttribute('data-fact'))!;
      const given = answers[fact];
      const value = given === true ? 'yes' : given === false ? 'no' : given;
      expect(value, `an answer for ${fact}`).toBeDefined();
      // Keyboard: the answer is chosen and sent without the mouse.
      await form.locator(`input[value="${value}"]`).focus();
      await page.keyboard.press('Space');
      await form.getByRole('button', { name: 'Volgende' }).click();
      await expect.poll(async () => page.locator(`form[data-fact="${fact}"]`).count()).toBe(0);
    }
    expect(asked).toBeGreaterThan(5);
    await visible(page.getByRole('heading', { name: 'Alle vragen beantwoord' }));
    await hasText(page.getByTestId('ai-act-class'), 'hoog risico');
    await hasText(page.getByTestId('mdr-class'), 'IIa');
    // Each step shows its rule and the reasoning in plain words.
    await visible(page.getByText('MDR Annex VIII, Rule 11, first paragraph').first());
    await visible(page.getByText('Zelfstandige software').first());
    await shot(page, 'classification-complete');
    await a11y(page, 'classification complete');
    await page.getByRole('button', { name: 'Antwoorden opslaan en classificeren' }).click();
    await page.waitForURL(/\/governance\/systems\/[^/]+$/);
    await visible(page.getByText(/AI-verordening: hoog risico · MDR: IIa/));
    await hasText(page.locator('table', { hasText: 'Eerdere classificaties' }), 'IIa');
    await shot(page, 'system-classified');
  }, 120_000);

  it('shows Annex IV with its completeness, what the provider must add (an unverified validation among it), and downloads', async () => {
    const page = pages.researcher!;
    await page.getByRole('link', { name: 'Technische documentatie (AI-verordening bijlage IV)' }).click();
    await visible(page.getByText(/^Volledigheid: \d/));
    expect(await page.locator('meter').count()).toBe(1);
    const score = Number(await page.locator('meter').getAttribute('value'));
    expect(score).toBeGreaterThan(0.3);
    expect(score).toBeLessThan(1);
    await visible(page.getByText('in te vullen door de aanbieder').first());
    await visible(page.getByText('Nog nodig van de aanbieder:').first());
    // Validation figures whose run is not at this hub are left to the provider, not shown as verified.
    await visible(page.getByText('Run an external validation at the stations').first());
    await shot(page, 'annex-iv');
    await a11y(page, 'annex iv');
    const [md] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Markdown' }).click(),
    ]);
    expect(md.suggestedFilename()).toBe(`annex-iv-${ids.model}.md`);
    const markdown = await readFile(await md.path(), 'utf8');
    expect(markdown).toContain(`/api/permits/${ids.permit}`);
    expect(markdown).not.toContain('/api/runs/');
    await page.getByLabel('Toon onderdelen').selectOption('to-complete');
    expect(await page.locator('article.ai4h-doc-item--filled').count()).toBe(0);
    await page.getByLabel('Toon onderdelen').selectOption('filled');
    await go(page, `/governance/systems/${ids.system}/documents/tripod-ai`);
    await visible(page.getByText(/^Volledigheid: \d/));
    const tripod = Number(await page.locator('meter').getAttribute('value'));
    expect(tripod).toBeGreaterThan(0.5);
    await shot(page, 'tripod-ai');
    await a11y(page, 'tripod+ai');
  }, 60_000);

  it('shows the published system in the algorithm register on the public transparency page', async () => {
    const page = await browser.newPage();
    pages.public = page;
    await go(page, '/transparency');
    await visible(page.getByRole('heading', { name: 'AI-systemen in het algoritmeregister' }));
    await visible(page.getByRole('heading', { name: 'Proactieve zorg: opnamerisico' }));
    await hasText(page.locator('table', { hasText: 'publication_category' }), 'Hoog-risico AI-systeem');
    await shot(page, 'public-register');
    await a11y(page, 'transparency with the algorithm register');
  });

  it('takes the readiness self-assessment, names unanswered questions, and shows the radar chart with next steps', async () => {
    const page = await signIn('steward1');
    browser.expect(404, /^\/api\/governance\/readiness$/);
    await go(page, '/governance/readiness');
    await visible(page.getByRole('heading', { name: 'Zelfevaluatie invullen' }));
    const selects = page.locator('main form select');
    const n = await selects.count();
    expect(n).toBe(18);
    await selects.nth(0).selectOption('4');
    await page.getByRole('button', { name: 'Zelfevaluatie indienen' }).click();
    await hasText(page.getByRole('alert').first(), `Beantwoord nog ${n - 1} vragen.`);
    expect(await selects.nth(0).inputValue()).toBe('4');
    await a11y(page, 'readiness with errors');
    for (let i = 1; i < n; i++) await selects.nth(i).selectOption(String(i % 5));
    await page.getByRole('button', { name: 'Zelfevaluatie indienen' }).click();
    await visible(page.getByRole('heading', { name: 'Uw resultaat' }));
    await visible(page.locator('figure [role="img"][aria-label="AI-gereedheid per thema (0–100)"]'));
    await visible(page.getByRole('heading', { name: 'Volgende stappen' }));
    await visible(page.getByText(/De netwerkvergelijking verschijnt vanaf/));
    await shot(page, 'readiness-radar');
    await a11y(page, 'readiness result');
  });

  it('matches a care need with an AI solution, with the reasons', async () => {
    const steward = pages.steward1!;
    await go(steward, '/governance/matchmaking');
    await steward
      .getByLabel('Het probleem')
      .fill('Te veel ongeplande opnames van kwetsbare ouderen met diabetes.');
    await steward.getByLabel('Zorgdomein').selectOption('primary-care');
    await steward.getByLabel('Patiënten per jaar').fill('1200');
    await steward.getByLabel('Aandoeningen (SNOMED CT-codes)').fill('44054006');
    await steward.getByRole('button', { name: 'Zorgvraag plaatsen' }).click();
    await visible(steward.getByText('Uw zorgvraag is geplaatst.'));
    const dev = pages.researcher!;
    await go(dev, '/governance/matchmaking');
    await dev.getByLabel('Naam', { exact: true }).fill('Opnamerisico huisartsenzorg');
    await dev.getByLabel('Beoogd gebruik').fill('Proactieve zorg voor patiënten met een hoog opnamerisico.');
    await dev.getByLabel('Zorgdomein').selectOption('primary-care');
    await dev.getByLabel('Aandoeningen (SNOMED CT-codes)').fill('44054006');
    await dev.getByLabel('Bewijs').selectOption('external-validation');
    await dev.getByLabel('AI-systeem op het platform').selectOption(ids.system!);
    await dev.getByRole('button', { name: 'AI-oplossing plaatsen' }).click();
    await visible(dev.getByText('Uw AI-oplossing is geplaatst.'));
    const proposed = dev.locator('table', { hasText: 'Voorgestelde oplossingen' });
    await hasText(proposed, 'Opnamerisico huisartsenzorg');
    await hasText(proposed, 'hoog risico · MDR IIa');
    await shot(dev, 'matchmaking');
    await a11y(dev, 'matchmaking as developer');
    await go(steward, '/governance/matchmaking');
    await hasText(
      steward.locator('table', { hasText: 'Voorgestelde oplossingen' }),
      'Opnamerisico huisartsenzorg',
    );
    await a11y(steward, 'matchmaking as steward');
  });

  it('takes an ELSA question anonymously; an expert answers and publishes it as public guidance', async () => {
    const page = pages.researcher!;
    await go(page, '/governance/elsa');
    await page.getByLabel('Uw vraag').fill('Kort');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await visible(page.getByText('Schrijf uw vraag in ten minste 10 tekens.'));
    const question = 'Mogen wij een risicomodel gebruiken zonder de patiënt daarover te informeren?';
    await page.getByLabel('Uw vraag').fill(question);
    await page.getByLabel('Onderwerpen').fill('informatieplicht, AVG');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await visible(page.getByText('Uw vraag is verstuurd naar de experts.'));
    await visible(page.getByText(question));
    await shot(page, 'elsa-asked');
    await a11y(page, 'elsa desk, asked');
    // Admins count as experts at the desk: they see the question, never who asked.
    const expert = await signIn('admin');
    await go(expert, '/governance/elsa');
    const card = expert.locator('article', { hasText: question });
    await visible(card);
    expect(await card.textContent()).not.toContain(network.users.researcher!.email);
    await card
      .getByLabel('Antwoord')
      .fill('Ja, mits de patiënt in de informatie over de zorg hoort dat een model meedenkt.');
    await card.getByRole('checkbox', { name: 'Geanonimiseerd publiceren als handreiking' }).check();
    await card.getByRole('button', { name: 'Antwoord versturen' }).click();
    await hasText(card, 'beantwoord');
    await a11y(expert, 'elsa desk, expert');
    const pub = pages.public!;
    await go(pub, '/governance/elsa');
    await pub.getByLabel('Zoek in handreikingen').fill('risicomodel');
    await pub.getByRole('button', { name: 'Zoeken' }).click();
    await visible(pub.getByText(question));
    await shot(pub, 'elsa-guidance');
    await a11y(pub, 'elsa guidance, public');
  });

  it('shows the landscape with its coverage chart, table alternative and white spots', async () => {
    const page = pages.public!;
    await go(page, '/governance/landscape');
    await visible(page.locator('figure [role="img"][aria-label="Initiatieven per zorgdomein en fase"]'));
    await visible(page.getByRole('heading', { name: 'Witte vlekken' }));
    await page.getByText('De cijfers als tabel').first().click();
    await hasText(page.locator('figure table').first(), 'fase 1');
    await shot(page, 'landscape');
    await a11y(page, 'landscape');
  });

  it("shows the reviewer a request's dry run on synthetic twins before deciding", async () => {
    const researcher = await network.client('researcher');
    const request = await researcher.createRequest({
      purpose: 'research',
      title: 'Opnamerisico: regressie in de sandbox',
      description: 'Een regressie, eerst op synthetische tweelingen van de stations.',
      stations: network.stations.map((s) => s.stationId),
      algorithms: [{ name: 'glm', version: '1.4.0' }],
      durationDays: 30,
      queryBudget: 10,
    });
    const glm = network.algorithms.find((a) => a.name === 'glm')!;
    await researcher.call('submitSandboxRun', {
      body: {
        requestId: request.id,
        run: {
          synthetic: true,
          algorithm: { name: glm.name, version: glm.version, hash: glm.hash },
          purpose: 'research',
          outcome: 'failed',
          stage: 'run',
          message: 'a twin refused the run',
          stations: network.stations.map((s, i) => ({
            name: s.spec.name,
            patients: s.spec.patients,
            releasedPatients: s.spec.patients,
            status: i === 0 ? 'refused' : 'done',
            ...(i === 0 ? { reason: 'binary predictor below the minimum cell count' } : {}),
            calibration: [],
          })),
          seconds: 2.5,
        },
      },
    });
    const page = await signIn('reviewer');
    await go(page, '/reviews');
    const card = page.locator('article', { hasText: 'Opnamerisico: regressie in de sandbox' });
    await visible(card.getByText('Proefdraaiing mislukt'));
    await hasText(card, 'synthetische gegevens, geen echt station');
    await hasText(card, 'gestopt bij: de uitvoering');
    await hasText(card, 'geweigerd');
    await hasText(card, 'binary predictor below the minimum cell count');
    await shot(page, 'review-sandbox');
    await a11y(page, 'reviews with a dry run');
  });

  it('lets the access body fill a white spot of the landscape with a sourced initiative', async () => {
    const page = pages.reviewer!;
    await go(page, '/governance/landscape');
    const cell = page
      .locator('figure table tr', { hasText: 'ggz' })
      .filter({ hasText: 'fase 1' })
      .locator('td')
      .last();
    expect(await cell.textContent()).toBe('0');
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Initiatief toevoegen' }) });
    await form.getByRole('button', { name: 'Initiatief toevoegen' }).click();
    await visible(page.getByText('Noem de bron van deze informatie.'));
    await a11y(page, 'landscape form with errors');
    await form.getByLabel('Naam', { exact: true }).fill('Proeftuin AI in de ggz');
    await form.getByLabel('Regio').selectOption('Utrecht');
    await form.getByLabel('Zorgdomein').selectOption('mental-health');
    await form.getByLabel('Fase', { exact: true }).selectOption('1');
    await form.getByLabel('Betrokken organisaties').fill('GGZ-instelling Utrecht, Universiteit Utrecht');
    await form.getByLabel('Omschrijving').fill('Verkenning van AI-toepassingen in de ggz.');
    await form.getByLabel('Bron').fill('Aanmelding bij het toegangsorgaan (test)');
    await form.getByRole('button', { name: 'Initiatief toevoegen' }).click();
    await visible(page.getByText('Het initiatief staat in het landschap.'));
    await expect.poll(() => cell.textContent()).toBe('1');
    await shot(page, 'landscape-added');
  });

  it('has every governance page in Dutch and English without accessibility violations', async () => {
    const routes: [string, string][] = [
      ['public', '/governance'],
      ['public', '/governance/landscape'],
      ['public', '/governance/elsa'],
      ['public', '/transparency'],
      ['researcher', '/governance'],
      ['researcher', '/governance/systems/new'],
      ['researcher', `/governance/systems/${ids.system}`],
      ['researcher', `/governance/systems/${ids.system}/edit`],
      ['researcher', `/governance/systems/${ids.system}/classify`],
      ['researcher', `/governance/systems/${ids.system}/documents/annex-iv`],
      ['researcher', '/governance/matchmaking'],
      ['researcher', '/governance/elsa'],
      ['steward1', '/governance/readiness'],
      ['admin', '/governance'],
    ];
    routes.push(['reviewer', `/governance/systems/${ids.system}`], ['reviewer', '/reviews']);
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
        await settled(page);
        await a11y(page, `${path} (${who}, ${lang})`);
      }
    }
  }, 240_000);

  it('fits a tablet (820 px) without sideways scrolling', async () => {
    const page = pages.researcher!;
    await page.setViewportSize({ width: 820, height: 1100 });
    for (const path of [
      `/governance/systems/${ids.system}/classify`,
      `/governance/systems/${ids.system}/documents/annex-iv`,
      '/governance/landscape',
      '/governance/matchmaking',
    ]) {
      await go(page, path);
      await settled(page);
      const overflow = await page.evaluate(() => {
        const d = (
          globalThis as unknown as {
            document: { documentElement: { scrollWidth: number; clientWidth: number } };
          }
        ).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      expect(overflow, path).toBeLessThanOrEqual(0);
      await shot(page, `tablet-${path.split('/').at(-1)}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('saw no console error, no failed request and no unexpected error answer', () => {
    expect(browser.problems).toEqual([]);
  });
});

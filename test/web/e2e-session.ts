import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureWebAppBuilt, WEB_APP_DIST } from '../../src/web/index.ts';
import type { Network, NetworkStationSpec } from '../network/network-fixture.ts';
import { ARTIFACTS, type Browser, launchBrowser } from './browser.ts';
import { startWebNetwork } from './web-network.ts';

/** The web app's build, served by the test network, and a headless Chromium watching it. */
export interface WebSession {
  dist: string;
  network: Network;
  browser: Browser;
}

/**
 * Makes sure web/dist holds a build of the current sources (built once per change of the sources and
 * shared by every browser test file and `npm start`: {@link ensureWebAppBuilt}), starts the test network
 * serving it ({@link startWebNetwork}) and a headless Chromium. What started is closed again when a
 * later part fails. `name` names the session in messages.
 */
export async function startWebSession(
  chromium: string,
  name: string,
  options: { stations?: readonly NetworkStationSpec[] } = {},
): Promise<WebSession> {
  const started: Partial<WebSession> = { dist: WEB_APP_DIST };
  try {
    await ensureWebAppBuilt();
    started.network = await startWebNetwork(started.dist!, options);
    started.browser = await launchBrowser(chromium);
    return started as WebSession;
  } catch (e) {
    await closeWebSession(started);
    throw new Error(`the ${name} browser session did not start: ${(e as Error).message}`, { cause: e });
  }
}

/** Closes the browser and the network (the build stays for the next session); parts never started are skipped. */
export async function closeWebSession(session: Partial<WebSession> | undefined): Promise<void> {
  await session?.browser?.close();
  await session?.network?.close();
}

/** Waits until the first element of `loc` is visible. */
export const visible = (loc: Locator, timeout = 15_000) => loc.first().waitFor({ state: 'visible', timeout });

/** Waits until the first element of `loc` contains `text`. */
export const hasText = (loc: Locator, text: string, timeout = 15_000) =>
  expect.poll(() => loc.first().textContent(), { timeout }).toContain(text);

/**
 * The steps every browser test takes on a session (read through `session` once it has started): open a
 * page of the app, sign a demo user in (the page is kept in `pages` under the user's handle), and take
 * numbered screenshots into the artifacts folder, their names starting with `shotPrefix`.
 */
export function webSteps(session: () => WebSession, shotPrefix: string) {
  let step = 0;
  const pages: Record<string, Page> = {};
  const go = async (page: Page, path: string) => {
    await page.goto(`${session().network.url}${path}`);
    await page.locator('h1').first().waitFor();
  };
  const signIn = async (handle: string) => {
    const { browser, network } = session();
    const page = await browser.newPage();
    const user = network.users[handle]!;
    await go(page, '/sign-in');
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByLabel('Wachtwoord').fill(user.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    pages[handle] = page;
    return page;
  };
  const shot = async (page: Page, name: string, options: { fullPage?: boolean } = {}) => {
    step += 1;
    await page.screenshot({
      path: join(ARTIFACTS, `${shotPrefix}${String(step).padStart(2, '0')}-${name}.png`),
      fullPage: options.fullPage ?? true,
    });
  };
  return { pages, go, signIn, shot };
}

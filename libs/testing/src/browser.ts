import { Browser, chromium, Page } from 'playwright-core';
import { TEST_KEYCLOAK } from './keycloak.helpers';
import { PageAudit } from './page-audit';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's Chromium driven by playwright-core (never a browser download of its own), headless, no network chatter.
 * Every page of every context it opens is audited with axe-core (see PageAudit.auditEveryPage).
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return PageAudit.auditEveryPage(browser);
}

/** On Keycloak's real login page (where the portal sent the browser): types the credentials and signs in. */
export async function signInOnKeycloak(page: Page, username: string, password: string = TEST_KEYCLOAK.demoPassword) {
  await page.waitForURL(`${TEST_KEYCLOAK.base}/**`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#kc-login');
}

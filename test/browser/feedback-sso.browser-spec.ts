import { Browser } from 'playwright-core';
import {
  eventually,
  FeedbackHarness,
  launchChromium,
  PageAudit,
  PortalHarness,
  signInOnKeycloak,
  startFeedback,
  startPortal,
  TEST_KEYCLOAK,
} from '@app/testing';

/**
 * The ward's two systems on one sign-on: the portal and the feedback app (Phản ánh hiện trường) are separate apps
 * with their own Keycloak clients, cookies and sessions; one sign-in covers both, and signing out of either ends both.
 */
describe('one sign-on for the portal and the feedback app', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let feedback: FeedbackHarness;

  beforeAll(async () => {
    [browser, portal] = await Promise.all([launchChromium(), startPortal()]);
    feedback = await startFeedback({ db: portal.db, redisPrefix: portal.redisPrefix, portalUrl: portal.url });
  });

  afterAll(async () => {
    await browser?.close();
    await feedback?.stop();
    await portal?.stop();
  });

  /** Whether the feedback app's page shows the user as signed in (its session, not Keycloak's). */
  async function feedbackUser(page: import('playwright-core').Page): Promise<string | null> {
    const res = await page.request.get(`${feedback.url}/`);
    const html = await res.text();
    return /data-testid="user-name">([^<]+)</.exec(html)?.[1] ?? null;
  }

  it('signs in to the portal, opens the feedback app without a password, and a sign-out there ends both', async () => {
    const { context, audit } = await PageAudit.context(browser);
    const page = await context.newPage();
    await page.goto(`${portal.url}/auth/login`);
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/`);

    // The feedback app: not signed in yet (its own session), then one click and Keycloak's session signs it in.
    await page.goto(feedback.url);
    await audit.check(page);
    expect(await page.getByTestId('sign-in').isVisible()).toBe(true);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${feedback.url}/`);
    expect(await page.getByTestId('user-name').textContent()).toBe('Nguyễn Văn An');
    expect(await page.isVisible('#password')).toBe(false);
    await audit.check(page);

    // Signing out of the feedback app ends the Keycloak session; Keycloak's back-channel logout ends the portal's.
    await page.getByTestId('sign-out').click();
    await page.waitForURL(`${feedback.url}/`);
    expect(await eventually(async () => (await page.request.get(`${portal.url}/api/v1/me`)).status(), 401)).toBe(401);
    expect(await feedbackUser(page)).toBeNull();
    await audit.assertClean();
    await context.close();
  });

  it('signing out of the portal ends the feedback app’s session too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${feedback.url}/auth/login`);
    await signInOnKeycloak(page, 'dieuhanh');
    await page.waitForURL(`${feedback.url}/`);
    expect(await page.getByTestId('user-roles').textContent()).toBe('Cán bộ điều hành tiếp nhận phản ánh');

    await page.goto(`${portal.url}/auth/login`);
    await page.waitForURL(`${portal.url}/`);
    expect((await page.request.get(`${portal.url}/api/v1/me`)).status()).toBe(200);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(`${portal.url}/`);

    expect(await eventually(() => feedbackUser(page), null)).toBeNull();
    await page.goto(`${feedback.url}/auth/login`);
    await page.waitForURL(`${TEST_KEYCLOAK.base}/**`);
    expect(await page.isVisible('#username')).toBe(true);
    await context.close();
  });
});

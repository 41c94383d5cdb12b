import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  adminApi,
  eventually,
  launchChromium,
  PageAudit,
  signInOnKeycloak,
  PortalHarness,
  startPortal,
  TEST_KEYCLOAK,
  userId,
} from '@app/testing';

/** Sign-in, sign-out and single logout, as a person does them: real pages of the portal and of Keycloak. */
describe('single sign-on in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let context: BrowserContext;
  let page: Page;
  let audit: PageAudit;

  beforeAll(async () => {
    [browser, portal] = await Promise.all([launchChromium(), startPortal()]);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  beforeEach(async () => {
    ({ context, audit } = await PageAudit.context(browser));
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('takes an anonymous visitor through Keycloak and back, showing name, role and agency', async () => {
    await page.goto(portal.url);
    await expectHeading(page, 'Thủ tục hành chính tại một cửa');
    await audit.check(page);
    await page.getByTestId('sign-in').click();
    // Keycloak's page in Vietnamese, with the portal's name, and no self-registration.
    await page.waitForURL(`${TEST_KEYCLOAK.base}/**`);
    expect(new URL(page.url()).searchParams.get('ui_locales')).toBe('vi');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.title()).toContain('Một Cửa');
    expect(await page.locator('a[href*="registration"]').count()).toBe(0);
    await audit.check(page);
    await signInOnKeycloak(page, 'tiepnhan');
    await page.waitForURL(`${portal.url}/`);
    expect(await page.getByTestId('user-name').textContent()).toBe('Lê Thị Hoa');
    expect(await page.getByTestId('user-roles').textContent()).toBe('Cán bộ tiếp nhận');
    expect(await page.getByTestId('user-agency').textContent()).toBe('Ủy ban nhân dân phường Thủy Xuân');
    await page.screenshot({ path: 'test-results/home-signed-in.png', fullPage: true });

    await page.goto(`${portal.url}/account`);
    const summary = await page.getByTestId('account-summary').textContent();
    expect(summary).toContain('Cán bộ tiếp nhận');
    expect(summary).toContain('000.17.22.H56');
    expect(await page.getByTestId('identity-summary').textContent()).toContain('tiepnhan@motcua.example');
    // A readable summary: no raw token claims, no ISO timestamps.
    const main = (await page.locator('main').textContent()) ?? '';
    for (const raw of ['email_verified', 'preferred_username', 'azp', 'sid', 'auth_time'])
      expect(main).not.toContain(raw);
    expect(main).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await audit.check(page);
    await page.screenshot({ path: 'test-results/account.png', fullPage: true });
    await audit.assertClean();
  });

  it('returns to the page that asked for sign-in', async () => {
    await page.goto(`${portal.url}/account`);
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/account`);
    expect(await page.getByTestId('user-name').textContent()).toBe('Nguyễn Văn An');
    expect(await page.getByTestId('account-summary').textContent()).toContain('Không thuộc cơ quan nào');
    // What the identity account releases to the portal, in words: CCCD and phone (declared in the realm's profile).
    const identity = await page.getByTestId('identity-summary').textContent();
    expect(identity).toContain('046090001234');
    expect(identity).toContain('0905123456');
    await audit.check(page);
    await audit.assertClean();
  });

  it('shows Keycloak’s sign-in page in the portal’s language', async () => {
    await page.goto(portal.url);
    await page.click('a[hreflang="en"]');
    await expectHeading(page, 'Administrative procedures at one desk');
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${TEST_KEYCLOAK.base}/**`);
    expect(new URL(page.url()).searchParams.get('ui_locales')).toBe('en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(
      await page
        .locator('#kc-login')
        .inputValue()
        .catch(async () => page.locator('#kc-login').textContent()),
    ).toMatch(/Sign In/i);
    await audit.check(page);
    await audit.assertClean();
  });

  it('keeps a wrong password on Keycloak with its error', async () => {
    await page.goto(`${portal.url}/auth/login`);
    await signInOnKeycloak(page, 'tiepnhan', 'wrong-password');
    await page.waitForSelector('#input-error, .kc-feedback-text, [class*="alert-error"]');
    await page.screenshot({ path: 'test-results/keycloak-wrong-password.png' });
    expect(page.url().startsWith(TEST_KEYCLOAK.base)).toBe(true);
    expect(await page.isVisible('#password')).toBe(true);
    await page.goto(portal.url);
    expect(await page.getByTestId('sign-in').isVisible()).toBe(true);
  });

  it('signs out of the portal and Keycloak: the next sign-in shows the login form again', async () => {
    await page.goto(`${portal.url}/auth/login`);
    await signInOnKeycloak(page, 'lanhdao');
    await page.waitForURL(`${portal.url}/`);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(`${portal.url}/`);
    expect(await page.getByTestId('sign-in').isVisible()).toBe(true);
    expect((await page.request.get(`${portal.url}/api/v1/me`)).status()).toBe(401);

    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${TEST_KEYCLOAK.base}/**`);
    expect(await page.isVisible('#username')).toBe(true);
  });

  it('ends the portal session when the Keycloak session is ended by an administrator', async () => {
    await page.goto(`${portal.url}/auth/login`);
    await signInOnKeycloak(page, 'chuyenvien');
    await page.waitForURL(`${portal.url}/`);
    expect((await page.request.get(`${portal.url}/api/v1/me`)).status()).toBe(200);

    await adminApi(`/users/${await userId('chuyenvien')}/logout`, { method: 'POST' });

    expect(await eventually(async () => (await page.request.get(`${portal.url}/api/v1/me`)).status(), 401)).toBe(401);
    await page.goto(`${portal.url}/account`);
    await page.waitForURL(`${TEST_KEYCLOAK.base}/**`);
    expect(await page.isVisible('#username')).toBe(true);
  });

  it('switches the interface to English and back', async () => {
    await page.goto(portal.url);
    await page.click('a[hreflang="en"]');
    await expectHeading(page, 'Administrative procedures at one desk');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.click('a[hreflang="vi"]');
    await expectHeading(page, 'Thủ tục hành chính tại một cửa');
  });
});

describe('single logout across two applications', () => {
  let browser: Browser;
  let appA: PortalHarness;
  let appB: PortalHarness;

  beforeAll(async () => {
    // Both apps run on localhost, where cookies do not tell ports apart: each app keeps its own cookie name.
    [browser, appA, appB] = await Promise.all([
      launchChromium(),
      startPortal({ env: { SESSION_COOKIE_NAME: 'app-a.sid' } }),
      startPortal({ env: { SESSION_COOKIE_NAME: 'app-b.sid' } }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([appA?.stop(), appB?.stop()]);
  });

  it('signs in once for both, and signing out of one signs out of the other', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appA.url}/auth/login`);
    await signInOnKeycloak(page, 'quantri');
    await page.waitForURL(`${appA.url}/`);

    // Second application: single sign-on, no login form.
    await page.goto(`${appB.url}/auth/login`);
    await page.waitForURL(`${appB.url}/`);
    expect(await page.getByTestId('user-name').textContent()).toBe('Bùi Quang Huy');
    expect((await page.request.get(`${appA.url}/api/v1/me`)).status()).toBe(200);

    await page.getByTestId('sign-out').click();
    await page.waitForURL(`${appB.url}/`);

    expect(await eventually(async () => (await page.request.get(`${appA.url}/api/v1/me`)).status(), 401)).toBe(401);
    await page.goto(`${appA.url}/account`);
    await page.waitForURL(`${TEST_KEYCLOAK.base}/**`);
    expect(await page.isVisible('#username')).toBe(true);
    await context.close();
  });
});

/** Access-token lifespan for the refresh test; the portal renews a token 60 s before it expires. */
const TOKEN_LIFESPAN_SECONDS = 80;

describe('server-side token refresh', () => {
  let browser: Browser;
  let portal: PortalHarness;

  beforeAll(async () => {
    // Access tokens live 80 s and the portal renews them one minute before expiry: a token needs renewing from
    // twenty seconds after it was issued, and a renewed one needs nothing for the next twenty (room for a busy
    // machine between the concurrent requests and the one after).
    [browser, portal] = await Promise.all([
      launchChromium(),
      startPortal({ accessTokenLifespan: TOKEN_LIFESPAN_SECONDS, env: { LOG_LEVEL: 'info' } }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('renews the access token before it expires, once for concurrent requests of one session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${portal.url}/auth/login`);
    await signInOnKeycloak(page, 'congan');
    await page.waitForURL(`${portal.url}/`);
    const refreshes = () => portal.proc.output().split('access token refreshed').length - 1;
    // A request's refresh is logged before the request's own completion line, and the log keeps its order: once the
    // completion lines of the given requests are in the output, so is every refresh they made.
    const get = (id: string) =>
      page.request.get(`${portal.url}/api/v1/me`, { headers: { 'x-correlation-id': id } }).then((r) => r.status());
    const logged = async (...ids: string[]) =>
      expect(
        await eventually(() => {
          const lines = portal.proc.output().split('\n');
          return Promise.resolve(
            ids.every((id) => lines.some((l) => l.includes(id) && l.includes('request completed'))),
          );
        }, true),
      ).toBe(true);
    // On a busy machine the pages after sign-in may already have renewed the token: count from here.
    expect(await get('refresh-test-start')).toBe(200);
    await logged('refresh-test-start');
    const before = refreshes();

    // The session's token (issued or renewed before this point) is now past its renewal point.
    await new Promise((r) => setTimeout(r, (TOKEN_LIFESPAN_SECONDS - 60) * 1000 + 500));
    const concurrent = Array.from({ length: 5 }, (_, i) => `refresh-test-concurrent-${i}`);
    expect(await Promise.all(concurrent.map(get))).toEqual([200, 200, 200, 200, 200]);
    await logged(...concurrent);
    expect(refreshes()).toBe(before + 1);

    // The renewed token serves the next request as it is, with the agency claim intact.
    const me = await page.request.get(`${portal.url}/api/v1/me`, {
      headers: { 'x-correlation-id': 'refresh-test-after' },
    });
    expect(((await me.json()) as { agency: string }).agency).toBe('000.31.22.H56');
    await logged('refresh-test-after');
    expect(refreshes()).toBe(before + 1);
    await context.close();
  });
});

async function expectHeading(page: Page, text: string): Promise<void> {
  expect((await page.locator('h1').first().textContent())?.trim()).toBe(text);
}

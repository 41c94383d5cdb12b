import { Browser, BrowserContext, Page } from 'playwright-core';
import { PageAudit, launchChromium, signInOnKeycloak, PortalHarness, startPortal } from '@app/testing';

/** The administrator's calendar and procedure editor as quantri uses them, on a phone too. */
describe('admin calendar and procedure editor in the browser', () => {
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

  it('shows the notice behind each 2026 day, and edits an e-form field with the form editor', async () => {
    await page.goto(`${portal.url}/admin/calendar/2026`);
    await signInOnKeycloak(page, 'quantri');
    await page.waitForURL(`${portal.url}/admin/calendar/2026`);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    expect(await page.locator('li[data-date="2026-08-22"] [data-testid="day-basis"]').textContent()).toContain(
      'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ',
    );
    expect(await page.locator('li[data-date="2026-01-02"] [data-testid="day-basis"]').textContent()).toContain(
      'Công văn 12729/VPCP-KGVX ngày 25/12/2025',
    );

    await page.goto(`${portal.url}/admin/procedures`);
    await page.locator('form[action="/admin/procedures/1.004873/versions"] button').click();
    await page.waitForURL(/\/admin\/procedures\/1\.004873\/versions\/2$/);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    // Rename the first e-form field with the form editor; the JSON view stays closed.
    expect(await page.getByTestId('expert-view').getAttribute('open')).toBeNull();
    await page.fill('#formFields-0-labelVi', 'Họ, chữ đệm và tên người yêu cầu');
    await page.getByTestId('save').click();
    await page.waitForURL(/\/admin\/procedures\/1\.004873\/versions\/2\?saved=1$/);
    expect(await page.inputValue('#formFields-0-labelVi')).toBe('Họ, chữ đệm và tên người yêu cầu');
    await audit.assertClean();
  });
});

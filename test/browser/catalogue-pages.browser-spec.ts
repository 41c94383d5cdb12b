import { Browser, BrowserContext, Page } from 'playwright-core';
import { PageAudit, launchChromium, signInOnKeycloak, PortalHarness, startPortal } from '@app/testing';

/** The public catalogue as a person on a phone uses it: search without diacritics, read a procedure, apply. */
describe('public procedure pages in the browser', () => {
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

  it('fits 375 px, finds "hon nhan", and leads from the procedure page to the online application', async () => {
    await page.goto(`${portal.url}/procedures`);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.fill('#q', 'hon nhan');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/\/procedures\?q=hon\+nhan/);
    const results = page.locator('[data-testid="procedures"] > li');
    expect(await results.count()).toBe(1);
    expect(await results.first().getAttribute('data-code')).toBe('1.004873');
    expect(await audit.check(page)).toBeLessThanOrEqual(375);

    await results.first().getByRole('link').click();
    await page.waitForURL(`${portal.url}/procedures/1.004873`);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    for (const inner of ['purpose', 'ket_hon', 'cấu hình']) expect(await page.content()).not.toContain(inner);

    await page.getByTestId('apply-online').click();
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/dossiers/new/1.004873`);
    expect(await page.locator('h1').textContent()).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');

    // A joint procedure page fits too, with its components as a list.
    await page.goto(`${portal.url}/procedures/LT.KS-TT-BHYT`);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    expect(await page.locator('[data-testid="components"] li').count()).toBe(3);
    await audit.assertClean();
  });
});

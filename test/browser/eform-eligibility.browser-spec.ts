import { Browser, BrowserContext, Page } from 'playwright-core';
import { PageAudit, launchChromium, signInOnKeycloak, PortalHarness, startPortal } from '@app/testing';

const JOINT_BIRTH = 'LT.KS-TT-BHYT';

/** The liên thông birth e-form as a citizen meets it: sections, official pick-lists, fields that show and hide, and
 * the server's eligibility rule (a child under six) naming the field. */
describe('e-form eligibility and sections in the browser', () => {
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

  it('groups the joint birth form in sections with pick-lists, and refuses a child born in 2015 naming the field', async () => {
    await page.goto(`${portal.url}/dossiers/new/${JOINT_BIRTH}`);
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/dossiers/new/${JOINT_BIRTH}`);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);

    const headings = await page.locator('[data-testid="eform-section"] h2').allTextContents();
    expect(headings).toEqual([
      'Thông tin của trẻ',
      'Thông tin của cha, mẹ',
      'Người đi đăng ký',
      'Đăng ký thường trú cho trẻ',
      'Thẻ bảo hiểm y tế của trẻ',
    ]);
    // Dân tộc: the 54 groups with their codes; quốc tịch: ISO 3166 countries in Vietnamese, Việt Nam first.
    const ethnic = page.locator('#eform-childEthnicity option');
    expect(await ethnic.count()).toBe(55);
    expect(await ethnic.nth(1).getAttribute('value')).toBe('01');
    expect(await ethnic.nth(1).textContent()).toBe('Kinh');
    const countries = page.locator('#eform-childNationality option');
    expect(await countries.count()).toBe(250);
    expect(await countries.nth(1).getAttribute('value')).toBe('VN');
    expect(await countries.nth(1).textContent()).toBe('Việt Nam');
    // No scan of the declaration the citizen is filling in.
    expect(await page.content()).not.toContain('Tờ khai điện tử liên thông');

    // The father's fields apply only when the father is known: hidden until the box is ticked, and hidden again.
    const fatherName = page.locator('#eform-fatherFullName');
    expect(await fatherName.isVisible()).toBe(false);
    await page.check('#eform-fatherKnown');
    expect(await fatherName.isVisible()).toBe(true);
    await page.uncheck('#eform-fatherKnown');
    expect(await fatherName.isVisible()).toBe(false);
    expect(await page.locator('#eform-authorizationDocument').isVisible()).toBe(false);
    await page.selectOption('#eform-requesterRelationship', 'uy_quyen');
    expect(await page.locator('#eform-authorizationDocument').isVisible()).toBe(true);
    await page.selectOption('#eform-requesterRelationship', 'cha_me');
    expect(await page.locator('#eform-authorizationDocument').isVisible()).toBe(false);

    await page.fill('#eform-childFullName', 'Nguyễn Văn Bình');
    await page.selectOption('#eform-childSex', 'nam');
    await page.fill('#eform-childBirthDate', '01/05/2015');
    await page.fill('#eform-childBirthPlace', 'Bệnh viện Trung ương Huế');
    await page.selectOption('#eform-childEthnicity', '01');
    await page.selectOption('#eform-childNationality', 'VN');
    if (await page.locator('#eform-motherFullName').count()) await page.fill('#eform-motherFullName', 'Trần Thị Hoa');
    if (await page.locator('#eform-motherCccd').count()) await page.fill('#eform-motherCccd', '046190012345');
    if (await page.locator('#eform-phone').count()) await page.fill('#eform-phone', '0905123456');
    await page.fill('#eform-residenceAddress', '12 Lê Ngô Cát, phường Thủy Xuân, thành phố Huế');
    await page.fill('#eform-householdHeadName', 'Nguyễn Văn An');
    await page.fill('#eform-householdHeadCccd', '046090001234');
    await page.fill('#eform-relationshipToHead', 'Con');
    await page.fill('#eform-healthFacility', 'Trạm y tế phường Thủy Xuân');
    await page.getByTestId('save-dossier').click();

    // The server refuses it and names the field, with the eligibility rule in words.
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const links: Array<string | null> = [];
    for (const link of await summary.locator('a').all()) links.push(await link.getAttribute('href'));
    expect(links).toEqual(['#eform-childBirthDate']);
    expect(await summary.textContent()).toContain('dành cho trẻ em dưới 6 tuổi');
    expect(await page.locator('#eform-childBirthDate-error').textContent()).toContain('dưới 6 tuổi');
    expect(await page.inputValue('#eform-childBirthDate')).toBe('01/05/2015');
    expect(page.url()).toBe(`${portal.url}/dossiers/new/${JOINT_BIRTH}`);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);

    // A child born last year is accepted: the draft is created.
    const lastYear = new Date().getFullYear() - 1;
    await page.fill('#eform-childBirthDate', `15/03/${lastYear}`);
    await page.getByTestId('save-dossier').click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}\?done=created$/);
    await audit.assertClean();
  });
});

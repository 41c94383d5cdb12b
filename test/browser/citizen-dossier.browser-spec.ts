import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  fillForm,
  PageAudit,
  launchChromium,
  signInOnKeycloak,
  passwordGrant,
  PNG_BYTES,
  PortalHarness,
  publishedProcedure,
  startPortal,
} from '@app/testing';

const MARRIAGE_STATUS = '1.004873';

/** A citizen applies online through the real pages; the public lookup; a clerk registers a walk-in dossier. */
describe('citizen dossier pages in the browser', () => {
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

  it('lets congdan fill the e-form, attach each document, submit, and see it as "Mới nộp"', async () => {
    // From the home page, signed out: "Nộp hồ sơ trực tuyến" leads through sign-in to the choice of procedure.
    await page.goto(portal.url);
    await audit.check(page);
    await page.getByTestId('apply-online').click();
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/dossiers/new`);
    await page.goto(portal.url);
    expect(await page.getByTestId('apply-online').getAttribute('href')).toBe('/dossiers/new');
    expect(await page.content()).not.toContain('hài lòng');
    await page.getByTestId('apply-online').click();
    await page.waitForURL(`${portal.url}/dossiers/new`);
    await audit.check(page);
    await page.fill('#q', 'hôn nhân');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.click(`a[data-code="${MARRIAGE_STATUS}"]`);
    await page.waitForURL(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    await audit.check(page);
    // What the identity account knows is shown as such and never asked for: name, CCCD, phone.
    const fromAccount = await page.getByTestId('from-account').textContent();
    expect(fromAccount).toContain('Nguyễn Văn An');
    expect(fromAccount).toContain('046090001234');
    expect(fromAccount).toContain('0905123456');
    for (const id of [
      '#applicant-fullName',
      '#applicant-idNumber',
      '#applicant-phone',
      '#eform-fullName',
      '#eform-cccd',
      '#eform-phone',
    ]) {
      expect(await page.locator(id).count()).toBe(0);
    }
    expect(await page.getByTestId('eform-from-account').textContent()).toContain('046090001234');
    // Without JavaScript every field is on the page, conditional ones with a note saying when they apply.
    expect(await page.locator('#eform-partnerName-hint').textContent()).toContain('Mục đích sử dụng');

    // An incomplete form comes back with an error summary linking to the fields.
    await page.getByTestId('save-dossier').click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('a[href="#eform-birthDate"]').count()).toBe(1);
    expect(await summary.textContent()).toContain('Nhập Ngày sinh');
    // The field's error says "Lỗi:" to a screen reader, not the English "Error:".
    expect(await page.locator('#eform-birthDate-error .govuk-visually-hidden').textContent()).toContain('Lỗi');
    await audit.check(page);
    await page.screenshot({ path: 'test-results/citizen-form-errors.png', fullPage: true });

    await page.fill('#draft-title', 'Giấy xác nhận cho hồ sơ vay vốn');
    await page.fill('#eform-birthDate', '27/03/1990');
    await page.fill('#eform-residence', '12 Lê Ngô Cát, phường Thủy Biều, thành phố Huế');
    await page.selectOption('#eform-maritalStatus', 'chua_ket_hon');
    await page.selectOption('#eform-purpose', 'khac');
    await page.fill('#eform-otherPurpose', 'Bổ sung hồ sơ vay vốn');
    await page.getByTestId('save-dossier').click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}\?done=created$/);
    const dossierUrl = page.url().replace(/\?.*$/, '');
    expect(await page.getByTestId('status').textContent()).toBe('Nháp');
    expect(await page.locator('h1').textContent()).toBe('Giấy xác nhận cho hồ sơ vay vốn');
    // "Sửa" is offered only for what the edit page lets the citizen change, never for the account's answers.
    const changeLinks: string[] = [];
    for (const link of await page.locator('main a').filter({ hasText: 'Sửa' }).all()) {
      changeLinks.push((await link.getAttribute('href')) ?? '');
    }
    const anchors = changeLinks.map((href) => href.replace(/^.*#/, ''));
    expect(anchors).toContain('applicant-address');
    expect(anchors).toContain('eform-birthDate');
    for (const fromAccountField of [
      'applicant-fullName',
      'applicant-idNumber',
      'applicant-phone',
      'eform-fullName',
      'eform-cccd',
      'eform-phone',
    ]) {
      expect(anchors).not.toContain(fromAccountField);
    }
    expect(changeLinks.every((href) => href.startsWith(`${dossierUrl.replace(portal.url, '')}/edit#`))).toBe(true);
    await audit.check(page);

    // Submitting before the required document is attached names the document.
    await page.getByTestId('submit-dossier').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').textContent()).toContain(
      'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu',
    );
    expect(await page.getByTestId('status').textContent()).toBe('Nháp');

    for (const key of ['doc-1', 'doc-2']) {
      await page.setInputFiles(`#upload-${key}`, {
        name: `giay-to-${key}.png`,
        mimeType: 'image/png',
        buffer: PNG_BYTES,
      });
      await page.getByTestId(`upload-${key}`).click();
      await page.waitForURL(/done=uploaded/);
      expect(await page.locator(`[data-document="${key}"]`).textContent()).toContain(`giay-to-${key}.png`);
    }
    await page.screenshot({ path: 'test-results/citizen-draft-with-files.png', fullPage: true });

    await page.getByTestId('submit-dossier').click();
    await page.waitForURL(`${dossierUrl}?done=submitted`);
    expect(await page.getByTestId('status').textContent()).toBe('Mới nộp');
    expect(await page.getByTestId('success').isVisible()).toBe(true);
    expect(await page.getByTestId('timeline').textContent()).toContain('Nộp hồ sơ');
    // The dossier keeps the name its citizen gave it; what happens next, by when and what it costs.
    expect(await page.locator('h1').textContent()).toBe('Giấy xác nhận cho hồ sơ vay vốn');
    const next = await page.getByTestId('next-steps').textContent();
    expect(next).toContain('Cán bộ tiếp nhận sẽ kiểm tra hồ sơ');
    expect(await page.getByTestId('time-limit').textContent()).toContain('3 ngày làm việc');
    expect(await page.getByTestId('fees').textContent()).toMatch(/\d{1,3}(\.\d{3})*đ/);
    // The tracker: submitted today (dd/mm/yyyy), reception in progress, the rest to come; no ISO dates anywhere.
    expect(await page.locator('[data-step="submitted"]').getAttribute('data-state')).toBe('done');
    expect(await page.locator('[data-step="submitted"]').textContent()).toMatch(/ngày \d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator('[data-step="received"]').getAttribute('data-state')).toBe('current');
    expect(await page.locator('[data-step="returned"]').getAttribute('data-state')).toBe('upcoming');
    expect(await page.locator('main').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await audit.check(page);
    await page.screenshot({ path: 'test-results/citizen-submitted.png', fullPage: true });

    await page.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
    await page.waitForURL(`${portal.url}/dossiers`);
    const id = dossierUrl.split('/').pop() as string;
    const row = page.locator(`[data-dossier-id="${id}"]`);
    expect(await row.getByTestId('status').textContent()).toBe('Mới nộp');
    expect(await row.textContent()).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    expect(await row.textContent()).toContain('Giấy xác nhận cho hồ sơ vay vốn');
    // The list fits a phone: summary cards, no table scrolling sideways (585 px before).
    const listWidth = await audit.check(page);
    expect(listWidth).toBeLessThanOrEqual(375);
    console.log(`/dossiers is ${listWidth} px wide at 375 px`);
    // So does the public catalogue the citizen chooses from (406 px before).
    await page.goto(`${portal.url}/procedures`);
    const catalogueWidth = await audit.check(page);
    expect(catalogueWidth).toBeLessThanOrEqual(375);
    console.log(`/procedures is ${catalogueWidth} px wide at 375 px`);
    await page.screenshot({ path: 'test-results/citizen-my-dossiers.png', fullPage: true });

    // Someone else, not signed in, with a wrong key gets the neutral message and no dossier data.
    const visitor = await browser.newContext({ locale: 'vi-VN' });
    try {
      const anon = await visitor.newPage();
      await anon.goto(`${portal.url}/lookup`);
      await anon.fill('#code', '000.17.22.H56-260105-0001');
      await anon.fill('#key', 'SAIMATRA');
      await anon.getByTestId('lookup-submit').click();
      await anon.getByTestId('lookup-not-found').waitFor();
      expect(await anon.getByTestId('lookup-not-found').textContent()).toContain('Không tìm thấy hồ sơ');
      expect(await anon.getByTestId('lookup-result').count()).toBe(0);
      expect(await anon.content()).not.toContain('Nguyễn Văn An');
      await anon.screenshot({ path: 'test-results/lookup-wrong-key.png', fullPage: true });
    } finally {
      await visitor.close();
    }
    await audit.assertClean();
  });

  it('lets the citizen name a draft and delete it with its files, after confirming', async () => {
    await page.goto(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    await signInOnKeycloak(page, 'congdan2');
    await page.waitForURL(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const opened = await page.request.post(`${portal.url}/api/v1/dossiers`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        procedureCode: MARRIAGE_STATUS,
        agencyCode: '000.17.22.H56',
        channel: 2,
        applicant: { fullName: 'Trần Văn Bảo' },
      },
    });
    expect(opened.status()).toBe(201);
    const { id } = (await opened.json()) as { id: string };
    const uploaded = await page.request.post(`${portal.url}/api/v1/dossiers/${id}/files`, {
      headers: { 'x-csrf-token': csrf },
      multipart: {
        purpose: 'application',
        documentCode: 'doc-1',
        files: { name: 'to-khai.png', mimeType: 'image/png', buffer: PNG_BYTES },
      },
    });
    expect(uploaded.status()).toBe(201);
    const [file] = (await uploaded.json()) as Array<{ id: string }>;

    await page.goto(`${portal.url}/dossiers/${id}`);
    await page.fill('#draft-title', 'x'.repeat(121));
    await page.getByTestId('save-title').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#draft-title"]').textContent()).toContain('120 ký tự');
    await page.fill('#draft-title', 'Hồ sơ thử để xóa');
    await page.getByTestId('save-title').click();
    await page.waitForURL(`${portal.url}/dossiers/${id}?done=renamed`);
    await page.goto(`${portal.url}/dossiers`);
    expect(await page.locator(`[data-dossier-id="${id}"]`).textContent()).toContain('Hồ sơ thử để xóa');
    await audit.check(page);

    await page.goto(`${portal.url}/dossiers/${id}`);
    await page.getByTestId('delete-draft').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#delete-confirm"]').count()).toBe(1);
    await page.check('#delete-confirm');
    await page.getByTestId('delete-draft').click();
    await page.waitForURL(`${portal.url}/dossiers?done=deleted`);
    expect(await page.getByTestId('success').textContent()).toContain('Đã xóa bản nháp');
    expect(await page.locator(`[data-dossier-id="${id}"]`).count()).toBe(0);
    expect((await page.request.get(`${portal.url}/api/v1/dossiers/${id}`)).status()).toBe(404);
    expect((await page.request.get(`${portal.url}/api/v1/dossiers/${id}/files/${file?.id ?? ''}`)).status()).toBe(404);
    await audit.assertClean();
  });

  it('lets the citizen withdraw a submitted dossier, asking for the reason first', async () => {
    await page.goto(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    const id = await submittedThroughApi(page, portal);

    // A submitted dossier is no longer editable.
    await page.goto(`${portal.url}/dossiers/${id}/edit`);
    await page.waitForURL(`${portal.url}/dossiers/${id}`);
    expect(await page.getByTestId('status').textContent()).toBe('Mới nộp');

    await page.getByTestId('withdraw').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a[href="#withdraw-reason"]').textContent()).toContain('Nhập lý do');
    expect(await page.getByTestId('status').textContent()).toBe('Mới nộp');

    await page.fill('#withdraw-reason', 'Tôi nộp nhầm thủ tục');
    await page.getByTestId('withdraw').click();
    await page.waitForURL(`${portal.url}/dossiers/${id}?done=withdrawn`);
    expect(await page.getByTestId('status').textContent()).toBe('Công dân rút hồ sơ');
    expect(await page.getByTestId('timeline').textContent()).toContain('Lý do: Tôi nộp nhầm thủ tục');
    expect(await page.getByTestId('withdraw').count()).toBe(0);

    expect(await page.locator('[data-step="received"]').getAttribute('data-state')).toBe('stopped');
    expect(await page.locator('[data-step="received"]').textContent()).toContain('Bạn đã rút hồ sơ ngày');
    await audit.check(page);

    await page.click('a[hreflang="en"]');
    await page.waitForURL(`${portal.url}/dossiers/${id}`);
    expect(await page.getByTestId('status').textContent()).toBe('Withdrawn by the applicant');
    await audit.assertClean();
  });

  it('lets the citizen answer a supplement request: upload, then "Tôi đã bổ sung"', async () => {
    await page.goto(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    const id = await submittedThroughApi(page, portal);
    const clerk = (await passwordGrant('tiepnhan')).access_token;
    const requested = await page.request.post(`${portal.url}/api/v1/dossiers/${id}/actions/request_supplement`, {
      headers: { authorization: `Bearer ${clerk}` },
      data: { reason: 'Ảnh chụp tờ khai bị mờ' },
    });
    expect(requested.status()).toBe(200);

    await page.goto(`${portal.url}/dossiers/${id}`);
    expect(await page.getByTestId('status').textContent()).toBe('Chờ bổ sung');
    expect(await page.getByTestId('timeline').textContent()).toContain('Lý do: Ảnh chụp tờ khai bị mờ');
    expect(
      await page
        .getByTestId('legal-forms')
        .locator(`a[href="/api/v1/dossiers/${id}/forms/supplement-request"]`)
        .count(),
    ).toBe(1);

    // A file that is not a PDF, JPEG or PNG is refused by content, with the message at the upload field.
    await page.setInputFiles('#upload-supplement', {
      name: 'to-khai.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not really an image'),
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.locator('#upload-supplement-error').textContent()).toContain('PDF, JPEG hoặc PNG');

    await page.setInputFiles('#upload-supplement', {
      name: 'to-khai-ro.png',
      mimeType: 'image/png',
      buffer: PNG_BYTES,
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.waitForURL(/done=uploaded/);
    expect(await page.locator('#supplement ~ ul').first().textContent()).toContain('to-khai-ro.png');
    await page.screenshot({ path: 'test-results/citizen-supplement.png', fullPage: true });

    await audit.check(page);
    await page.getByTestId('supplement').click();
    await page.waitForURL(`${portal.url}/dossiers/${id}?done=supplemented`);
    expect(await page.getByTestId('status').textContent()).toBe('Mới nộp');
    expect(await page.getByTestId('supplement').count()).toBe(0);
    await audit.assertClean();
  });

  it('gives the citizen the result to download only once the dossier is returned, not when it is ready', async () => {
    await page.goto(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    await signInOnKeycloak(page, 'congdan');
    await page.waitForURL(`${portal.url}/dossiers/new/${MARRIAGE_STATUS}`);
    const id = await submittedThroughApi(page, portal);
    const [clerk, specialist, leader] = await Promise.all(
      ['tiepnhan', 'chuyenvien', 'lanhdao'].map(async (u) => (await passwordGrant(u)).access_token),
    );
    const act = async (token: string | undefined, action: string, data: Record<string, unknown> = {}) => {
      const res = await page.request.post(`${portal.url}/api/v1/dossiers/${id}/actions/${action}`, {
        headers: { authorization: `Bearer ${token ?? ''}` },
        data,
      });
      expect(`${action}: ${res.status()}`).toBe(`${action}: 200`);
    };
    await act(clerk, 'receive');
    const me = await page.request.get(`${portal.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${specialist}` },
    });
    const { subject } = (await me.json()) as { subject: string };
    await act(clerk, 'assign', { assignee: subject });
    const attached = await page.request.post(`${portal.url}/api/v1/dossiers/${id}/files`, {
      headers: { authorization: `Bearer ${specialist ?? ''}` },
      multipart: {
        purpose: 'result',
        files: { name: 'giay-xac-nhan.png', mimeType: 'image/png', buffer: PNG_BYTES },
      },
    });
    expect(attached.status()).toBe(201);
    await act(specialist, 'submit_for_approval');
    await act(leader, 'approve');

    // Approved and ready at the ward: the citizen sees the state, but no result to download yet.
    await page.goto(`${portal.url}/dossiers/${id}`);
    expect(await page.getByTestId('status').textContent()).toBe('Đã có kết quả');
    expect(await page.getByTestId('result-files').count()).toBe(0);
    expect(await page.content()).not.toContain('giay-xac-nhan.png');
    await audit.check(page);

    await act(clerk, 'notify_early_return', { reason: 'Đã nhắn tin báo trước cho công dân' });
    await act(clerk, 'return_result', { returnChannel: 1 });
    await page.goto(`${portal.url}/dossiers/${id}`);
    expect(await page.getByTestId('status').textContent()).toBe('Đã trả kết quả');
    const link = page.getByTestId('result-files').getByRole('link', { name: 'giay-xac-nhan.png' });
    expect(await link.count()).toBe(1);
    const download = await page.request.get(`${portal.url}${(await link.getAttribute('href')) ?? ''}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(PNG_BYTES)).toBe(true);
    expect(await page.locator('[data-step="returned"]').getAttribute('data-state')).toBe('done');
    await audit.check(page);
    await audit.assertClean();
  });

  it('lets the clerk tiepnhan register and submit a walk-in dossier at the counter', async () => {
    await page.goto(`${portal.url}/desk/intake`);
    await signInOnKeycloak(page, 'tiepnhan');
    await page.waitForURL(`${portal.url}/desk/intake`);
    await page.selectOption('#procedure', MARRIAGE_STATUS);
    await page.getByTestId('intake-continue').click();
    await page.waitForURL(`${portal.url}/desk/intake?procedure=${MARRIAGE_STATUS}`);

    // Nothing chosen or typed: the form comes back naming the channel and the applicant's name.
    await page.getByTestId('save-dossier').click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('a[href="#channel"]').count()).toBe(1);
    expect(await summary.locator('a[href="#applicant-fullName"]').count()).toBe(1);

    await page.check('#channel'); // Trực tiếp
    await page.fill('#applicant-fullName', 'Trần Thị Bình');
    await page.fill('#applicant-idNumber', '046190004321');
    await page.fill('#applicant-phone', '0914000111');
    await page.fill('#eform-fullName', 'Trần Thị Bình');
    await page.fill('#eform-birthDate', '02/09/1995');
    await page.fill('#eform-cccd', '046190004321');
    await page.fill('#eform-residence', '5 Bùi Thị Xuân, phường Thủy Biều, thành phố Huế');
    await page.selectOption('#eform-maritalStatus', 'chua_ket_hon');
    await page.selectOption('#eform-purpose', 'ket_hon');
    await page.fill('#eform-partnerName', 'Lê Văn Cường');
    await page.fill('#eform-phone', '0914000111');
    await page.screenshot({ path: 'test-results/intake-form.png', fullPage: true });
    await page.getByTestId('save-dossier').click();
    await page.waitForURL(/\/desk\/dossiers\/[0-9a-f-]{36}\?done=registered$/);

    const id = new URL(page.url()).pathname.split('/').pop() as string;
    const dossier = (await (await page.request.get(`${portal.url}/api/v1/dossiers/${id}`)).json()) as {
      status: string;
      channel: number;
      ownerSubject?: string;
      applicant: { fullName: string; idNumber: string };
      formData: Record<string, unknown>;
    };
    expect(dossier.status).toBe('submitted');
    expect(dossier.channel).toBe(1);
    expect(dossier.applicant).toMatchObject({ fullName: 'Trần Thị Bình', idNumber: '046190004321' });
    expect(dossier.formData).toMatchObject({
      birthDate: '1995-09-02',
      purpose: 'ket_hon',
      partnerName: 'Lê Văn Cường',
    });
    expect(dossier.formData).not.toHaveProperty('otherPurpose');
  });

  it('lets the desk receive for another ward of the province, which then decides it (NĐ 118/2025 Điều 14)', async () => {
    // phường Kim Long, the demo's second current ward: the applicant lives there and walks into Thủy Xuân's centre.
    await page.goto(`${portal.url}/desk/intake?procedure=${MARRIAGE_STATUS}`);
    await signInOnKeycloak(page, 'tiepnhan');
    await page.waitForURL(`${portal.url}/desk/intake?procedure=${MARRIAGE_STATUS}`);
    expect(await page.locator('#decidingAgencyCode option').allTextContents()).toEqual([
      'Ủy ban nhân dân phường Thủy Xuân (nơi tiếp nhận)',
      'Ủy ban nhân dân phường Kim Long',
    ]);
    await audit.check(page);
    await page.check('#channel');
    await page.selectOption('#decidingAgencyCode', '000.20.22.H56');
    await page.fill('#applicant-fullName', 'Võ Thị Sen');
    await page.fill('#applicant-idNumber', '046190004999');
    await page.fill('#eform-fullName', 'Võ Thị Sen');
    await page.fill('#eform-birthDate', '12/03/1996');
    await page.fill('#eform-cccd', '046190004999');
    await page.fill('#eform-residence', '12 Kim Long, phường Kim Long, thành phố Huế');
    await page.selectOption('#eform-maritalStatus', 'chua_ket_hon');
    await page.selectOption('#eform-purpose', 'khac');
    await page.fill('#eform-otherPurpose', 'Bổ sung hồ sơ vay vốn');
    await page.fill('#eform-phone', '0914000999');
    await page.getByTestId('save-dossier').click();
    await page.waitForURL(/\/desk\/dossiers\/[0-9a-f-]{36}\?done=registered$/);
    // The clerk is told the dossier is registered, not yet received, and what to do next.
    expect(await page.getByTestId('success').textContent()).toContain('chọn “Tiếp nhận hồ sơ” để cấp mã');
    expect(await page.getByTestId('deciding-agency').textContent()).toBe('Ủy ban nhân dân phường Kim Long');
    await page.getByTestId('do-receive').click();
    await page.waitForURL(/\?done=receive$/);
    // The code carries the deciding ward's electronic ID (Điều 28 khoản 2 điểm a); the desk no longer decides it.
    expect(((await page.getByTestId('received-code').textContent()) ?? '').trim()).toMatch(
      /^000\.20\.22\.H56-\d{6}-\d{4}$/,
    );
    expect(await page.locator('[data-testid="do-assign"]').count()).toBe(0);
    expect(await page.getByTestId('split-note').textContent()).toContain(
      'Hồ sơ điện tử đã chuyển đến Ủy ban nhân dân phường Kim Long',
    );
    await audit.check(page);
    await page.screenshot({ path: 'test-results/desk-received-for-another-ward.png', fullPage: true });
  });
});

/** Opens, fills and submits an online dossier through the API with the browser's session (CSRF token of the page). */
async function submittedThroughApi(page: Page, portal: PortalHarness): Promise<string> {
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const headers = { 'x-csrf-token': csrf };
  const { formSchema } = await publishedProcedure(portal.db.url, MARRIAGE_STATUS);
  const opened = await page.request.post(`${portal.url}/api/v1/dossiers`, {
    headers,
    data: {
      procedureCode: MARRIAGE_STATUS,
      agencyCode: '000.17.22.H56',
      channel: 2,
      applicant: { fullName: 'Nguyễn Văn An' },
      formData: fillForm(formSchema),
    },
  });
  expect(opened.status()).toBe(201);
  const { id } = (await opened.json()) as { id: string };
  const uploaded = await page.request.post(`${portal.url}/api/v1/dossiers/${id}/files`, {
    headers,
    multipart: {
      purpose: 'application',
      documentCode: 'doc-1',
      files: { name: 'to-khai.png', mimeType: 'image/png', buffer: PNG_BYTES },
    },
  });
  expect(uploaded.status()).toBe(201);
  const submitted = await page.request.post(`${portal.url}/api/v1/dossiers/${id}/actions/submit`, {
    headers,
    data: {},
  });
  expect(submitted.status()).toBe(200);
  return id;
}

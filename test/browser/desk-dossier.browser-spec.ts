import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  documentKeys,
  fillForm,
  freePort,
  last,
  NationalPortalSim,
  launchChromium,
  PageAudit,
  signInOnKeycloak,
  passwordGrant,
  PNG_BYTES,
  PortalHarness,
  publishedProcedure,
  PublishedProcedure,
  startNationalPortalSim,
  startPortal,
  TEST_KEYCLOAK,
} from '@app/testing';

const PROCEDURE = '1.004873'; // Xác nhận tình trạng hôn nhân
const WARD = '000.17.22.H56';

type Json = Record<string, unknown>;

/** The staff pages of the desk, as staff use them: real Keycloak sign-in, real pages, a dossier prepared by API. */
describe('desk pages in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let procedure: PublishedProcedure;
  let sim: NationalPortalSim;
  const contexts: BrowserContext[] = [];
  const audits: PageAudit[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    // The national-portal simulator serves the files of the dossiers it files; the portal fetches only from it.
    const simPort = await freePort();
    [browser, portal] = await Promise.all([
      launchChromium(),
      startPortal({ env: { NATIONAL_PORTAL_FILE_ORIGIN: `http://127.0.0.1:${simPort}` } }),
    ]);
    procedure = await publishedProcedure(portal.db.url, PROCEDURE);
    sim = await startNationalPortalSim({
      portalUrl: portal.url,
      tokenUrl: `${TEST_KEYCLOAK.issuer}/protocol/openid-connect/token`,
      webhookSecret: `whsec_${Buffer.from('desk-browser-test-signing-key').toString('base64')}`,
      port: simPort,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
    await portal?.stop();
  });

  afterEach(async () => {
    // Every page a test visited: no serious or critical axe-core finding.
    const pending = audits.splice(0);
    try {
      for (const audit of pending) await audit.assertClean();
    } finally {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    }
  });

  async function api(user: string, method: string, path: string, body?: unknown): Promise<Json> {
    const token = (await passwordGrant(user)).access_token;
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Json;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** A citizen's online dossier with every required document, submitted: it waits in the "Mới nộp" queue. */
  async function submittedDossier(fullName: string): Promise<string> {
    const opened = await api('congdan', 'POST', '/dossiers', {
      procedureCode: PROCEDURE,
      agencyCode: WARD,
      channel: 2,
      applicant: { fullName, idNumber: '046090001234', phone: '0905123456' },
      formData: fillForm(procedure.formSchema),
    });
    const id = opened.id as string;
    const token = (await passwordGrant('congdan')).access_token;
    for (const key of documentKeys(procedure.requiredDocuments)) {
      const form = new FormData();
      form.set('purpose', 'application');
      form.set('documentCode', key);
      form.append('files', new Blob([PNG_BYTES]), 'ban-chup.png');
      const res = await fetch(`${portal.url}/api/v1/dossiers/${id}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(res.status).toBe(201);
    }
    await api('congdan', 'POST', `/dossiers/${id}/actions/submit`, {});
    return id;
  }

  async function signedIn(username: string, path: string): Promise<Page> {
    const { context, audit } = await PageAudit.context(browser, { acceptDownloads: true });
    contexts.push(context);
    audits.push(audit);
    const page = await context.newPage();
    await page.goto(`${portal.url}${path}`);
    await signInOnKeycloak(page, username);
    await page.waitForURL(`${portal.url}${path}`);
    return page;
  }

  async function statusOf(page: Page): Promise<string> {
    return ((await page.getByTestId('dossier-status').textContent()) ?? '').trim();
  }

  it('the clerk finds a new dossier in "Mới nộp", receives it, gets its code and the Mẫu 01 receipt', async () => {
    const id = await submittedDossier('Trần Thị Bình');
    const page = await signedIn('tiepnhan', '/desk');

    expect(await page.locator('.govuk-service-navigation a[href="/desk"]').count()).toBe(1);
    expect(await page.locator('a[aria-current="page"][data-tab]').getAttribute('data-tab')).toBe('submitted');
    const row = page.locator(`tr[data-dossier="${id}"]`);
    expect(await row.textContent()).toContain('Trần Thị Bình');
    await page.screenshot({ path: 'test-results/desk-queue.png', fullPage: true });

    await row.getByTestId('open-dossier').click();
    await page.waitForURL(`${portal.url}/desk/dossiers/${id}`);
    expect(await statusOf(page)).toBe('Mới nộp');
    expect(await page.getByTestId('documents').textContent()).toContain('ban-chup.png');
    await page.screenshot({ path: 'test-results/desk-dossier-submitted.png', fullPage: true });

    await page.getByTestId('do-receive').click();
    await page.waitForURL(`${portal.url}/desk/dossiers/${id}?done=receive`);
    expect(await statusOf(page)).toBe('Đã tiếp nhận');
    const code = ((await page.getByTestId('received-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^000\.17\.22\.H56-\d{6}-\d{4}$/);
    expect(await page.getByTestId('dossier-heading').textContent()).toContain(code);
    await page.screenshot({ path: 'test-results/desk-dossier-received.png', fullPage: true });

    const href = await page.getByTestId('receipt-link').getAttribute('href');
    expect(href).toBe(`/api/v1/dossiers/${id}/forms/receipt`);
    const pdf = await page.request.get(`${portal.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    writeFileSync('test-results/desk-mau-01.pdf', bytes);
    const text = execFileSync('pdftotext', ['-layout', 'test-results/desk-mau-01.pdf', '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(code);
    expect(await page.locator('[data-testid="legal-forms"] [data-form="control-sheet"]').count()).toBe(1);

    // The public lookup page, anonymous, with the code and the key printed on the receipt, shows the new status.
    const key = ((await page.getByTestId('lookup-key').textContent()) ?? '').trim();
    const visitor = await browser.newContext({ locale: 'vi-VN' });
    const lookupPage = await visitor.newPage();
    await lookupPage.goto(`${portal.url}/lookup`);
    await lookupPage.fill('#code', code);
    await lookupPage.fill('#key', key);
    await lookupPage.getByTestId('lookup-submit').click();
    await lookupPage.getByTestId('lookup-result').waitFor();
    expect((await lookupPage.getByTestId('status').textContent())?.trim()).toBe('Đã tiếp nhận');
    const publicHtml = await lookupPage.content();
    for (const personal of ['Trần Thị Bình', 'Nguyễn Văn An', '046090001234', '0905123456']) {
      expect(publicHtml).not.toContain(personal);
    }
    await lookupPage.screenshot({ path: 'test-results/lookup-received.png', fullPage: true });
    await visitor.close();

    // Receiving is offered once: after it the page no longer shows the form.
    await page.reload();
    expect(await page.getByTestId('do-receive').count()).toBe(0);
  });

  it('shows a dossier filed on the national portal with where it came from and the time left to receive it', async () => {
    const filed = await sim.file({
      procedureCode: PROCEDURE,
      agencyCode: WARD,
      applicant: { fullName: 'Hoàng Thị Thu', idNumber: '046190000555' },
      summary: 'Xác nhận tình trạng hôn nhân để đăng ký kết hôn',
      documents: [
        {
          code: 'doc-1',
          name: 'Tờ khai',
          fileName: 'to-khai.png',
          contentBase64: PNG_BYTES.toString('base64'),
        },
      ],
      fees: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 5000 }],
    });
    expect(filed.httpStatus).toBe(200);
    const page = await signedIn('tiepnhan', '/desk');
    await page.locator('tr', { hasText: filed.maHoSo }).getByTestId('open-dossier').click();
    await page.waitForURL(/\/desk\/dossiers\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('dossier-heading').textContent()).toContain(filed.maHoSo);
    const panel = ((await page.getByTestId('national-intake').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(panel).toContain('Hồ sơ nộp trên Cổng Dịch vụ công quốc gia');
    expect(panel).toContain('NĐ 118/2025 Điều 17 khoản 2 điểm c');
    expect(panel).toContain('Trích yếu: Xác nhận tình trạng hôn nhân để đăng ký kết hôn');
    expect(panel).toMatch(/Lệ phí cấp Giấy xác nhận tình trạng hôn nhân 5\.000 đ/);
    expect(panel).toMatch(/trước \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(panel).not.toMatch(/\d{4}-\d{2}-\d{2}|undefined|null|desk\./);
    // Not received yet: no receipt (Mẫu 01) is offered although the dossier already has its code.
    expect(await page.locator('[data-testid="legal-forms"] [data-form="receipt"]').count()).toBe(0);
    expect(await page.getByTestId('documents').textContent()).toContain('to-khai.png');
    expect(await last(audits).check(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/desk-national-dossier.png', fullPage: true });

    // The simulator's own page, where the demo files dossiers: readable at phone width, no axe finding.
    const { context: simContext, audit: simAudit } = await PageAudit.context(browser);
    contexts.push(simContext);
    audits.push(simAudit);
    const simPage = await simContext.newPage();
    await simPage.goto(`${sim.url}/`);
    expect(await simAudit.check(simPage)).toBeLessThanOrEqual(375);
    expect(await simPage.content()).toContain(filed.maHoSo);

    await page.getByTestId('do-receive').click();
    await page.waitForURL(/\?done=receive$/);
    expect(((await page.getByTestId('received-code').textContent()) ?? '').trim()).toBe(filed.maHoSo);
    expect(await page.getByTestId('national-intake-next').textContent()).toContain('đã xử lý bước tiếp nhận');
  });

  it('the specialist drafts and submits, the leader approves, the clerk returns the result', async () => {
    const id = await submittedDossier('Phạm Văn Cường');
    const received = await api('tiepnhan', 'POST', `/dossiers/${id}/actions/receive`, {});
    const specialist = await api('chuyenvien', 'GET', '/me');
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/assign`, {
      assignee: specialist.subject,
      expectedVersion: received.rowVersion,
    });

    const spec = await signedIn('chuyenvien', '/desk');
    expect(await spec.locator('a[aria-current="page"][data-tab]').getAttribute('data-tab')).toBe('assigned');
    await spec.locator(`tr[data-dossier="${id}"]`).getByTestId('open-dossier').click();
    await spec.waitForURL(`${portal.url}/desk/dossiers/${id}`);
    expect(await statusOf(spec)).toBe('Đang xử lý');
    // Actions come first on the page; only those that can apply: no route to forward along, no result to submit yet.
    const actionsTop = (await spec.locator('#actions').boundingBox())?.y ?? Infinity;
    const factsTop = (await spec.getByTestId('dossier-facts').boundingBox())?.y ?? 0;
    expect(actionsTop).toBeLessThan(factsTop);
    expect(await spec.getByTestId('do-forward_to_agency').count()).toBe(0);
    expect(await spec.getByTestId('do-submit_for_approval').count()).toBe(0);
    // …and the page says why, with a link to where the result goes.
    expect(await spec.getByTestId('result-hint').textContent()).toContain('Trình phê duyệt');
    expect(await spec.getByTestId('result-hint').locator('a').getAttribute('href')).toBe('#results');
    expect(await audits[audits.length - 1]?.check(spec)).toBeLessThanOrEqual(375);

    // Uploading nothing names the field; then the result document goes up (multipart form, token in the URL).
    await spec.getByTestId('upload-results').click();
    expect(await spec.locator('.govuk-error-summary a[href="#result-files"]').count()).toBe(1);
    await spec.setInputFiles('#result-files', {
      name: 'xac-nhan.png',
      mimeType: 'image/png',
      buffer: PNG_BYTES,
    });
    await spec.getByTestId('upload-results').click();
    await spec.waitForURL(`${portal.url}/desk/dossiers/${id}?done=upload`);
    expect(await spec.getByTestId('results').textContent()).toContain('xac-nhan.png');
    expect(await spec.getByTestId('result-hint').count()).toBe(0);
    await spec.getByTestId('do-submit_for_approval').click();
    await spec.waitForURL(`${portal.url}/desk/dossiers/${id}?done=submit_for_approval`);
    expect(await statusOf(spec)).toBe('Chờ phê duyệt');
    await spec.screenshot({ path: 'test-results/desk-awaiting-approval.png', fullPage: true });

    const leader = await signedIn('lanhdao', '/desk');
    expect(await leader.locator('a[aria-current="page"][data-tab]').getAttribute('data-tab')).toBe('awaiting_approval');
    await leader.locator(`tr[data-dossier="${id}"]`).getByTestId('open-dossier').click();
    await leader.waitForURL(`${portal.url}/desk/dossiers/${id}`);
    // Sending back needs a reason and a confirmation: the error summary links to both fields.
    await leader.getByTestId('do-send_back').click();
    expect(await leader.locator('.govuk-error-summary a[href="#reason-send_back"]').count()).toBe(1);
    expect(await leader.locator('.govuk-error-summary a[href="#confirm-send_back"]').count()).toBe(1);
    expect(await statusOf(leader)).toBe('Chờ phê duyệt');
    expect(await audits[audits.length - 1]?.check(leader)).toBeLessThanOrEqual(375);
    await leader.screenshot({ path: 'test-results/desk-send-back-error.png', fullPage: true });
    await leader.getByTestId('do-approve').click();
    await leader.waitForURL(`${portal.url}/desk/dossiers/${id}?done=approve`);
    expect(await statusOf(leader)).toBe('Đã có kết quả');

    const clerk = await signedIn('tiepnhan', `/desk/dossiers/${id}`);
    // Ready before its appointment: the page says why the result cannot be returned yet (NĐ 118/2025 Điều 22
    // khoản 5) and offers to record the notice to the applicant first.
    expect(await clerk.getByTestId('do-return_result').count()).toBe(0);
    expect(await clerk.getByTestId('regime-limit').textContent()).toContain('Điều 22 khoản 5');
    await clerk.fill('#reason-notify_early_return', 'Đã nhắn tin cho công dân lúc 9 giờ');
    await clerk.getByTestId('do-notify_early_return').click();
    await clerk.waitForURL(`${portal.url}/desk/dossiers/${id}?done=notify_early_return`);
    expect(await clerk.getByTestId('regime-limit').count()).toBe(0);
    expect(await clerk.isChecked('input[name="returnChannel"][value="2"]')).toBe(true);
    await clerk.check('input[name="returnChannel"][value="1"]');
    await clerk.getByTestId('do-return_result').click();
    await clerk.waitForURL(`${portal.url}/desk/dossiers/${id}?done=return_result`);
    expect(await statusOf(clerk)).toBe('Đã trả kết quả');
    expect(await audits[audits.length - 1]?.check(clerk)).toBeLessThanOrEqual(375);
    const timeline = (await clerk.getByTestId('timeline').textContent()) ?? '';
    for (const step of [
      'Tiếp nhận hồ sơ',
      'Phân công chuyên viên',
      'Trình phê duyệt',
      'Phê duyệt kết quả',
      'Báo trước việc trả kết quả sớm',
      'Trả kết quả',
    ]) {
      expect(timeline).toContain(step);
    }
    await clerk.screenshot({ path: 'test-results/desk-returned.png', fullPage: true });

    // The register page offers the Mẫu 06 PDF for the current month by default.
    const register = await signedIn('lanhdao', '/desk/register');
    await register.screenshot({ path: 'test-results/desk-register.png', fullPage: true });
    expect(await register.getByTestId('register-pdf').getAttribute('href')).toMatch(
      /^\/api\/v1\/agencies\/000\.17\.22\.H56\/register\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/,
    );
  });

  it('moves a late appointment with a Mẫu 04 apology: the specialist proposes, the leader signs', async () => {
    const id = await submittedDossier('Võ Thị Hạnh');
    const received = await api('tiepnhan', 'POST', `/dossiers/${id}/actions/receive`, {});
    // Three working days after the current appointment: a working day the calendar knows.
    const due = (await (
      await fetch(
        `${portal.url}/api/v1/calendars/VN-default/due?receivedAt=${encodeURIComponent(String(received.dueAt))}&unit=working_days&amount=3`,
      )
    ).json()) as { dueDate: string };
    const [y, m, d] = due.dueDate.split('-');

    const spec = await signedIn('chuyenvien', `/desk/dossiers/${id}`);
    await spec.getByTestId('apology-propose').click();
    expect(await spec.locator('.govuk-error-summary a[href="#newDueDate-apology"]').count()).toBe(1);
    expect(await spec.locator('.govuk-error-summary a[href="#reason-apology"]').count()).toBe(1);
    await spec.fill('#newDueDate-apology', `${d}/${m}/${y}`);
    await spec.fill('#reason-apology', 'Cần xác minh thêm thông tin tại nơi cư trú trước đây');
    await spec.getByTestId('apology-propose').click();
    await spec.waitForURL(`${portal.url}/desk/dossiers/${id}?done=apology`);
    expect(await spec.getByTestId('apology-pending').textContent()).toContain(`${d}/${m}/${y}`);

    const leader = await signedIn('lanhdao', `/desk/dossiers/${id}`);
    await leader.getByTestId('apology-reject').click();
    expect(await leader.locator('.govuk-error-summary a[href="#note-apology_decision"]').count()).toBe(1);
    await leader.getByTestId('apology-approve').click();
    await leader.waitForURL(`${portal.url}/desk/dossiers/${id}?done=apology_approve`);
    await leader.screenshot({ path: 'test-results/desk-apology-approved.png', fullPage: true });
    expect(await leader.locator('[data-testid="legal-forms"] [data-form="apology"]').count()).toBe(1);
    const after = await api('lanhdao', 'GET', `/dossiers/${id}`);
    expect(new Date(String(after.dueAt)).getTime()).toBeGreaterThan(new Date(String(received.dueAt)).getTime());
    expect(await leader.getByTestId('timeline').textContent()).toContain('Duyệt phiếu xin lỗi, hẹn lại');
  });

  it('refuses a stale page with a clear message, and keeps citizens out of the desk', async () => {
    const id = await submittedDossier('Lê Văn Dũng');
    const page = await signedIn('tiepnhan', `/desk/dossiers/${id}`);
    expect(await statusOf(page)).toBe('Mới nộp');
    // Someone else asks for a supplement while this page is open.
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/request_supplement`, { reason: 'Ảnh mờ' });
    await page.getByTestId('do-receive').click();
    expect(await page.getByTestId('conflict').textContent()).toContain('vừa được người khác thay đổi');
    expect(await statusOf(page)).toBe('Chờ bổ sung');
    await page.screenshot({ path: 'test-results/desk-conflict.png', fullPage: true });

    const citizen = await signedIn('congdan', '/desk');
    expect(await citizen.getByTestId('error-message').isVisible()).toBe(true);
    expect(await citizen.locator('.govuk-service-navigation a[href="/desk"]').count()).toBe(0);
  });
});

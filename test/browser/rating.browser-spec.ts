import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  documentKeys,
  fillForm,
  launchChromium,
  PageAudit,
  passwordGrant,
  PNG_BYTES,
  PortalHarness,
  publishedProcedure,
  PublishedProcedure,
  signInOnKeycloak,
  startPortal,
} from '@app/testing';

const PROCEDURE = '1.004873'; // Xác nhận tình trạng hôn nhân
const WARD = '000.17.22.H56';

type Json = Record<string, unknown>;

/**
 * Rating the handling of a returned dossier, as people do it: the owner from their dossier page, anyone with the
 * receipt's code and key on the public page the e-mailed invitation links to, a walk-in on the clerk's paired counter
 * tablet; a "Không hài lòng" reaching the ward's leader; the rating on the desk's dossier page.
 */
describe('rating pages in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let procedure: PublishedProcedure;
  const contexts: BrowserContext[] = [];
  const audits: PageAudit[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [browser, portal] = await Promise.all([launchChromium(), startPortal()]);
    procedure = await publishedProcedure(portal.db.url, PROCEDURE);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  afterEach(async () => {
    const pending = audits.splice(0);
    try {
      for (const audit of pending) await audit.assertClean();
    } finally {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    }
  });

  async function newPage(): Promise<{ page: Page; audit: PageAudit; context: BrowserContext }> {
    const { context, audit } = await PageAudit.context(browser);
    contexts.push(context);
    audits.push(audit);
    return { page: await context.newPage(), audit, context };
  }

  async function signedIn(username: string, path: string): Promise<{ page: Page; audit: PageAudit }> {
    const { page, audit } = await newPage();
    await page.goto(`${portal.url}${path}`);
    await signInOnKeycloak(page, username);
    await page.waitForURL(`${portal.url}${path}`);
    return { page, audit };
  }

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

  /**
   * A dossier taken to `until` through the API: congdan's online one, or a walk-in registered by tiepnhan; tiepnhan
   * receives and returns it, lanhdao assigns and approves, chuyenvien drafts the result.
   */
  async function dossier(opts: { online: boolean; until?: 'received' | 'returned'; applicant: string }) {
    const user = opts.online ? 'congdan' : 'tiepnhan';
    const opened = await api(user, 'POST', '/dossiers', {
      procedureCode: PROCEDURE,
      agencyCode: WARD,
      channel: opts.online ? 2 : 1,
      applicant: { fullName: opts.applicant, idNumber: '046090007777', phone: '0905777777' },
      formData: fillForm(procedure.formSchema),
    });
    const id = opened.id as string;
    if (opts.online) {
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
    }
    await api(user, 'POST', `/dossiers/${id}/actions/submit`, {});
    const received = await api('tiepnhan', 'POST', `/dossiers/${id}/actions/receive`, {});
    const facts = { id, code: received.code as string, key: received.lookupKey as string };
    if (opts.until === 'received') return facts;
    await returnIt(id);
    return facts;
  }

  async function returnIt(id: string): Promise<void> {
    const specialist = (await api('chuyenvien', 'GET', '/me')) as { subject: string };
    await api('lanhdao', 'POST', `/dossiers/${id}/actions/assign`, { assignee: specialist.subject });
    const token = (await passwordGrant('chuyenvien')).access_token;
    const form = new FormData();
    form.set('purpose', 'result');
    form.append('files', new Blob([PNG_BYTES]), 'giay-xac-nhan.png');
    const res = await fetch(`${portal.url}/api/v1/dossiers/${id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(201);
    await api('chuyenvien', 'POST', `/dossiers/${id}/actions/submit_for_approval`, {});
    await api('lanhdao', 'POST', `/dossiers/${id}/actions/approve`, {});
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/notify_early_return`, {
      reason: 'Đã gọi điện báo công dân',
    });
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/return_result`, { returnChannel: 1 });
  }

  const noIsoDates = async (page: Page) =>
    expect(await page.locator('main').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);

  // First, while tiepnhan has returned nothing yet in this portal: the paired tablet waits.
  it('pairs a counter tablet with tiepnhan’s desk, rates the dossier just returned there once, and unpairs', async () => {
    const clerk = await signedIn('tiepnhan', '/desk/counter');
    expect(await clerk.page.getByTestId('devices-none').count()).toBe(1);
    await clerk.audit.check(clerk.page);
    await clerk.page.getByTestId('pairing-start').click();
    await clerk.page.getByTestId('error-summary').waitFor();
    await clerk.page.fill('#label', 'Quầy số 1');
    await clerk.page.getByTestId('pairing-start').click();
    const code = ((await clerk.page.getByTestId('pairing-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(await clerk.page.getByTestId('pairing-steps').textContent()).toContain('/counter/pair');
    expect(await clerk.audit.check(clerk.page)).toBeLessThanOrEqual(375);

    // The tablet never signs in: it types the code.
    const tablet = await newPage();
    await tablet.page.goto(`${portal.url}/counter/rating`);
    expect(await tablet.page.getByTestId('counter-not-paired').count()).toBe(1);
    await tablet.audit.check(tablet.page);
    await tablet.page.getByTestId('counter-pair-link').click();
    await tablet.page.fill('#code', 'ABCDEFGH');
    await tablet.page.getByTestId('pair-submit').click();
    await tablet.page.getByTestId('error-summary').waitFor();
    await tablet.audit.check(tablet.page);
    await tablet.page.fill('#code', code.toLowerCase());
    await tablet.page.getByTestId('pair-submit').click();
    await tablet.page.waitForURL(`${portal.url}/counter/rating`);
    expect(await tablet.page.getByTestId('counter-desk').textContent()).toContain('Quầy số 1');
    expect(await tablet.page.getByTestId('counter-waiting').count()).toBe(1);
    const [cookie] = (await tablet.context.cookies()).filter((c) => c.name === 'motcua_counter');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/counter' });
    expect(await tablet.audit.check(tablet.page)).toBeLessThanOrEqual(375);

    // tiepnhan returns a walk-in's result: the tablet shows that dossier — code and procedure, nothing personal.
    const d = await dossier({ online: false, applicant: 'Phạm Văn Tại Quầy' });
    await tablet.page.getByTestId('counter-reload').click();
    await tablet.page.getByTestId('rating-form').waitFor();
    expect(await tablet.page.getByTestId('rating-code').textContent()).toBe(d.code);
    expect(await tablet.page.content()).not.toContain('Phạm Văn Tại Quầy');
    expect(await tablet.page.content()).not.toContain('046090007777');
    expect(await tablet.audit.check(tablet.page)).toBeLessThanOrEqual(375);
    // A post from elsewhere, without the tablet's form token, is refused.
    const forged = await tablet.page.request.post(`${portal.url}/counter/rating`, {
      form: { dossier: d.id, level: 'unsatisfied' },
    });
    expect(forged.status()).toBe(403);
    await tablet.page.getByLabel('Hài lòng', { exact: true }).first().check();
    await tablet.page.getByTestId('rating-submit').click();
    await tablet.page.waitForURL(`${portal.url}/counter/rating?done=saved`);
    expect(await tablet.page.getByTestId('counter-thanks').textContent()).toContain('Cảm ơn');
    await tablet.audit.check(tablet.page);
    // The next person at the desk cannot change it.
    await tablet.page.getByTestId('counter-reload').click();
    await tablet.page.getByTestId('counter-already-rated').waitFor();
    expect(await tablet.page.getByTestId('rating-form').count()).toBe(0);

    // The desk's dossier page shows where it came from.
    await clerk.page.goto(`${portal.url}/desk/dossiers/${d.id}`);
    expect(await clerk.page.getByTestId('desk-rating').textContent()).toContain('Máy tính bảng tại quầy');
    await clerk.audit.check(clerk.page);

    // The clerk unpairs it: the tablet takes no more ratings.
    await clerk.page.goto(`${portal.url}/desk/counter`);
    await clerk.page.getByTestId('unpair').click();
    await clerk.page.waitForURL(`${portal.url}/desk/counter?done=unpaired`);
    expect(await clerk.page.getByTestId('devices-none').count()).toBe(1);
    await clerk.audit.check(clerk.page);
    await tablet.page.goto(`${portal.url}/counter/rating`);
    expect(await tablet.page.getByTestId('counter-not-paired').count()).toBe(1);
    await tablet.page.screenshot({ path: 'test-results/rating-counter-unpaired.png', fullPage: true });
  });

  it('lets congdan rate a returned dossier from its page, and takes a “Không hài lòng” to lanhdao', async () => {
    const d = await dossier({ online: true, applicant: 'Nguyễn Văn An' });
    const { page, audit } = await signedIn('congdan', `/dossiers/${d.id}`);
    expect(await page.getByTestId('rating-invite').textContent()).toContain('Hãy cho biết bạn có hài lòng');
    await page.getByTestId('rating-link').click();
    await page.waitForURL(`${portal.url}/dossiers/${d.id}/rating`);
    expect(await page.getByTestId('rating-code').textContent()).toBe(d.code);
    // The nine points of NĐ 118/2025 Điều 33 khoản 1, in the decree's words.
    expect(await page.locator('[data-criterion]').count()).toBe(9);
    expect(await page.locator('[data-criterion="dd"] legend').textContent()).toContain(
      'đ) Thái độ ứng xử của cán bộ, công chức, viên chức hướng dẫn, tiếp nhận hồ sơ, giải quyết thủ tục hành chính',
    );
    expect(await audit.check(page)).toBeLessThanOrEqual(375);

    // Nothing chosen: the error summary names the overall level, and nothing is kept.
    await page.getByTestId('rating-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').locator('a[href="#level"]').textContent()).toBe(
      'Chọn mức độ hài lòng',
    );
    await audit.check(page);

    await page.getByLabel('Không hài lòng', { exact: true }).first().check();
    await page.check('#criterion-dd-3');
    await page.check('#criterion-a');
    await page.fill('#comment', 'Phải chờ ở quầy hơn một giờ.');
    await page.getByTestId('rating-submit').click();
    await page.waitForURL(`${portal.url}/dossiers/${d.id}/rating?done=saved`);
    expect(await page.getByTestId('rating-saved').textContent()).toContain('Cảm ơn bạn đã đánh giá');
    expect(await page.getByTestId('rating-leaders-told').textContent()).toContain('Lãnh đạo cơ quan');
    expect(await page.getByTestId('rating-state').textContent()).toMatch(
      /sửa đánh giá đến \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/,
    );
    // The form keeps what was given, to change within the window.
    expect(await page.isChecked('#criterion-dd-3')).toBe(true);
    await noIsoDates(page);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/rating-owner.png', fullPage: true });

    // The API says the same, and refuses a bad body naming the field.
    const viaApi = await api('congdan', 'GET', `/dossiers/${d.id}/rating`);
    expect(viaApi).toMatchObject({
      state: 'editable',
      rating: { level: 'unsatisfied', criteria: { a: 'very_satisfied', dd: 'unsatisfied' } },
    });
    const token = (await passwordGrant('congdan')).access_token;
    const bad = await fetch(`${portal.url}/api/v1/dossiers/${d.id}/rating`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'meh', criteria: { q: 'satisfied' } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toEqual(['level', 'criteria.q']);

    // The ward's leader is told, with the comment, and finds the rating on the desk's dossier page.
    const leader = await signedIn('lanhdao', '/notifications');
    const notice = leader.page.locator('[data-kind="rating_unsatisfied"]');
    expect(await notice.textContent()).toContain('Công dân không hài lòng');
    expect(await notice.textContent()).toContain('“Phải chờ ở quầy hơn một giờ.”');
    expect(await notice.textContent()).toContain(d.code);
    await leader.audit.check(leader.page);
    await notice.getByTestId('notification-link').click();
    await leader.page.waitForURL(`${portal.url}/desk/dossiers/${d.id}`);
    const panel = leader.page.getByTestId('desk-rating');
    expect(await panel.getByTestId('rating-level').textContent()).toBe('Không hài lòng');
    expect(await panel.textContent()).toContain('Phải chờ ở quầy hơn một giờ.');
    expect(await panel.textContent()).toContain('Trực tuyến (tài khoản công dân)');
    await leader.audit.check(leader.page);
    await leader.page.screenshot({ path: 'test-results/rating-desk.png', fullPage: true });

    // Her satisfaction page counts it for this month.
    await leader.page.goto(`${portal.url}/desk/ratings`);
    expect(await leader.page.getByTestId('report-total').textContent()).toMatch(/Tổng số đánh giá: [1-9]/);
    expect(await leader.page.getByTestId('report-by-procedure').textContent()).toContain(
      'Cấp Giấy xác nhận tình trạng hôn nhân',
    );
    await noIsoDates(leader.page);
    expect(await leader.audit.check(leader.page)).toBeLessThanOrEqual(375);
  });

  it('rates with the receipt’s code and key on the public page, without personal data', async () => {
    const waiting = await dossier({ online: false, until: 'received', applicant: 'Trần Thị Công Khai' });
    const d = await dossier({ online: false, applicant: 'Trần Thị Công Khai' });
    const { page, audit } = await newPage();

    // Not returned yet: nothing to rate, and it says why.
    await page.goto(`${portal.url}/rate?code=${encodeURIComponent(waiting.code)}&key=${waiting.key}`);
    expect(await page.getByTestId('rating-state').textContent()).toContain('chưa được trả kết quả');
    expect(await page.getByTestId('rating-form').count()).toBe(0);
    await audit.check(page);
    // A wrong key: the neutral message, nothing about the dossier.
    await page.goto(`${portal.url}/rate?code=${encodeURIComponent(d.code)}&key=SAIMATRA99`);
    await page.getByTestId('rate-not-found').waitFor();
    expect(await page.getByTestId('rating-dossier').count()).toBe(0);
    await audit.check(page);

    // From the lookup result, as the receipt's QR code leads there.
    await page.goto(`${portal.url}/lookup?code=${encodeURIComponent(d.code)}&key=${d.key}`);
    await page.getByTestId('lookup-rate').click();
    await page.waitForURL(/\/rate\?code=/);
    expect(await page.getByTestId('rating-code').textContent()).toBe(d.code);
    expect(await page.content()).not.toContain('Trần Thị Công Khai');
    expect(await page.content()).not.toContain('046090007777');
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.getByLabel('Rất hài lòng', { exact: true }).first().check();
    await page.fill('#comment', 'x'.repeat(1001));
    await page.getByTestId('rating-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').locator('a[href="#comment"]').count()).toBe(1);
    await audit.check(page);
    await page.fill('#comment', 'Nhanh, gọn.');
    await page.getByTestId('rating-submit').click();
    await page.waitForURL(/\/rate\?code=.*&done=saved$/);
    expect(await page.getByTestId('rating-saved').textContent()).toContain('Cảm ơn bạn đã đánh giá');
    expect(await page.getByTestId('rating-leaders-told').count()).toBe(0);
    await noIsoDates(page);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/rating-public.png', fullPage: true });

    // In English, the same page in English words.
    await page.goto(`${portal.url}/lang/en?returnTo=${encodeURIComponent('/rate')}`);
    await page.goto(`${portal.url}/rate?code=${encodeURIComponent(d.code)}&key=${d.key}`);
    expect(await page.locator('h1').textContent()).toBe('Rate the handling of your dossier');
    expect(await page.getByTestId('rating-state').textContent()).toContain('You can change your rating until');
    await audit.check(page);
  });
});

import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import Redis from 'ioredis';
import {
  clientCredentials,
  createForwardableDossiers,
  eventually,
  launchChromium,
  PageAudit,
  passwordGrant,
  PortalHarness,
  signInOnKeycloak,
  startPortal,
  WorkerProcess,
  first,
} from '@app/testing';

type Json = Record<string, unknown>;

/** A minimal PDF: what the upload checks recognise by its leading bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * Liên thông in the browser: the police officer works a forwarded case in the portal inbox, the desk sees the
 * answer on the dossier, the administrator looks after routes, deliveries and queues.
 */
describe('agency inbox and liên thông admin pages in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let worker: WorkerProcess;
  const contexts: BrowserContext[] = [];
  const audits: PageAudit[] = [];
  /** The document width of /agency/cases at 375 px, as last measured. */
  let inboxWidth = 0;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    // One after the other: a browser that cannot start leaves no portal behind.
    browser = await launchChromium();
    portal = await startPortal();
    worker = await WorkerProcess.start({
      databaseUrl: portal.db.url,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: portal.redisPrefix,
      env: { OUTBOX_POLL_INTERVAL_MS: '200' },
      name: 'agency-inbox worker',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await portal?.stop();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = portal ? await redis.keys(`*${portal.redisPrefix}*`) : [];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  afterEach(async () => {
    const pending = audits.splice(0);
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    // axe-core on every page the test visited: no serious or critical finding.
    for (const audit of pending) await audit.assertClean();
  });

  async function api(token: string, method: string, path: string, body?: unknown): Promise<Json> {
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

  /** A dossier forwarded by the desk, and the police case the worker opened for it. */
  async function forwardedCase(): Promise<{ dossierId: string; caseId: string; code: string }> {
    const dossierId = first(await createForwardableDossiers(portal.db.url, 1));
    const clerk = (await passwordGrant('tiepnhan')).access_token;
    const forwarded = await api(clerk, 'POST', `/dossiers/${dossierId}/actions/forward_to_agency`, {});
    const police = (await clientCredentials('agency-police', 'dev-agency-police-secret')).access_token;
    let caseId = '';
    await eventually(
      async () => {
        const list = await api(police, 'GET', '/agency-cases?status=new&limit=200');
        caseId =
          (list.items as Array<{ id: string; dossierId: string }>).find((c) => c.dossierId === dossierId)?.id ?? '';
        return caseId !== '';
      },
      true,
      20_000,
    );
    if (!caseId) throw new Error(`the worker opened no police case:\n${worker.output()}`);
    return { dossierId, caseId, code: forwarded.code as string };
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

  function lastAudit(): PageAudit {
    const audit = audits.at(-1);
    if (!audit) throw new Error('no browser context yet');
    return audit;
  }

  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();

  it('the police officer acknowledges the forwarded case and records a result with a PDF; the desk sees it', async () => {
    const { dossierId, caseId, code } = await forwardedCase();
    const officer = await signedIn('congan', '/agency/cases');
    expect(await officer.locator('.govuk-service-navigation a[href="/agency/cases"]').count()).toBe(1);
    const row = officer.locator(`tr[data-case="${caseId}"]`);
    expect(await row.textContent()).toContain(code);
    expect(await row.getByTestId('case-status').textContent()).toContain('Mới chuyển đến');
    await officer.screenshot({ path: 'test-results/agency-inbox.png', fullPage: true });
    inboxWidth = (await lastAudit().check(officer)) ?? 0;
    expect(inboxWidth).toBeLessThanOrEqual(375);
    console.log(`/agency/cases is ${inboxWidth} px wide at 375 px`);

    await row.getByTestId('open-case').click();
    await officer.waitForURL(`${portal.url}/agency/cases/${caseId}`);
    expect(await text(officer, 'case-heading')).toBe(code);
    await lastAudit().check(officer);
    expect(await officer.getByTestId('applicant').textContent()).toContain('Nguyễn Thị Công Dân');
    const route = (await officer.getByTestId('route').textContent()) ?? '';
    expect(route).toContain('Đăng ký thường trú cho trẻ');
    expect(route).toContain('Bảo hiểm xã hội thành phố Huế');

    await officer.getByTestId('do-acknowledge').click();
    await officer.waitForURL(`${portal.url}/agency/cases/${caseId}?done=acknowledge`);
    expect(await text(officer, 'case-status')).toBe('Đã nhận');
    expect(await officer.getByTestId('do-acknowledge').count()).toBe(0);
    // Sub-statuses are offered by their sector wording, never by their numeric code.
    const subStatuses = (await officer.locator('#subStatus-status option').allTextContents()).map((o) => o.trim());
    expect(subStatuses.length).toBeGreaterThan(1);
    expect(subStatuses.filter((o) => /^\d/.test(o))).toEqual([]);

    // A result without its summary names the field; the summary and a PDF then go up together.
    await officer.getByTestId('do-result').click();
    expect(await officer.locator('.govuk-error-summary a[href="#summary-result"]').count()).toBe(1);
    await officer.screenshot({ path: 'test-results/agency-case-error.png', fullPage: true });
    // A summary PostgreSQL could not store (a NUL pasted in) is a 400 naming the field, never a 500; nothing is kept.
    await officer.locator('#summary-result').evaluate((el) => {
      (el as unknown as { value: string }).value = 'Đã xác minh\u0000';
    });
    const refused = officer.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/result'));
    await officer.getByTestId('do-result').click();
    expect((await refused).status()).toBe(400);
    await officer.goto(`${portal.url}/agency/cases/${caseId}`);
    expect(await officer.getByTestId('do-result').count()).toBe(1);
    await officer.fill('#summary-result', 'Đã đăng ký thường trú cho trẻ tại địa chỉ của cha mẹ.');
    await officer.setInputFiles('#files-result', {
      name: 'xac-nhan-thuong-tru.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await officer.getByTestId('do-result').click();
    await officer.waitForURL(`${portal.url}/agency/cases/${caseId}?done=result`);
    expect(await text(officer, 'case-status')).toBe('Đã có kết quả');
    expect(await officer.getByTestId('result-documents').textContent()).toContain('xac-nhan-thuong-tru.pdf');
    expect(await officer.getByTestId('do-result').count()).toBe(0);
    await officer.screenshot({ path: 'test-results/agency-case-done.png', fullPage: true });
    await officer.goto(`${portal.url}/agency/cases?tab=closed`);
    expect(await officer.locator(`tr[data-case="${caseId}"]`).textContent()).toContain(code);
    await lastAudit().check(officer);

    const desk = await signedIn('tiepnhan', `/desk/dossiers/${dossierId}`);
    const panel = desk.getByTestId('lien-thong');
    const policeRow = panel.locator(`[data-case="${caseId}"]`);
    expect(await policeRow.textContent()).toContain('Công an phường Thủy Xuân');
    expect(await policeRow.getByTestId('case-status').textContent()).toContain('Đã có kết quả');
    expect(await policeRow.getByTestId('case-summary').textContent()).toContain('Đã đăng ký thường trú');
    const href = await policeRow.getByTestId('case-document').getAttribute('href');
    const download = await desk.request.get(`${portal.url}${href ?? ''}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).equals(PDF)).toBe(true);
    expect(await desk.getByTestId('timeline').textContent()).toContain('Cơ quan liên thông trả kết quả');
    await desk.screenshot({ path: 'test-results/desk-lien-thong.png', fullPage: true });
  });

  it('the administrator edits a route, sees the deliveries and the queue dashboard; others are kept out', async () => {
    const admin = await signedIn('quantri', '/admin/routes/LT.KT-XTT-MTP');
    expect(await admin.getByTestId('route-row').count()).toBe(2);
    await lastAudit().check(admin);
    await admin.getByTestId('add-step').click();
    expect(await admin.getByTestId('route-row').count()).toBe(3);
    await admin.fill('#steps-2-stepCode', 'Sai Ma');
    await admin.fill('#steps-2-name', 'Bước thêm');
    await admin.getByTestId('save-route').click();
    expect(await admin.locator('.govuk-error-summary a[href="#steps-2-stepCode"]').count()).toBe(1);
    expect(await admin.locator('.govuk-error-summary a[href="#steps-2-agencyCode"]').count()).toBe(1);
    await admin.screenshot({ path: 'test-results/admin-route-errors.png', fullPage: true });
    await admin.check('#steps-2-remove');
    await admin.fill('#steps-1-budgetAmount', '1');
    await admin.getByTestId('save-route').click();
    await admin.waitForURL(`${portal.url}/admin/routes/LT.KT-XTT-MTP?done=saved`);
    expect(await admin.getByTestId('route-row').count()).toBe(2);
    expect(await admin.inputValue('#steps-1-budgetAmount')).toBe('1');

    await admin.goto(`${portal.url}/admin/deliveries`);
    expect(await admin.locator('[data-testid="targets"] tr[data-target="000.31.22.H56"]').textContent()).toContain(
      'Công an phường Thủy Xuân',
    );
    await admin.screenshot({ path: 'test-results/admin-deliveries.png', fullPage: true });
    await lastAudit().check(admin);
    await admin.locator('tr[data-target="000.40.17.H56"]').getByTestId('open-target').click();
    await admin.getByTestId('rotate-secret').click();
    expect(await text(admin, 'new-secret')).toMatch(/^whsec_[A-Za-z0-9+/=]{24,}$/);
    await admin.screenshot({ path: 'test-results/admin-target-secret.png', fullPage: true });
    await lastAudit().check(admin);

    await admin.goto(`${portal.url}/admin/queues`);
    const rows = await admin.getByTestId('queue-counts').locator('tbody tr').all();
    const queues = await Promise.all(rows.map((r) => r.getAttribute('data-queue')));
    expect([...queues].sort()).toEqual(['delivery', 'maintenance', 'outbox']);
    // The worker relayed the outbox: its queue shows completed jobs.
    expect(Number(await admin.locator('[data-queue="outbox"] [data-state="completed"]').textContent())).toBeGreaterThan(
      0,
    );
    await lastAudit().check(admin);
    await admin.screenshot({ path: 'test-results/admin-queues.png', fullPage: true });

    const officer = await signedIn('congan', '/agency/cases');
    for (const path of ['/admin/queues', '/admin/deliveries', '/admin/routes']) {
      const res = await officer.request.get(`${portal.url}${path}`);
      expect([path, res.status()]).toEqual([path, 403]);
    }
  });
});

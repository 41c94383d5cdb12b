import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { bullPrefix, QUEUES } from '@app/queues';
import { launchChromium, PageAudit, PortalHarness, signInOnKeycloak, startPortal } from '@app/testing';

const WARD = '000.17.22.H56';
const REDIS_URL = 'redis://127.0.0.1:6379';
/** The header (brand, user, navigation) may take at most a fifth of a 375 × 812 phone screen. */
const HEADER_MAX = 0.2 * 812;

/**
 * The page shell and the staff lists as people meet them, at desktop width and on a 375 px phone, with axe-core on
 * every page: the header, the field errors and the error summary in the page's language, the desk's search and its
 * row links, the officer's landing page, and the administrator's operator pages (queues with a failed job retried).
 */
describe('page shell and staff lists in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let ds: DataSource;
  const contexts: BrowserContext[] = [];
  const audits: PageAudit[] = [];
  const ids: Record<string, string> = {};

  async function dossier(key: string, code: string | null, status: string, name: string, idNumber: string) {
    const [row] = await ds.query<Array<{ id: string }>>(
      `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, applicant, lookup_key,
                            submitted_at, received_at, due_at, created_by_subject)
       SELECT $1::varchar, $2::varchar, 2, a.id, v.id, jsonb_build_object('fullName', $3::text, 'idNumber', $4::text),
              $5, now() - interval '1 hour', CASE WHEN $1::varchar IS NULL THEN NULL ELSE now() END,
              CASE WHEN $1::varchar IS NULL THEN NULL ELSE now() + interval '3 days' END, 'test'
         FROM agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $6 AND p.code = '1.004873' AND v.status = 'published'
       RETURNING id`,
      [code, status, name, idNumber, randomBytes(4).toString('hex').toUpperCase(), WARD],
    );
    ids[key] = row?.id ?? '';
  }

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    portal = await startPortal();
    ds = createDataSource({ url: portal.db.url, poolSize: 2 });
    await ds.initialize();
    await dossier('an', `${WARD}-261204-0001`, 'received', 'Nguyễn Văn An', '046090001234');
    await dossier('dao', null, 'submitted', 'Trần Thị Đào', '046090009999');
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await ds?.destroy();
    await portal?.stop();
    const redis = new Redis(REDIS_URL);
    const keys = portal ? await redis.keys(`*${portal.redisPrefix}*`) : [];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  afterEach(async () => {
    const pending = audits.splice(0);
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    for (const audit of pending) await audit.assertClean();
  });

  async function signedIn(username: string, path: string, landing = path): Promise<Page> {
    const { context, audit } = await PageAudit.context(browser);
    contexts.push(context);
    audits.push(audit);
    const page = await context.newPage();
    await page.goto(`${portal.url}${path}`);
    await signInOnKeycloak(page, username);
    await page.waitForURL(`${portal.url}${landing}`);
    return page;
  }

  function audit(): PageAudit {
    const last = audits.at(-1);
    if (!last) throw new Error('no signed-in context yet');
    return last;
  }

  /** The height of everything above the page's own content (header and service navigation) at phone width. */
  async function headerHeightAtPhone(page: Page): Promise<number> {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 375, height: 812 });
    try {
      return await page.evaluate<number>(
        `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
           const nav = document.querySelector('.govuk-service-navigation') || document.querySelector('.mc-header');
           resolve(nav.getBoundingClientRect().bottom + window.scrollY);
         })))`,
      );
    } finally {
      if (before) await page.setViewportSize(before);
    }
  }

  it('the clerk finds dossiers by name without diacritics, code or CCCD; rows open by a real link; errors in Vietnamese', async () => {
    const page = await signedIn('tiepnhan', '/desk');
    const header = await headerHeightAtPhone(page);
    console.log(`header and navigation at 375 px: ${header} px (at most ${HEADER_MAX})`);
    expect(header).toBeLessThanOrEqual(HEADER_MAX);
    expect(await audit().check(page)).toBeLessThanOrEqual(375);

    // Mới nộp: the uncoded dossier opens by its applicant's name, not by a dash.
    await page.goto(`${portal.url}/desk?tab=submitted`);
    const uncoded = page.locator(`tr[data-dossier="${ids.dao}"]`).getByTestId('open-dossier');
    expect((await uncoded.textContent())?.trim()).toBe('Chưa có mã – Trần Thị Đào');
    const box = await uncoded.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    await audit().check(page);

    await page.fill('#q', 'nguyen van an');
    await page.getByTestId('search-submit').click();
    await page.waitForURL(`${portal.url}/desk?q=nguyen+van+an`);
    const rows = page.getByTestId('queue-table').locator('tbody tr[data-dossier]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-dossier')).toBe(ids.an);
    expect(await audit().check(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/desk-search.png', fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: 'test-results/desk-search-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });

    for (const [term, id] of [
      ['046090009999', ids.dao],
      ['261204-0001', ids.an],
    ] as const) {
      await page.goto(`${portal.url}/desk?q=${encodeURIComponent(term)}`);
      const found = await Promise.all((await rows.all()).map((r) => r.getAttribute('data-dossier')));
      expect([term, found]).toEqual([term, [id]]);
    }

    // The whole row is the link's target: a click on the applicant's cell opens the dossier.
    // (The mouse lands on whatever is on top at the cell's centre: the row's link target.)
    await page.locator(`tr[data-dossier="${ids.an}"] td`).nth(1).click({ force: true });
    await page.waitForURL(`${portal.url}/desk/dossiers/${ids.an}`);

    // Too short a search: the error summary's one title, the field's error with Vietnamese hidden text.
    await page.goto(`${portal.url}/desk?q=a`);
    expect((await page.locator('.govuk-error-summary__title').textContent())?.trim()).toBe('Có lỗi cần sửa');
    const fieldError = page.locator('#q-error');
    expect((await fieldError.locator('.govuk-visually-hidden').textContent())?.trim()).toBe('Lỗi:');
    expect(await page.title()).toMatch(/^Có lỗi cần sửa: /);
    await audit().check(page);

    // The register period picker, with a bad date: the same title, the field named, and it fits a phone.
    await page.goto(`${portal.url}/desk/register?from=31/02/2026&to=01/03/2026`);
    expect((await page.locator('.govuk-error-summary__title').textContent())?.trim()).toBe('Có lỗi cần sửa');
    expect(await page.locator('.govuk-error-summary a[href="#register-from"]').count()).toBe(1);
    await audit().check(page);

    // In English the hidden text is English too.
    await page.goto(`${portal.url}/lang/en?returnTo=${encodeURIComponent('/desk')}`);
    await page.goto(`${portal.url}/desk?q=a`);
    expect((await page.locator('.govuk-error-summary__title').textContent())?.trim()).toBe('There is a problem');
    expect((await fieldError.locator('.govuk-visually-hidden').textContent())?.trim()).toBe('Error:');
    expect(await headerHeightAtPhone(page)).toBeLessThanOrEqual(HEADER_MAX);
  });

  it('the agency officer lands on the agency inbox, never on the ward’s desk, and every page fits a phone', async () => {
    const page = await signedIn('congan', '/desk', '/agency/cases');
    expect(await page.locator('.govuk-service-navigation a[href="/desk"]').count()).toBe(0);
    const width = await audit().check(page);
    console.log(`/agency/cases at 375 px: ${width} px wide`);
    expect(width).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: 'test-results/agency-inbox-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await headerHeightAtPhone(page)).toBeLessThanOrEqual(HEADER_MAX);
    for (const tab of ['open', 'closed']) {
      await page.goto(`${portal.url}/agency/cases?tab=${tab}`);
      await audit().check(page);
    }
    await page.goto(`${portal.url}/notifications?show=all`);
    await audit().check(page);
  });

  it('the administrator sees the queues, reads a failed job’s reason and retries it; operator pages fit a phone', async () => {
    // A job of the portal's own queues that failed, as the worker leaves one.
    const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
    const prefix = bullPrefix(portal.redisPrefix);
    const queue = new Queue(QUEUES.maintenance, { connection, prefix });
    const failing = new Worker(
      QUEUES.maintenance,
      () => Promise.reject(new Error('Kho phiên không trả lời\nstack line that must not show')),
      { connection, prefix, autorun: false },
    );
    const failed = new Promise<void>((resolve) => failing.once('failed', () => resolve()));
    const job = await queue.add('sessions.prune-index', {}, { jobId: 'prune-once', attempts: 1 });
    void failing.run();
    await failed;
    await failing.close();

    const page = await signedIn('quantri', '/admin/queues');
    expect(await page.locator('[data-queue="maintenance"] [data-state="failed"]').textContent()).toContain('1');
    const row = page.locator(`[data-testid="failed-maintenance"] tr[data-job="${job.id ?? ''}"]`);
    expect((await row.getByTestId('failed-reason').textContent())?.trim()).toBe('Kho phiên không trả lời');
    expect(await row.textContent()).toContain('Dọn chỉ mục phiên đăng nhập');
    expect(await page.locator('.govuk-service-navigation a[href="/"]').count()).toBe(1);
    expect(await audit().check(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/admin-queues.png', fullPage: true });

    await row.getByTestId('retry').click();
    await page.waitForURL(`${portal.url}/admin/queues?done=retried#queue-maintenance`);
    expect(await page.getByTestId('success').count()).toBe(1);
    expect(await page.getByTestId('no-failed-maintenance').count()).toBe(1);
    expect(await job.getState()).toBe('waiting');
    await queue.close();

    for (const path of ['/admin/routes', '/admin/routes/LT.KS-TT-BHYT', '/admin/national-sync', '/admin/deliveries']) {
      await page.goto(`${portal.url}${path}`);
      expect([path, await audit().check(page)]).toEqual([path, expect.any(Number)]);
    }
    await page.locator('tr[data-target="000.40.17.H56"]').getByTestId('open-target').click();
    await audit().check(page);

    // Others are kept out of the operator pages, and a retry needs an administrator too.
    const officer = await signedIn('congan', '/agency/cases');
    expect((await officer.request.get(`${portal.url}/admin/queues`)).status()).toBe(403);
    const post = await officer.request.post(`${portal.url}/admin/queues/maintenance/jobs/prune-once/retry`, {
      headers: { 'x-csrf-token': 'none' },
    });
    expect([403]).toContain(post.status());
  });
});

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { DeadlineScanner } from '@app/routing';
import { RegimeService } from '@app/regimes';
import {
  launchChromium,
  PageAudit,
  passwordGrant,
  PortalHarness,
  signInOnKeycloak,
  startPortal,
  first,
} from '@app/testing';

const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';
const PROCEDURE = 'LT.KS-TT-BHYT';
const STEP = 'Đăng ký thường trú cho trẻ';

/**
 * The notifications the deadline scanner leaves, as staff meet them on their pages, and the administrator's
 * reconciliation with the national portal. The data is what the router leaves behind (a forwarded case past its
 * due time), scanned by the real DeadlineScanner against the portal's database.
 */
describe('notifications and national sync pages in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let ds: DataSource;
  const contexts: BrowserContext[] = [];
  const audits: PageAudit[] = [];
  let dossierId: string;
  let caseId: string;
  let code: string;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [browser, portal] = await Promise.all([launchChromium(), startPortal()]);
    ds = createDataSource({ url: portal.db.url, poolSize: 2 });
    await ds.initialize();
    const me = await fetch(`${portal.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${(await passwordGrant('chuyenvien')).access_token}` },
    });
    const specialist = ((await me.json()) as { subject: string }).subject;
    code = `${WARD}-250407-0001`;
    const d = first(
      await ds.query<Array<{ id: string }>>(
        `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, applicant, assignee_subject, lookup_key,
                            submitted_at, received_at, due_at, created_by_subject)
       SELECT $1, 'awaiting_agency', 1, a.id, v.id, '{"fullName":"Nguyễn Văn An"}', $2, $3, now(), now(),
              now() + interval '30 days', 'test'
         FROM agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $4 AND p.code = $5 AND v.status = 'published'
       RETURNING id`,
        [code, specialist, randomBytes(4).toString('hex').toUpperCase(), WARD, PROCEDURE],
      ),
    );
    dossierId = d.id;
    await ds.query(
      `INSERT INTO dossier_event (dossier_id, action, from_status, to_status, actor_role)
       VALUES ($1, 'forward_to_agency', 'in_process', 'awaiting_agency', 'specialist')`,
      [dossierId],
    );
    const c = first(
      await ds.query<Array<{ id: string }>>(
        `INSERT INTO agency_case (dossier_id, stage, step_code, step_name, agency_id, status, budget_unit, budget_amount,
                                opened_at, due_at)
       SELECT $1, 1, 'thuong-tru', $3, a.id, 'acknowledged', 'working_days', 2, now() - interval '3 days',
              now() - interval '1 hour'
         FROM agency a WHERE a.code = $2 RETURNING id`,
        [dossierId, POLICE, STEP],
      ),
    );
    caseId = c.id;
    const result = await new DeadlineScanner(ds, { nearDueWindowMs: 24 * 3600_000 }, new RegimeService(ds)).scan();
    expect(result).toMatchObject({ caseOverdue: 1, notifications: 3 });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await ds?.destroy();
    await portal?.stop();
  });

  afterEach(async () => {
    // axe-core on every page the test visited: no serious or critical finding.
    for (const audit of audits.splice(0)) await audit.assertClean();
  });

  /** A signed-in page whose every load is audited; check() also measures it at 375 px. */
  async function signedIn(username: string, path: string): Promise<Page> {
    const { context, audit } = await PageAudit.context(browser);
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

  const navText = async (page: Page) => ((await page.getByTestId('nav-notifications').textContent()) ?? '').trim();

  it('the police officer sees the overdue step, follows it to the case, and marks it read', async () => {
    const page = await signedIn('congan', '/notifications');
    expect(await navText(page)).toBe('Thông báo (1)');
    const item = page.getByTestId('notification');
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('data-kind')).toBe('case_overdue');
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Bước liên thông quá hạn');
    expect(text).toContain(`Bước “${STEP}” của hồ sơ ${code} tại Công an phường Thủy Xuân đã quá hạn xử lý.`);
    expect(text).toContain('Gửi nhóm Cán bộ cơ quan liên thông');
    expect(await item.getByTestId('notification-link').getAttribute('href')).toBe(`/agency/cases/${caseId}`);
    await page.screenshot({ path: 'test-results/notifications-officer.png', fullPage: true });
    await lastAudit().check(page);

    await item.getByTestId('mark-read').click();
    await page.waitForURL(`${portal.url}/notifications?show=unread&done=read`);
    expect(await page.getByTestId('success').count()).toBe(1);
    expect(await page.getByTestId('notifications-empty').count()).toBe(1);
    expect(await navText(page)).toBe('Thông báo');
    await page.click('a[data-tab="all"]');
    await page.waitForURL(`${portal.url}/notifications?show=all`);
    expect(await page.getByTestId('notification').getAttribute('data-unread')).toBe('false');

    // Another agency's officer sees none of it.
    const other = await signedIn('bhxh', '/notifications?show=all');
    expect(await other.getByTestId('notifications-empty').count()).toBe(1);
  });

  it('the lead agency hears of it too: the dossier’s specialist in person, the leaders as a team (in English)', async () => {
    const specialist = await signedIn('chuyenvien', '/notifications');
    const mine = specialist.getByTestId('notification');
    expect(await mine.count()).toBe(1);
    expect(await mine.textContent()).toContain('Gửi bạn');
    expect(await mine.getByTestId('notification-link').getAttribute('href')).toBe(`/desk/dossiers/${dossierId}`);
    await lastAudit().check(specialist);

    const leader = await signedIn('lanhdao', '/notifications');
    await leader.goto(`${portal.url}/lang/en?returnTo=${encodeURIComponent('/notifications')}`);
    await leader.waitForURL(`${portal.url}/notifications`);
    expect(await navText(leader)).toBe('Notifications (1)');
    expect(await leader.getByTestId('notification').textContent()).toContain(
      `Step “${STEP}” of dossier ${code} at Công an phường Thủy Xuân is overdue.`,
    );
    await leader.getByTestId('mark-all-read').click();
    await leader.waitForURL(`${portal.url}/notifications?show=unread&done=readAll`);
    expect(await leader.getByTestId('notifications-empty').count()).toBe(1);
    await leader.screenshot({ path: 'test-results/notifications-leader-en.png', fullPage: true });
    await lastAudit().check(leader);
  });

  it('the administrator reconciles the national portal sync of a period; bad dates name the field', async () => {
    const page = await signedIn('quantri', '/admin/national-sync');
    expect(await page.locator('[data-total="dossiers"]').textContent()).toBe('1');
    expect(await page.locator('[data-total="neverSent"]').textContent()).toBe('1');
    const row = page.locator(`tr[data-dossier="${dossierId}"]`);
    expect(await row.getAttribute('data-state')).toBe('never_sent');
    expect(await row.textContent()).toContain('4 – Đang xử lý');
    expect(await page.getByTestId('target').textContent()).toContain('Đang tắt');
    await page.screenshot({ path: 'test-results/national-sync.png', fullPage: true });
    await audits[0]?.check(page);

    const bad = await page.goto(`${portal.url}/admin/national-sync?from=31/02/2025&to=01/03/2025`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary a[href="#national-from"]').count()).toBe(1);
    expect((await page.locator('#national-from-error .govuk-visually-hidden').textContent())?.trim()).toBe('Lỗi:');
    await audits[0]?.check(page);

    const officer = await signedIn('congan', '/notifications');
    const forbidden = await officer.goto(`${portal.url}/admin/national-sync`);
    expect(forbidden?.status()).toBe(403);
  });

  it('the administrator sees a message to a citizen the mail server refused, with its reason, and queues it again', async () => {
    const [message] = await ds.query<Array<{ id: string }>>(
      `INSERT INTO dossier_message (event_id, dossier_id, kind, channel, recipient, data, status, attempts, last_error)
       VALUES (gen_random_uuid(), $1, 'received', 'email', 'an.nguyen.rat.dai.dia.chi.thu@truong-hoc.example.edu.vn',
               '{}', 'given_up', 1, '550 5.1.1 <an.nguyen.rat.dai.dia.chi.thu@truong-hoc.example.edu.vn>: Recipient address rejected')
       RETURNING id`,
      [dossierId],
    );
    const page = await signedIn('quantri', '/admin/messages');
    expect(await page.getByTestId('total-given_up').textContent()).toBe('1');
    const row = page.locator(`tr[data-message="${message?.id}"]`);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Đã tiếp nhận hồ sơ');
    expect(text).toContain('Thư điện tử');
    expect(text).toContain(code);
    expect(await row.getByTestId('status').textContent()).toBe('Đã dừng gửi');
    expect(await row.getByTestId('last-error').textContent()).toContain('550 5.1.1');
    await page.screenshot({ path: 'test-results/admin-messages.png', fullPage: true });
    await lastAudit().check(page);

    await row.getByTestId('retry').click();
    await page.waitForURL(`${portal.url}/admin/messages?show=problems&done=retry`);
    expect(await page.getByTestId('success').textContent()).toContain('Đã xếp thư vào hàng đợi');
    expect(await page.getByTestId('messages-empty').count()).toBe(1);
    await page.goto(`${portal.url}/admin/messages?show=all`);
    expect(await page.locator(`tr[data-message="${message?.id}"]`).getByTestId('status').textContent()).toBe('Chờ gửi');
    await lastAudit().check(page);

    const clerk = await signedIn('tiepnhan', '/desk');
    expect((await clerk.goto(`${portal.url}/admin/messages`))?.status()).toBe(403);
  });

  it('the citizen reads what they were told about their dossier, marks it read, and chooses how to hear from us', async () => {
    const me = await fetch(`${portal.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${(await passwordGrant('congdan')).access_token}` },
    });
    const citizen = ((await me.json()) as { subject: string }).subject;
    const ownCode = `${WARD}-261207-0042`;
    const [own] = await ds.query<Array<{ id: string; lookup_key: string }>>(
      `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, applicant, owner_subject, lookup_key,
                            submitted_at, received_at, due_at, created_by_subject)
       SELECT $1, 'received', 2, a.id, v.id, '{"fullName":"Nguyễn Văn An"}', $2, 'OWNKEY42', now(), now(),
              now() + interval '3 days', $2
         FROM agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $3 AND p.code = $4 AND v.status = 'published'
       RETURNING id, lookup_key`,
      [ownCode, citizen, WARD, PROCEDURE],
    );
    const data = {
      dossierId: own?.id,
      code: ownCode,
      lookupKey: own?.lookup_key,
      applicantName: 'Nguyễn Văn An',
      procedureName: 'Liên thông đăng ký khai sinh, thường trú, cấp thẻ BHYT',
      agencyName: 'Ủy ban nhân dân phường Thủy Xuân',
      ownedOnline: true,
      dueAt: '2026-12-10T10:00:00.000Z',
      reason: null,
      supplementDueAt: null,
      newDueAt: null,
    };
    await ds.query(
      `INSERT INTO dossier_message (event_id, dossier_id, kind, channel, recipient, data, status, sent_at)
       VALUES (gen_random_uuid(), $1, 'received', 'inapp', $2, $3, 'sent', now())`,
      [own?.id, citizen, data],
    );

    const page = await signedIn('congdan', '/account/messages');
    expect(((await page.getByTestId('nav-messages').textContent()) ?? '').trim()).toBe('Thông báo (1)');
    const item = page.getByTestId('message');
    expect(await item.count()).toBe(1);
    const text = (await item.textContent()) ?? '';
    expect(text).toContain(`Hồ sơ ${ownCode} đã được tiếp nhận`);
    expect(text).toContain('Ngày hẹn trả kết quả: 17:00 ngày 10/12/2026');
    expect(text).not.toContain('Kính gửi');
    expect(await item.getByTestId('open-dossier').getAttribute('href')).toBe(`/dossiers/${own?.id}`);
    await page.screenshot({ path: 'test-results/citizen-messages.png', fullPage: true });
    await lastAudit().check(page);
    await page.getByTestId('mark-all-read').click();
    await page.waitForURL(`${portal.url}/account/messages?done=read`);
    expect(((await page.getByTestId('nav-messages').textContent()) ?? '').trim()).toBe('Thông báo');
    expect(await page.getByTestId('message').getAttribute('data-unread')).toBe('false');

    await page.goto(`${portal.url}/account`);
    await page.check('#prefs-email-2');
    await page.check('#prefs-locale-2');
    await page.getByTestId('save-preferences').click();
    await page.waitForURL(`${portal.url}/account?done=preferences`);
    expect(await page.getByTestId('success').textContent()).toContain('Đã lưu lựa chọn nhận thông báo');
    expect(await page.isChecked('#prefs-email-2')).toBe(true);
    await lastAudit().check(page);
    expect(
      await ds.query(`SELECT email, locale FROM citizen_message_preference WHERE subject = $1`, [citizen]),
    ).toEqual([{ email: false, locale: 'en' }]);
  });
});

import { passwordGrant, PortalHarness, startPortal } from '@app/testing';

/** The working calendar over HTTP: the built portal against real PostgreSQL and real Keycloak tokens. */
describe('Working calendar API and admin page (real Keycloak)', () => {
  let portal: PortalHarness;
  let admin: string;
  let clerk: string;

  beforeAll(async () => {
    portal = await startPortal();
    admin = (await passwordGrant('quantri')).access_token;
    clerk = (await passwordGrant('tiepnhan')).access_token;
  });

  afterAll(async () => {
    await portal?.stop();
  });

  function call(method: string, path: string, opts: { token?: string; body?: unknown; html?: boolean } = {}) {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.html) headers.accept = 'text/html';
    let body: string | undefined;
    if (opts.body instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = opts.body.toString();
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    return fetch(`${portal.url}${path}`, { method, headers, body, redirect: 'manual' });
  }

  const fieldsOf = async (res: Response) =>
    ((await res.json()) as { errors?: Array<{ field: string }> }).errors?.map((e) => e.field) ?? [];

  it('lists a seeded year publicly, with the 2025 notice applied', async () => {
    const res = await call('GET', '/api/v1/calendars/VN-default/years/2025');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { days: Array<{ date: string; kind: string; source: string }> };
    expect(body.days.find((d) => d.date === '2025-04-26')).toMatchObject({ kind: 'working_day', source: 'notice' });
    expect(body.days.filter((d) => d.date >= '2025-01-27' && d.date <= '2025-01-31')).toHaveLength(5);
  });

  it('answers 404 for an unknown calendar and a year without data', async () => {
    expect((await call('GET', '/api/v1/calendars/VN-nowhere/years/2025')).status).toBe(404);
    expect((await call('GET', '/api/v1/calendars/VN-default/years/2031')).status).toBe(404);
    expect(await fieldsOf(await call('GET', '/api/v1/calendars/VN-default/years/20x5'))).toEqual(['year']);
  });

  it('computes due dates publicly: 3 working days from Monday 09:00 is Thursday 17:00, across the new year too', async () => {
    const due = await call(
      'GET',
      `/api/v1/calendars/VN-default/due?receivedAt=${encodeURIComponent('2025-07-07T09:00:00+07:00')}&unit=working_days&amount=3`,
    );
    expect(due.status).toBe(200);
    expect(await due.json()).toMatchObject({
      countingStart: '2025-07-07',
      dueDate: '2025-07-10',
      dueAt: '2025-07-10T17:00:00+07:00',
    });
    const yearEnd = await call(
      'GET',
      '/api/v1/calendars/VN-default/due?receivedAt=2025-12-31T16:00&unit=working_days&amount=0',
    );
    // Thu 1 Jan 2026 is Tết Dương lịch and Fri 2 Jan is off in exchange for Sat 10 Jan (CV 12729/VPCP-KGVX).
    expect(await yearEnd.json()).toMatchObject({ countingStart: '2026-01-05', dueDate: '2026-01-05' });
    const acrossSwap = await call(
      'GET',
      '/api/v1/calendars/VN-default/due?receivedAt=2026-08-27T09:00&unit=working_days&amount=3',
    );
    // Fri 28 Aug, then Mon 31 Aug (swapped for Sat 22 Aug, TB 9441/TB-BNV) – Wed 2 Sep off: Thu 3, Fri 4.
    expect(await acrossSwap.json()).toMatchObject({ dueDate: '2026-09-04' });
    const workedSaturday = await call(
      'GET',
      '/api/v1/calendars/VN-default/due?receivedAt=2026-08-21T10:00&unit=working_days&amount=1',
    );
    expect(await workedSaturday.json()).toMatchObject({ dueDate: '2026-08-22' });
    const hours = await call(
      'GET',
      '/api/v1/calendars/VN-default/due?receivedAt=2025-07-07T10:30&unit=working_hours&amount=4',
    );
    expect(await hours.json()).toMatchObject({ dueAt: '2025-07-07T16:30:00+07:00' });
  });

  it('names the field of a bad due query and refuses a year without data', async () => {
    const bad = await call('GET', '/api/v1/calendars/VN-default/due?receivedAt=07/07/2025&unit=weeks&amount=-1');
    expect(bad.status).toBe(400);
    expect((await fieldsOf(bad)).sort()).toEqual(['amount', 'receivedAt', 'unit']);
    const unseeded = await call(
      'GET',
      '/api/v1/calendars/VN-default/due?receivedAt=2031-03-03T09:00&unit=working_days&amount=1',
    );
    expect(unseeded.status).toBe(422);
  });

  it('lets an administrator add a day, which deadlines then honour, and remove it again', async () => {
    const put = await call('PUT', '/api/v1/calendars/VN-default/days/2027-12-30', {
      token: admin,
      body: { kind: 'holiday', name: 'Nghỉ cuối năm', reason: 'Quyết định của UBND tỉnh' },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ before: null, after: { date: '2027-12-30', source: 'admin' } });
    const year = (await (await call('GET', '/api/v1/calendars/VN-default/years/2027')).json()) as {
      days: Array<{ date: string; source: string }>;
    };
    expect(year.days.find((d) => d.date === '2027-12-30')?.source).toBe('admin');
    const due = await call(
      'GET',
      '/api/v1/calendars/VN-default/due?receivedAt=2027-12-29T09:00&unit=working_days&amount=1',
    );
    expect(await due.json()).toMatchObject({ dueDate: '2027-12-31' });

    const del = await call('DELETE', '/api/v1/calendars/VN-default/days/2027-12-30', {
      token: admin,
      body: { reason: 'Quyết định bị thu hồi' },
    });
    expect(del.status).toBe(200);
    const after = await call(
      'GET',
      '/api/v1/calendars/VN-default/due?receivedAt=2027-12-29T09:00&unit=working_days&amount=1',
    );
    expect(await after.json()).toMatchObject({ dueDate: '2027-12-30' });
  });

  it('refuses edits by a clerk (403) and by anonymous callers (401 on the admin page, refused writes)', async () => {
    const body = { kind: 'holiday', name: 'Thử', reason: 'không được phép' };
    expect((await call('PUT', '/api/v1/calendars/VN-default/days/2027-12-29', { token: clerk, body })).status).toBe(
      403,
    );
    // Anonymous: the admin-only page answers 401; an anonymous write is refused before it reaches the service (the
    // portal's CSRF check, which runs before the guard, answers 403 to a state-changing request without a session).
    const anonymousPage = await call('GET', '/admin/calendar/2027');
    expect(anonymousPage.status).toBe(401);
    expect(await anonymousPage.json()).toMatchObject({ code: 'unauthenticated' });
    for (const res of [
      await call('PUT', '/api/v1/calendars/VN-default/days/2027-12-29', { body }),
      await call('DELETE', '/api/v1/calendars/VN-default/days/2027-01-01', { body: { reason: 'xoá' } }),
      await call('POST', '/api/v1/calendars/VN-default/years/2028/seed'),
    ]) {
      expect([401, 403]).toContain(res.status);
      expect(['unauthenticated', 'csrf_failed']).toContain(((await res.json()) as { code: string }).code);
    }
    expect((await call('POST', '/api/v1/calendars/VN-default/years/2028/seed', { token: clerk })).status).toBe(403);
    const year = (await (await call('GET', '/api/v1/calendars/VN-default/years/2027')).json()) as {
      days: Array<{ date: string }>;
    };
    expect(year.days.map((d) => d.date)).not.toContain('2027-12-29');
    expect(year.days.map((d) => d.date)).toContain('2027-01-01');
    expect((await call('GET', '/api/v1/calendars/VN-default/years/2028')).status).toBe(404);
  });

  it('answers a bad date or a missing reason with 400 naming the field', async () => {
    const badDate = await call('PUT', '/api/v1/calendars/VN-default/days/2027-02-30', {
      token: admin,
      body: { kind: 'holiday', name: 'Ngày không có', reason: 'thử ngày sai' },
    });
    expect(badDate.status).toBe(400);
    expect(await fieldsOf(badDate)).toEqual(['date']);
    const noReason = await call('PUT', '/api/v1/calendars/VN-default/days/2027-12-29', {
      token: admin,
      body: { kind: 'holiday', name: 'Không lý do' },
    });
    expect(noReason.status).toBe(400);
    expect(await fieldsOf(noReason)).toEqual(['reason']);
    const weekday = await call('PUT', '/api/v1/calendars/VN-default/days/2027-12-29', {
      token: admin,
      body: { kind: 'working_day', name: 'Thứ Tư', reason: 'ngày thường không thể làm bù' },
    });
    expect(await fieldsOf(weekday)).toEqual(['kind']);
  });

  it('seeds a new year for an administrator', async () => {
    const seed = await call('POST', '/api/v1/calendars/VN-default/years/2028/seed', { token: admin });
    expect(seed.status).toBe(200);
    expect(await seed.json()).toMatchObject({ year: 2028, removed: 0 });
    expect((await call('GET', '/api/v1/calendars/VN-default/years/2028')).status).toBe(200);
  });

  it('shows the admin page with Vietnamese weekdays, re-renders invalid input with an error summary, and redirects on success', async () => {
    const redirect = await call('GET', '/admin/calendar', { token: admin, html: true });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/^\/admin\/calendar\/\d{4}$/);

    const page = await call('GET', '/admin/calendar/2025', { token: admin, html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Lịch làm việc năm 2025');
    expect(html).toContain('Thứ Bảy, 26/04/2025');
    expect(html).toContain('Theo thông báo của Chính phủ');
    expect(html).toContain('Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 của Bộ Lao động – Thương binh và Xã hội');
    const html2026 = await (await call('GET', '/admin/calendar/2026', { token: admin, html: true })).text();
    const row = (date: string) => new RegExp(`<li[^>]*data-date="${date}"[\\s\\S]*?</li>`).exec(html2026)?.[0] ?? '';
    expect(row('2026-01-10')).toContain('Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ');
    expect(row('2026-08-31')).toContain('Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ');
    expect(row('2026-04-27')).toContain('Bộ luật Lao động 2019');

    const invalid = await call('POST', '/admin/calendar/2027/days', {
      token: admin,
      html: true,
      body: new URLSearchParams({ date: '31/02/2027', kind: 'holiday', name: '', reason: '' }),
    });
    expect(invalid.status).toBe(400);
    const errorPage = await invalid.text();
    expect(errorPage).toContain('govuk-error-summary');
    for (const id of ['#day-date', '#day-name', '#day-reason']) expect(errorPage).toContain(`href="${id}"`);

    const ok = await call('POST', '/admin/calendar/2027/days', {
      token: admin,
      html: true,
      body: new URLSearchParams({
        date: '24/12/2027',
        kind: 'holiday',
        name: 'Nghỉ thử',
        basis: 'Quyết định 99/QĐ-UBND ngày 01/12/2027',
        reason: 'kiểm thử trang quản trị',
      }),
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/calendar/2027?saved=2027-12-24');
    const saved = await (await call('GET', '/admin/calendar/2027', { token: admin, html: true })).text();
    expect(/<li[^>]*data-date="2027-12-24"[\s\S]*?<\/li>/.exec(saved)?.[0]).toContain(
      'Quyết định 99/QĐ-UBND ngày 01/12/2027',
    );
    const removeInvalid = await call('POST', '/admin/calendar/2027/days/2027-12-24/remove', {
      token: admin,
      html: true,
      body: new URLSearchParams({ reason: '' }),
    });
    expect(removeInvalid.status).toBe(400);
    expect(await removeInvalid.text()).toContain('href="#remove-reason-2027-12-24"');
    const removed = await call('POST', '/admin/calendar/2027/days/2027-12-24/remove', {
      token: admin,
      html: true,
      body: new URLSearchParams({ reason: 'xoá ngày kiểm thử' }),
    });
    expect(removed.status).toBe(303);

    expect((await call('GET', '/admin/calendar/2025', { token: clerk, html: true })).status).toBe(403);
  });
});

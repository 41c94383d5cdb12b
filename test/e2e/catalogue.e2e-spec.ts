import { passwordGrant, PortalHarness, startPortal } from '@app/testing';

interface Problem {
  status: number;
  code: string;
  errors?: Array<{ field: string; messages: string[] }>;
}

/** The procedure catalogue through the built portal: public reads, admin versioning, roles, pages. */
describe('procedure catalogue (built portal, real Keycloak)', () => {
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
    return fetch(`${portal.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.html ? { accept: 'text/html' } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  }

  function postForm(path: string, token: string, form: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
    return fetch(`${portal.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
      body,
    });
  }

  const firstVersion = {
    implementingAgency: 'UBND cấp xã',
    timeLimit: { unit: 'working_days', amount: 2 },
    channels: [1, 2],
    onlineLevel: 'partial',
    interAgency: false,
    supplementPolicy: 'pause',
    applicantTypes: ['individual'],
    steps: [{ title: 'Nộp hồ sơ' }, { title: 'Trả kết quả' }],
    requiredDocuments: [{ name: 'Tờ khai theo mẫu', originals: 1, copies: 0, required: true }],
    fees: [{ name: 'Lệ phí', rule: { kind: 'fixed', amount: 10000 } }],
    legalBasis: [{ title: 'Luật Hộ tịch', number: '60/2014/QH13' }],
    result: ['Trích lục'],
    conditions: [],
    components: [],
    formSchema: {
      fields: [
        { key: 'fullName', label: { vi: 'Họ và tên', en: 'Full name' }, type: 'text', required: true },
        { key: 'cccd', label: { vi: 'Số định danh', en: 'ID number' }, type: 'cccd', required: true },
      ],
    },
  };

  it('lists the seeded catalogue in force today, by field, and shows one procedure at a date', async () => {
    const all = (await (await call('GET', '/api/v1/procedures')).json()) as Array<{ code: string }>;
    expect(all.map((p) => p.code)).toEqual(
      expect.arrayContaining(['1.001193', '1.000894', '1.004873', '2.000815', '1.004222', '1.000656', '1.001612']),
    );
    const residence = (await (
      await call('GET', `/api/v1/procedures?field=${encodeURIComponent('Cư trú')}`)
    ).json()) as Array<{
      code: string;
    }>;
    expect(residence.map((p) => p.code)).toEqual(['1.004222']);

    const birth = await call('GET', '/api/v1/procedures/1.001193?at=2025-03-01');
    expect(birth.status).toBe(200);
    expect(await birth.json()).toMatchObject({
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      version: 1,
      status: 'published',
      effectiveFrom: '2025-01-01',
      timeLimit: { unit: 'working_days', amount: 0 },
      channels: [1, 2, 3],
      onlineLevel: 'full',
    });
    expect((await call('GET', '/api/v1/procedures/1.001193?at=2024-12-31')).status).toBe(404);
    const bad = await call('GET', '/api/v1/procedures/1.001193?at=31-12-2024');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.[0]?.field).toBe('at');
  });

  it('shows the public pages: search, field filter and every legal component of a procedure', async () => {
    const list = await call('GET', `/procedures?q=${encodeURIComponent('khai tử')}`, { html: true });
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Đăng ký khai tử');
    expect(html).not.toContain('Đăng ký kết hôn');

    const detail = await (await call('GET', '/procedures/2.000815', { html: true })).text();
    expect(detail).toContain('Chứng thực bản sao từ bản chính');
    expect(detail).toContain('2.000đ/trang; từ trang thứ 3: 1.000đ/trang; tối đa 200.000đ/bản');
    expect(detail).toContain('23/2015/NĐ-CP');
    expect(detail).not.toMatch(/undefined|\[object Object\]|NaN/);
    expect(detail).toContain('govuk-summary-list');

    const group = await (
      await call('GET', `/procedures/${encodeURIComponent('LT.KS-TT-BHYT')}`, { html: true })
    ).text();
    expect(group).toContain('data-testid="inter-agency"');
    expect(group).toContain('Bảo hiểm xã hội cấp huyện');
  });

  it('finds "hôn nhân" when asked without diacritics, and offers to apply online from the procedure page', async () => {
    const list = await (await call('GET', `/procedures?q=${encodeURIComponent('hon nhan')}`, { html: true })).text();
    expect(list).toContain('data-code="1.004873"');
    expect(list).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');

    const detail = await (await call('GET', '/procedures/1.004873', { html: true })).text();
    expect(detail).toMatch(/<a [^>]*href="\/dossiers\/new\/1\.004873"[^>]*data-testid="apply-online"/);
    expect(detail).toContain('Nộp hồ sơ trực tuyến');
    // No internal strings: schema conditions, configuration notes on fees, ISO dates.
    expect(detail).toContain('Chỉ khai khi “Mục đích sử dụng” là “Để đăng ký kết hôn”');
    expect(detail).not.toContain('purpose');
    expect(detail).not.toContain('ket_hon');
    expect(detail).not.toContain('cấu hình');
    expect(detail.replace(/<[^>]*>/g, ' ')).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(detail).toMatch(/ban hành ngày \d{2}\/\d{2}\/\d{4}/);
  });

  it('refuses an administrator pattern that backtracks catastrophically, naming the field, and saves nothing', async () => {
    const refused = await call('POST', '/api/v1/procedures/1.001193/versions', {
      token: admin,
      body: {
        formSchema: {
          fields: [{ key: 'code', label: { vi: 'Mã', en: 'Code' }, type: 'text', pattern: '(a+)+b' }],
        },
      },
    });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as Problem;
    expect(problem.errors?.map((e) => e.field)).toEqual(['formSchema.fields[0].pattern']);
    const versions = (await (
      await call('GET', '/api/v1/procedures/1.001193/versions', { token: admin })
    ).json()) as Array<{ status: string }>;
    expect(versions.map((v) => v.status)).toEqual(['published']);
  });

  it('keeps admin routes for admins: 401 without a token, 403 for a clerk', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/procedures'],
      ['GET', '/api/v1/procedures/1.001193/versions'],
      ['POST', '/api/v1/procedures/1.001193/versions'],
      ['PATCH', '/api/v1/procedures/1.001193/versions/1'],
      ['POST', '/api/v1/procedures/1.001193/versions/1/publish'],
    ] as const) {
      const body = method === 'GET' ? undefined : {};
      const anonymous = await call(method, path, { body });
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      const forbidden = await call(method, path, { token: clerk, body });
      expect([method, path, forbidden.status]).toEqual([method, path, 403]);
    }
    const page = await call('GET', '/admin/procedures', { token: clerk, html: true });
    expect(page.status).toBe(403);
    const anonymousPage = await call('GET', '/admin/procedures', { html: true });
    expect(anonymousPage.status).toBe(303);
    expect(anonymousPage.headers.get('location')).toMatch(/^\/auth\/login/);
  });

  it('lets an admin create a procedure, a draft and publish it; published versions stay as they are', async () => {
    const created = await call('POST', '/api/v1/procedures', {
      token: admin,
      body: { code: '1.009999', name: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch' },
    });
    expect(created.status).toBe(201);

    const invalid = await call('POST', '/api/v1/procedures/1.009999/versions', {
      token: admin,
      body: {
        ...firstVersion,
        formSchema: {
          fields: [firstVersion.formSchema.fields[0], { ...firstVersion.formSchema.fields[1], key: 'fullName' }],
        },
      },
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as Problem).errors?.map((e) => e.field)).toEqual(['formSchema.fields[1].key']);

    const draft = await call('POST', '/api/v1/procedures/1.009999/versions', { token: admin, body: firstVersion });
    expect(draft.status).toBe(201);
    expect(await draft.json()).toMatchObject({ version: 1, status: 'draft' });
    expect((await call('GET', '/api/v1/procedures/1.009999')).status).toBe(404);

    const patched = await call('PATCH', '/api/v1/procedures/1.009999/versions/1', {
      token: admin,
      body: { fees: [{ name: 'Lệ phí', rule: { kind: 'fixed', amount: 1.5 } }] },
    });
    expect(patched.status).toBe(400);
    expect(((await patched.json()) as Problem).errors?.map((e) => e.field)).toEqual(['fees[0].rule.amount']);

    const published = await call('POST', '/api/v1/procedures/1.009999/versions/1/publish', {
      token: admin,
      body: { effectiveFrom: '2025-01-01' },
    });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({
      status: 'published',
      effectiveFrom: '2025-01-01',
      publishedBy: 'quantri',
    });
    expect((await call('GET', '/api/v1/procedures/1.009999')).status).toBe(200);

    const locked = await call('PATCH', '/api/v1/procedures/1.009999/versions/1', {
      token: admin,
      body: { implementingAgency: 'UBND cấp huyện' },
    });
    expect(locked.status).toBe(409);

    expect((await call('POST', '/api/v1/procedures/1.009999/versions', { token: admin, body: {} })).status).toBe(201);
    const second = await call('POST', '/api/v1/procedures/1.009999/versions/2/publish', {
      token: admin,
      body: { effectiveFrom: '2026-03-01' },
    });
    expect(second.status).toBe(200);
    const versions = (await (
      await call('GET', '/api/v1/procedures/1.009999/versions', { token: admin })
    ).json()) as Array<Record<string, unknown>>;
    expect(versions.map((v) => [v.version, v.status, v.effectiveFrom, v.effectiveTo])).toEqual([
      [1, 'published', '2025-01-01', '2026-02-28'],
      [2, 'published', '2026-03-01', null],
    ]);
  });

  it('edits a draft on the admin pages: field errors in an error summary, then save and publish', async () => {
    const listPage = await call('GET', '/admin/procedures', { token: admin, html: true });
    expect(listPage.status).toBe(200);
    expect(await listPage.text()).toContain('1.004222');

    const opened = await postForm('/admin/procedures/1.004222/versions', admin, {});
    expect(opened.status).toBe(303);
    const editPath = opened.headers.get('location') ?? '';
    expect(editPath).toBe('/admin/procedures/1.004222/versions/2');
    const edit = await (await call('GET', editPath, { token: admin, html: true })).text();
    expect(edit).toContain('name="formSchema"');
    expect(edit).not.toMatch(/undefined|\[object Object\]|NaN/);

    const current = (await (
      await call('GET', '/api/v1/procedures/1.004222/versions/2', { token: admin })
    ).json()) as Record<string, unknown>;
    const form = {
      implementingAgency: 'Công an cấp xã',
      timeLimitUnit: 'working_days',
      timeLimitAmount: '5',
      timeLimitExtendedAmount: '',
      timeLimitNote: '05 ngày làm việc',
      channels: ['1', '2', '3'],
      onlineLevel: 'full',
      supplementPolicy: 'restart',
      applicantTypes: ['individual'],
      steps: JSON.stringify(current.steps),
      requiredDocuments: JSON.stringify(current.requiredDocuments),
      fees: JSON.stringify(current.fees),
      legalBasis: JSON.stringify(current.legalBasis),
      result: JSON.stringify(current.result),
      conditions: JSON.stringify(current.conditions),
      components: JSON.stringify(current.components),
      formSchema: JSON.stringify({ fields: [{ key: 'a', label: { vi: 'A', en: 'A' }, type: 'signature' }] }),
    };
    const rejected = await postForm(editPath, admin, form);
    expect(rejected.status).toBe(400);
    const page = await rejected.text();
    expect(page).toContain('govuk-error-summary');
    expect(page).toContain('href="#formSchema"');
    expect(page).toContain('formSchema.fields[0].type');

    const broken = await postForm(editPath, admin, { ...form, formSchema: '{ not json' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('formSchema: không phải JSON hợp lệ');

    const saved = await postForm(editPath, admin, { ...form, formSchema: JSON.stringify(current.formSchema) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${editPath}?saved=1`);

    const badDate = await postForm(`${editPath}/publish`, admin, {
      'effectiveFrom-day': '31',
      'effectiveFrom-month': '2',
      'effectiveFrom-year': '2026',
    });
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain('href="#effectiveFrom-day"');

    const done = await postForm(`${editPath}/publish`, admin, {
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '1',
      'effectiveFrom-year': '2030',
    });
    expect(done.status).toBe(303);
    const after = (await (await call('GET', '/api/v1/procedures/1.004222?at=2030-01-01')).json()) as Record<
      string,
      unknown
    >;
    expect(after).toMatchObject({ version: 2, timeLimit: { amount: 5 } });
  });

  it('adds a procedure on the admin page as draft version 1, writing nothing when the form is refused', async () => {
    const newPage = await call('GET', '/admin/procedures/new', { token: admin, html: true });
    expect(newPage.status).toBe(200);
    const form = {
      code: '1.008888',
      name: 'Thủ tục thử nghiệm thêm từ trang quản trị',
      field: 'Hộ tịch',
      implementingAgency: 'UBND cấp xã',
      timeLimitUnit: 'working_days',
      timeLimitAmount: '3',
      timeLimitExtendedAmount: '',
      timeLimitNote: '',
      channels: ['1', '2'],
      onlineLevel: 'partial',
      supplementPolicy: 'pause',
      applicantTypes: ['individual'],
      steps: '[]',
      requiredDocuments: '[]',
      fees: '[]',
      legalBasis: '[]',
      result: '[]',
      conditions: '[]',
      components: '[]',
      formSchema: '{"fields": [{"key": "x", "type": "nope", "label": {"vi": "X", "en": "X"}}]}',
    };
    const refused = await postForm('/admin/procedures', admin, { ...form, code: 'bad code' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('href="#code"');
    expect(html).toContain('href="#formSchema"');
    expect((await call('GET', '/api/v1/procedures/1.008888/versions', { token: admin })).status).toBe(404);

    const created = await postForm('/admin/procedures', admin, { ...form, formSchema: '{"fields": []}' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/admin/procedures/1.008888/versions/1?saved=1');
    const versions = (await (
      await call('GET', '/api/v1/procedures/1.008888/versions', { token: admin })
    ).json()) as Array<Record<string, unknown>>;
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'draft']]);
    expect((await postForm('/admin/procedures', admin, { ...form, formSchema: '{"fields": []}' })).status).toBe(409);
  });

  it('edits steps and e-form fields with the form editor: reorder, add, type, mark required; JSON stays the expert view', async () => {
    const opened = await postForm('/admin/procedures/1.000656/versions', admin, {});
    expect(opened.status).toBe(303);
    const editPath = opened.headers.get('location') ?? '';
    const page = await (await call('GET', editPath, { token: admin, html: true })).text();
    for (const id of ['steps-0-title', 'formFields-0-labelVi', 'formFields-0-type', 'formFields-0-required']) {
      expect(page).toContain(`id="${id}"`);
    }
    expect(page).toContain('data-testid="expert-view"');

    const current = (await (
      await call('GET', `/api/v1/procedures/1.000656/versions/${editPath.split('/').pop()}`, {
        token: admin,
      })
    ).json()) as {
      steps: Array<{ title: string; description?: string }>;
      formSchema: { fields: Array<Record<string, unknown> & { key: string; label: { vi: string; en: string } }> };
    } & Record<string, unknown>;
    const form: Record<string, string | string[]> = {
      implementingAgency: 'UBND cấp xã',
      timeLimitUnit: 'working_days',
      timeLimitAmount: '0',
      timeLimitExtendedAmount: '',
      timeLimitNote: '',
      channels: ['1', '2'],
      onlineLevel: 'full',
      supplementPolicy: 'restart',
      applicantTypes: ['individual'],
      requiredDocuments: JSON.stringify(current.requiredDocuments),
      fees: JSON.stringify(current.fees),
      legalBasis: JSON.stringify(current.legalBasis),
      result: JSON.stringify(current.result),
      conditions: JSON.stringify(current.conditions),
      // The expert view's JSON is posted too, and ignored unless it is chosen.
      steps: '[]',
      components: '[]',
      formSchema: '{"fields": []}',
    };
    current.steps.forEach((step, i) => {
      form[`steps-${i}-title`] = step.title;
      form[`steps-${i}-description`] = step.description ?? '';
      form[`steps-${i}-position`] = String(i + 1);
    });
    const fields = current.formSchema.fields;
    fields.forEach((f, i) => {
      const { key, label, type, required, options, ...extra } = f;
      void options;
      form[`formFields-${i}-key`] = key;
      form[`formFields-${i}-labelVi`] = label.vi;
      form[`formFields-${i}-labelEn`] = label.en;
      form[`formFields-${i}-type`] = String(type);
      if (required) form[`formFields-${i}-required`] = 'true';
      if (Object.keys(extra).length > 0) form[`formFields-${i}-extra`] = JSON.stringify(extra);
      // The last field moves to the top.
      form[`formFields-${i}-position`] = String(i === fields.length - 1 ? 0 : i + 1);
    });
    const n = fields.length;
    Object.assign(form, {
      [`formFields-${n}-key`]: 'relationToDeceased',
      [`formFields-${n}-labelVi`]: 'Quan hệ với người chết',
      [`formFields-${n}-labelEn`]: 'Relationship to the deceased',
      [`formFields-${n}-type`]: 'textarea',
      [`formFields-${n}-required`]: 'true',
      [`formFields-${n}-position`]: String(n + 1),
    });

    const refused = await postForm(editPath, admin, { ...form, [`formFields-${n}-key`]: 'Quan hệ' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`href="#formFields-${n}-key"`);

    const saved = await postForm(editPath, admin, form);
    expect(saved.status).toBe(303);
    const after = (await (
      await call('GET', `/api/v1/procedures/1.000656/versions/${editPath.split('/').pop()}`, {
        token: admin,
      })
    ).json()) as { formSchema: { fields: Array<{ key: string; type: string; required?: boolean }> } };
    const keys = after.formSchema.fields.map((f) => f.key);
    expect(keys[0]).toBe(fields[n - 1]?.key);
    expect(keys.slice(1, n)).toEqual(fields.slice(0, n - 1).map((f) => f.key));
    expect(after.formSchema.fields[n]).toMatchObject({ key: 'relationToDeceased', type: 'textarea', required: true });
    // Properties the editor has no input for are kept.
    expect(after.formSchema.fields).toEqual([fields[n - 1], ...fields.slice(0, n - 1), after.formSchema.fields[n]]);
  });
});

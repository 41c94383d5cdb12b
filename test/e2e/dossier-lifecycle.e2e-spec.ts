import {
  documentKeys,
  fillForm,
  passwordGrant,
  pdfText,
  PNG_BYTES,
  PortalHarness,
  publishedProcedure,
  PublishedProcedure,
  startPortal,
  nth,
} from '@app/testing';

const PROCEDURE = '1.004873'; // Xác nhận tình trạng hôn nhân: 3 working days
const WARD = '000.17.22.H56';

type Json = Record<string, unknown>;

/** A dossier's whole life at the one-stop desk, through the API with real Keycloak tokens. */
describe('dossier life cycle (API, real Keycloak)', () => {
  let portal: PortalHarness;
  let procedure: PublishedProcedure;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    portal = await startPortal();
    procedure = await publishedProcedure(portal.db.url, PROCEDURE);
    for (const user of ['congdan', 'congdan2', 'tiepnhan', 'tiepnhan-kimlong', 'chuyenvien', 'lanhdao']) {
      tokens[user] = (await passwordGrant(user)).access_token;
    }
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function call(
    user: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: {
        ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, json: (isJson && text ? JSON.parse(text) : {}) as Json };
  }

  async function upload(
    user: string,
    id: string,
    purpose: string,
    documentCode: string | null,
    name = 'ban-chup.png',
    bytes = PNG_BYTES,
  ) {
    const form = new FormData();
    form.set('purpose', purpose);
    if (documentCode) form.set('documentCode', documentCode);
    form.append('files', new Blob([bytes]), name);
    const res = await fetch(`${portal.url}/api/v1/dossiers/${id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[user]}` },
      body: form,
    });
    return { status: res.status, json: (await res.json()) as Json };
  }

  const act = (user: string, id: string, action: string, body: Json = {}) =>
    call(user, 'POST', `/dossiers/${id}/actions/${action}`, body);

  it('goes submit → supplement → receive → assign → draft → approve → return, all in the audit trail', async () => {
    const opened = await call('congdan', 'POST', '/dossiers', {
      procedureCode: PROCEDURE,
      agencyCode: WARD,
      channel: 2,
      applicant: { fullName: 'Nguyễn Văn An', idNumber: '046090001234', phone: '0905123456' },
      formData: fillForm(procedure.formSchema),
    });
    expect(opened.status).toBe(201);
    const id = opened.json.id as string;
    expect(opened.json).toMatchObject({ status: 'draft', channel: 2, code: null, availableActions: ['submit'] });

    // Submitting without the required documents names each missing one.
    const early = await act('congdan', id, 'submit');
    expect(early.status).toBe(400);
    const missing = (early.json.errors as Array<{ field: string }>).map((e) => e.field);
    expect(missing).toEqual(documentKeys(procedure.requiredDocuments).map((k) => `documents.${k}`));

    for (const key of documentKeys(procedure.requiredDocuments)) {
      expect((await upload('congdan', id, 'application', key)).status).toBe(201);
    }
    expect((await act('congdan', id, 'submit')).json).toMatchObject({ status: 'submitted', nationalStatus: 1 });

    const queue = await call('tiepnhan', 'GET', '/dossiers?status=submitted');
    expect((queue.json as unknown as Array<{ id: string }>).map((d) => d.id)).toContain(id);

    const noReason = await act('tiepnhan', id, 'request_supplement');
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors).toEqual([{ field: 'reason', messages: ['is required'] }]);
    expect((await act('tiepnhan', id, 'request_supplement', { reason: 'Ảnh chụp giấy tờ bị mờ' })).json).toMatchObject({
      status: 'supplement_requested',
      nationalStatus: 5,
    });
    expect(
      (
        await upload(
          'congdan',
          id,
          'supplement',
          nth(documentKeys(procedure.requiredDocuments), 0, 'required document'),
        )
      ).status,
    ).toBe(201);
    expect((await act('congdan', id, 'supplement')).json).toMatchObject({ status: 'submitted' });

    const received = await act('tiepnhan', id, 'receive');
    expect(received.status).toBe(200);
    expect(received.json.code).toMatch(/^000\.17\.22\.H56-\d{6}-\d{4}$/);
    expect(received.json.dueAt).toEqual(expect.any(String));
    expect(new Date(received.json.dueAt as string).getTime()).toBeGreaterThan(Date.now());

    // The specialist has used the portal, so the desk can assign to them.
    const specialist = await call('chuyenvien', 'GET', '/me');
    const assigned = await act('tiepnhan', id, 'assign', { assignee: specialist.json.subject });
    expect(assigned.json).toMatchObject({ status: 'in_process', assignee: specialist.json.subject });

    // Approval needs a result document: refused, naming what is missing, until one is attached.
    const noResult = await act('chuyenvien', id, 'submit_for_approval');
    expect(noResult.status).toBe(409);
    expect(noResult.json).toMatchObject({ code: 'action_not_available', missing: 'result_document' });
    const result = await upload('chuyenvien', id, 'result', null, 'xac-nhan.png');
    expect(result.status).toBe(201);
    const resultId = nth(result.json as unknown as Array<{ id: string }>, 0, 'file').id;
    const citizenFiles = async () =>
      ((await call('congdan', 'GET', `/dossiers/${id}/files`)).json as unknown as Array<{ id: string }>).map(
        (f) => f.id,
      );
    // The citizen gets the result once it is returned to them, not while it is drafted or ready.
    expect(await citizenFiles()).not.toContain(resultId);
    expect((await call('congdan', 'GET', `/dossiers/${id}/files/${resultId}`)).status).toBe(404);
    expect((await act('chuyenvien', id, 'submit_for_approval')).json).toMatchObject({ status: 'awaiting_approval' });
    expect((await act('lanhdao', id, 'send_back', { reason: 'Sai ngày sinh' })).json).toMatchObject({
      status: 'in_process',
    });
    expect((await act('chuyenvien', id, 'submit_for_approval')).json).toMatchObject({ status: 'awaiting_approval' });
    expect((await act('lanhdao', id, 'approve')).json).toMatchObject({ status: 'result_ready', nationalStatus: 9 });
    expect((await call('congdan', 'GET', `/dossiers/${id}/files/${resultId}`)).status).toBe(404);
    // Due in three working days and ready today: under NĐ 118/2025 the applicant is told before an early return.
    const tooEarly = await act('tiepnhan', id, 'return_result', { returnChannel: 1 });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.json).toMatchObject({
      code: 'action_not_available',
      missing: 'early_return_notice',
      basis: 'NĐ 118/2025 Điều 22 khoản 5',
    });
    expect(
      (await act('tiepnhan', id, 'notify_early_return', { reason: 'Đã nhắn tin cho công dân lúc 9 giờ' })).json,
    ).toMatchObject({ status: 'result_ready' });
    expect((await act('tiepnhan', id, 'return_result', { returnChannel: 1 })).json).toMatchObject({
      status: 'returned',
      nationalStatus: 10,
      returnChannel: 1,
    });
    expect(await citizenFiles()).toContain(resultId);
    expect((await call('congdan', 'GET', `/dossiers/${id}/files/${resultId}`)).status).toBe(200);

    const events = (await call('congdan', 'GET', `/dossiers/${id}/events`)).json as unknown as Array<Json>;
    expect(events.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'request_supplement',
      'supplement',
      'receive',
      'assign',
      'submit_for_approval',
      'send_back',
      'submit_for_approval',
      'approve',
      'notify_early_return',
      'return_result',
    ]);
    // The citizen's view: the reasons addressed to them, not the leader's internal note, no staff identity or data.
    expect(events[2]).toMatchObject({ actorRole: 'clerk', actorAgency: WARD, reason: 'Ảnh chụp giấy tờ bị mờ' });
    expect(events[7]).toMatchObject({ actorRole: 'leader', reason: null, actorName: null });
    expect(events.every((e) => JSON.stringify(e.data) === '{}')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(specialist.json.subject as string);
    const staffEvents = (await call('tiepnhan', 'GET', `/dossiers/${id}/events`)).json as unknown as Array<Json>;
    expect(staffEvents[7]).toMatchObject({ actorRole: 'leader', reason: 'Sai ngày sinh' });

    // The control sheet (Mẫu 05) lists every hand-over of the trail.
    const sheet = await fetch(`${portal.url}/api/v1/dossiers/${id}/forms/control-sheet`, {
      headers: { authorization: `Bearer ${tokens.tiepnhan}` },
    });
    expect(sheet.status).toBe(200);
    const sheetText = await pdfText(Buffer.from(await sheet.arrayBuffer()));
    for (const step of [
      'Nộp hồ sơ',
      'Yêu cầu bổ sung hồ sơ',
      'Bổ sung hồ sơ',
      'Tiếp nhận hồ sơ',
      'Phân công xử lý',
      'Trình phê duyệt',
      'Trả lại để xử lý lại',
      'Phê duyệt kết quả',
      'Trả kết quả',
    ]) {
      expect(sheetText).toContain(step);
    }
    expect(sheetText).toContain('Sai ngày sinh');

    // Public lookup: code plus the key from the receipt; nothing personal.
    const code = received.json.code as string;
    const key = received.json.lookupKey as string;
    const lookup = await call(null, 'GET', `/lookup?code=${encodeURIComponent(code)}&key=${key.toLowerCase()}`);
    expect(lookup.status).toBe(200);
    expect(lookup.json).toMatchObject({ code, status: 'returned', nationalStatus: 10 });
    expect(JSON.stringify(lookup.json)).not.toMatch(/Nguyễn Văn An|046090001234|0905123456/);
    expect((await call(null, 'GET', `/lookup?code=${encodeURIComponent(code)}&key=WRONGKEY`)).status).toBe(404);
    expect(
      (await call(null, 'GET', `/lookup?code=${encodeURIComponent(code.replace(/\d{4}$/, '9999'))}&key=${key}`)).status,
    ).toBe(404);
  });

  it('refuses forbidden and stale actions and changes nothing', async () => {
    const opened = await call('tiepnhan', 'POST', '/dossiers', {
      procedureCode: PROCEDURE,
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Trần Thị Bình' },
      formData: fillForm(procedure.formSchema),
    });
    expect(opened.status).toBe(201);
    const id = opened.json.id as string;
    // `receive` on a counter draft: the status it needs, not "changed by someone else".
    const early = await act('tiepnhan', id, 'receive');
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({
      code: 'action_not_available',
      action: 'receive',
      dossierStatus: 'draft',
      requiredStatus: ['submitted'],
    });
    expect(early.json.detail).not.toMatch(/someone else/);
    expect((await act('tiepnhan', id, 'submit')).json.status).toBe('submitted');
    expect((await act('lanhdao', id, 'receive')).status).toBe(403);
    const approve = await act('tiepnhan', id, 'approve');
    expect([approve.status, approve.json.code]).toEqual([409, 'action_not_available']);
    const stale = await act('tiepnhan', id, 'receive', { expectedVersion: 1 });
    expect([stale.status, stale.json.code, stale.json.currentVersion]).toEqual([409, 'conflict', 2]);
    const after = await call('tiepnhan', 'GET', `/dossiers/${id}`);
    expect(after.json).toMatchObject({ status: 'submitted', code: null });
    const events = (await call('tiepnhan', 'GET', `/dossiers/${id}/events`)).json as unknown as Json[];
    expect(events.map((e) => e.action)).toEqual(['create', 'submit']);
  });

  it('opens a dossier only at an agency that offers the procedure', async () => {
    for (const agencyCode of ['000.31.22.H56', '000.00.17.H56', '000.00.00.H56']) {
      const res = await call('congdan', 'POST', '/dossiers', {
        procedureCode: PROCEDURE,
        agencyCode,
        channel: 2,
        applicant: { fullName: 'Nguyễn Văn An' },
        formData: fillForm(procedure.formSchema),
      });
      expect([agencyCode, res.status]).toEqual([agencyCode, 400]);
      expect((res.json.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['agencyCode']);
    }
    const mine = (await call('congdan', 'GET', '/dossiers/mine')).json as unknown as Array<{ agencyCode?: string }>;
    expect(mine.every((d) => d.agencyCode === undefined || d.agencyCode === WARD)).toBe(true);
  });

  describe('access matrix', () => {
    let id: string;
    let fileId: string;

    beforeAll(async () => {
      const opened = await call('congdan', 'POST', '/dossiers', {
        procedureCode: PROCEDURE,
        agencyCode: WARD,
        channel: 2,
        applicant: { fullName: 'Nguyễn Văn An' },
        formData: fillForm(procedure.formSchema),
      });
      id = opened.json.id as string;
      const up = await upload(
        'congdan',
        id,
        'application',
        nth(documentKeys(procedure.requiredDocuments), 0, 'required document'),
      );
      fileId = nth(up.json as unknown as Array<{ id: string }>, 0, 'file').id;
    });

    const routes = (): Array<[string, string, unknown]> => [
      ['GET', `/dossiers/${id}`, undefined],
      ['GET', `/dossiers/${id}/events`, undefined],
      ['GET', `/dossiers/${id}/files`, undefined],
      ['GET', `/dossiers/${id}/files/${fileId}`, undefined],
      ['PATCH', `/dossiers/${id}`, { formData: {} }],
      ['POST', `/dossiers/${id}/actions/withdraw`, { reason: 'không cần nữa' }],
    ];

    it('lets the owner in', async () => {
      for (const [method, path] of routes().slice(0, 4))
        expect([method, path, (await call('congdan', method, path)).status]).toEqual([method, path, 200]);
    });

    it.each([
      ['another citizen', 'congdan2', 404],
      ['a clerk of the same agency while it is the citizen’s draft', 'tiepnhan', 404],
      ['a clerk of another agency', 'tiepnhan-kimlong', 404],
      ['anonymous', null, 401],
    ])('keeps %s out', async (_label, user, status) => {
      for (const [method, path, body] of routes()) {
        const res = await call(user, method, path, body);
        expect([method, path, res.status]).toEqual([method, path, status]);
      }
    });

    it('shows the dossier to its agency once submitted, and still not to another agency', async () => {
      for (const key of documentKeys(procedure.requiredDocuments).slice(1))
        await upload('congdan', id, 'application', key);
      expect((await act('congdan', id, 'submit')).status).toBe(200);
      expect((await call('tiepnhan', 'GET', `/dossiers/${id}/files/${fileId}`)).status).toBe(200);
      expect((await call('tiepnhan-kimlong', 'GET', `/dossiers/${id}/files/${fileId}`)).status).toBe(404);
    });
  });
});

import { Client } from 'pg';
import { fillForm, passwordGrant, pdfText, PortalHarness, publishedProcedure, startPortal } from '@app/testing';

type Json = Record<string, unknown>;

/** A minimal PDF: what the upload checks recognise by its leading bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** The legal forms of a dossier under its regime (TT 01/2018 or TT 03/2025) and the Mẫu 04 apology flow, against real tokens. */
describe('dossier forms and the apology flow', () => {
  let portal: PortalHarness;
  const tokens: Record<string, string> = {};
  let id: string;
  let code: string;
  let dueAt: string;

  beforeAll(async () => {
    portal = await startPortal();
    for (const user of ['tiepnhan', 'tiepnhan-kimlong', 'chuyenvien', 'lanhdao'])
      tokens[user] = (await passwordGrant(user)).access_token;
    const procedure = await publishedProcedure(portal.db.url, '1.004873');
    const opened = await call('tiepnhan', 'POST', '/dossiers', {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 1,
      applicant: { fullName: 'Phan Văn Đức', phone: '0905123456', address: '12 Lê Ngô Cát, phường Thủy Biều' },
      formData: fillForm(procedure.formSchema),
    });
    id = opened.json.id as string;
    await call('tiepnhan', 'POST', `/dossiers/${id}/actions/submit`, {});
    const received = await call('tiepnhan', 'POST', `/dossiers/${id}/actions/receive`, {});
    code = received.json.code as string;
    dueAt = received.json.dueAt as string;
    await call('chuyenvien', 'GET', '/me');
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Json; bytes: Buffer; type: string }> {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[user]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      json: (type.includes('json') ? JSON.parse(bytes.toString('utf8')) : {}) as Json,
      bytes,
      type,
    };
  }

  it('gives the receipt (Mẫu 01) with the code, the applicant and the lookup key', async () => {
    const res = await call('tiepnhan', 'GET', `/dossiers/${id}/forms/receipt`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const text = await pdfText(res.bytes);
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(code);
    expect(text).toContain('Phan Văn Đức');
  });

  it('answers 404 for a form that does not apply yet, and keeps other agencies out', async () => {
    expect((await call('tiepnhan', 'GET', `/dossiers/${id}/forms/supplement-request`)).status).toBe(404);
    expect((await call('tiepnhan', 'GET', `/dossiers/${id}/forms/memo`)).status).toBe(404);
    expect((await call('tiepnhan-kimlong', 'GET', `/dossiers/${id}/forms/receipt`)).status).toBe(404);
  });

  it('moves the appointment through a Mẫu 04 apology signed by the leader', async () => {
    const start = new Date(new Date(dueAt).getTime() + 3 * 86_400_000);
    let proposed: { status: number; json: Json } | undefined;
    for (let i = 0; i < 10; i++) {
      const date = new Date(start.getTime() + i * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
      proposed = await call('chuyenvien', 'POST', `/dossiers/${id}/apology`, {
        newDueDate: date,
        reason: 'Cần xác minh thêm tình trạng hôn nhân tại nơi cư trú trước đây',
      });
      if (proposed.status !== 400) break;
    }
    expect(proposed?.status).toBe(201);
    expect(
      (await call('chuyenvien', 'POST', `/dossiers/${id}/apology`, { newDueDate: '2030-01-02', reason: 'lần hai' }))
        .status,
    ).toBe(409);
    expect((await call('tiepnhan', 'POST', `/dossiers/${id}/apology/decision`, { approve: true })).status).toBe(403);
    expect((await call('lanhdao', 'POST', `/dossiers/${id}/apology/decision`, { approve: false })).status).toBe(400);

    const decided = await call('lanhdao', 'POST', `/dossiers/${id}/apology/decision`, { approve: true });
    expect(decided.json).toMatchObject({ status: 'approved' });
    const dossier = await call('tiepnhan', 'GET', `/dossiers/${id}`);
    expect(dossier.json.dueAt).toBe(proposed?.json.proposedDueAt);
    expect(new Date(dossier.json.dueAt as string).getTime()).toBeGreaterThan(new Date(dueAt).getTime());

    // NĐ 118/2025 Điều 19 khoản 6: the appointment is moved only once.
    const again = await call('chuyenvien', 'POST', `/dossiers/${id}/apology`, {
      newDueDate: '2030-01-02',
      reason: 'Cần thêm thời gian xác minh',
    });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'action_not_available', missing: 'extension_limit' });
    expect(String(again.json.basis)).toContain('Điều 19 khoản 6');

    const apology = await pdfText((await call('lanhdao', 'GET', `/dossiers/${id}/forms/apology`)).bytes);
    expect(apology).toContain('XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN');
    expect(apology).toContain('đề nghị Ông/Bà đồng ý gia hạn');
    expect(apology).toContain(code);

    const sheet = await pdfText((await call('tiepnhan', 'GET', `/dossiers/${id}/forms/control-sheet`)).bytes);
    for (const step of ['Tiếp nhận hồ sơ', 'Đề xuất xin lỗi, hẹn lại', 'Duyệt phiếu xin lỗi, hẹn lại'])
      expect(sheet).toContain(step);
  });

  it('prints the register (Mẫu 07 today, Mẫu 06 for a period ending before 01/07/2025) for the agency’s own staff only', async () => {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const register = await call('tiepnhan', 'GET', `/agencies/000.17.22.H56/register?from=${today}&to=${today}`);
    expect(register.status).toBe(200);
    const registerText = await pdfText(register.bytes);
    expect(registerText).toContain(code);
    expect(registerText).toContain('Mẫu số 07');
    const old = await call('tiepnhan', 'GET', `/agencies/000.17.22.H56/register?from=2025-06-01&to=2025-06-30`);
    const oldText = await pdfText(old.bytes);
    expect(oldText).toContain('Mẫu số 06');
    expect(oldText).toContain('ỦY BAN NHÂN DÂN QUẬN THUẬN HÓA');
    expect(
      (await call('tiepnhan-kimlong', 'GET', `/agencies/000.17.22.H56/register?from=${today}&to=${today}`)).status,
    ).toBe(403);
    const backwards = await call('tiepnhan', 'GET', `/agencies/000.17.22.H56/register?from=${today}&to=2020-01-01`);
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors).toEqual([{ field: 'to', messages: ['must not be before from'] }]);
  });

  it('renders every form that applies, for dossiers in each status, forwarded or not (never a 500)', async () => {
    // No worker runs here: a forwarded dossier has no agency case opened, so no transfer slip either.
    const forms = [
      'receipt',
      'supplement-request',
      'refusal',
      'apology',
      'stop-notice',
      'control-sheet',
      'transfer-slip',
    ];
    const seen: string[] = [];
    async function checkForms(dossierId: string, expected: string[]): Promise<void> {
      const status = (await call('tiepnhan', 'GET', `/dossiers/${dossierId}`)).json.status as string;
      seen.push(status);
      for (const form of forms) {
        const res = await call('tiepnhan', 'GET', `/dossiers/${dossierId}/forms/${form}`);
        expect([status, form, res.status]).toEqual([status, form, expected.includes(form) ? 200 : 404]);
        if (res.status === 200) expect((await pdfText(res.bytes)).length).toBeGreaterThan(100);
      }
    }
    const me = await call('chuyenvien', 'GET', '/me');
    for (const procedureCode of ['1.004873', 'LT.KS-TT-BHYT']) {
      const procedure = await publishedProcedure(portal.db.url, procedureCode);
      const opened = await call('tiepnhan', 'POST', '/dossiers', {
        procedureCode,
        agencyCode: '000.17.22.H56',
        channel: 1,
        applicant: { fullName: 'Lê Thị Giang' },
        formData: fillForm(procedure.formSchema),
      });
      expect(opened.status).toBe(201);
      const dossier = opened.json.id as string;
      const act = async (user: string, action: string, body: Json = {}) => {
        const res = await call(user, 'POST', `/dossiers/${dossier}/actions/${action}`, body);
        expect([action, res.status]).toEqual([action, 200]);
      };
      await act('tiepnhan', 'submit');
      await checkForms(dossier, []);
      await act('tiepnhan', 'request_supplement', { reason: 'Bổ sung tờ khai có chữ ký' });
      await checkForms(dossier, ['supplement-request']);
      await act('tiepnhan', 'supplement');
      await act('tiepnhan', 'receive');
      await checkForms(dossier, ['receipt', 'supplement-request', 'control-sheet']);
      await act('tiepnhan', 'assign', { assignee: me.json.subject });
      await checkForms(dossier, ['receipt', 'supplement-request', 'control-sheet']);
      if (procedureCode === 'LT.KS-TT-BHYT') {
        await act('chuyenvien', 'forward_to_agency');
        await checkForms(dossier, ['receipt', 'supplement-request', 'control-sheet']);
        await act('chuyenvien', 'agency_answered', { reason: 'Các cơ quan đã trả lời bằng văn bản' });
      }
      const form = new FormData();
      form.set('purpose', 'result');
      form.append('files', new Blob([PDF]), 'ket-qua.pdf');
      const uploaded = await fetch(`${portal.url}/api/v1/dossiers/${dossier}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.chuyenvien}` },
        body: form,
      });
      expect(uploaded.status).toBe(201);
      await act('chuyenvien', 'submit_for_approval');
      await checkForms(dossier, ['receipt', 'supplement-request', 'control-sheet']);
      await act('lanhdao', 'approve');
      await checkForms(dossier, ['receipt', 'supplement-request', 'control-sheet']);
      await act('tiepnhan', 'notify_early_return', { reason: 'Đã gọi điện báo trước cho công dân' });
      await act('tiepnhan', 'return_result', { returnChannel: 1 });
      await checkForms(dossier, ['receipt', 'supplement-request', 'control-sheet']);
    }
    const refused = await call('tiepnhan', 'POST', '/dossiers', {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 1,
      applicant: { fullName: 'Trịnh Văn Hòa' },
      formData: fillForm((await publishedProcedure(portal.db.url, '1.004873')).formSchema),
    });
    const refusedId = refused.json.id as string;
    await call('tiepnhan', 'POST', `/dossiers/${refusedId}/actions/submit`, {});
    await call('tiepnhan', 'POST', `/dossiers/${refusedId}/actions/refuse`, { reason: 'Không thuộc thẩm quyền' });
    await checkForms(refusedId, ['refusal']);
    expect(new Set(seen)).toEqual(
      new Set([
        'submitted',
        'supplement_requested',
        'received',
        'in_process',
        'awaiting_agency',
        'awaiting_approval',
        'result_ready',
        'returned',
        'refused',
      ]),
    );
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const register = await call('tiepnhan', 'GET', `/agencies/000.17.22.H56/register?from=${today}&to=${today}`);
    expect([register.status, register.type]).toEqual([200, 'application/pdf']);
  });

  it('gives a dossier received 30/06/2025 16:00 the 2018 papers and one received 01/07/2025 08:00 the 2025 papers', async () => {
    const procedure = await publishedProcedure(portal.db.url, '1.004873');
    const receive = async (fullName: string, receivedAt: string) => {
      const opened = await call('tiepnhan', 'POST', '/dossiers', {
        procedureCode: '1.004873',
        agencyCode: '000.17.22.H56',
        channel: 1,
        applicant: { fullName },
        formData: fillForm(procedure.formSchema),
      });
      const dossier = opened.json.id as string;
      await call('tiepnhan', 'POST', `/dossiers/${dossier}/actions/submit`, {});
      expect((await call('tiepnhan', 'POST', `/dossiers/${dossier}/actions/receive`, {})).status).toBe(200);
      // The reception instant is what chooses the regime: set it on either side of 01/07/2025.
      const db = new Client({ connectionString: portal.db.url });
      await db.connect();
      await db.query(`UPDATE dossier SET received_at = $2 WHERE id = $1`, [dossier, receivedAt]);
      await db.end();
      return dossier;
    };
    const before = await receive('Hồ Văn Cũ', '2025-06-30T16:00:00+07:00');
    const after = await receive('Hồ Thị Mới', '2025-07-01T08:00:00+07:00');
    const text = async (dossier: string, form: string) => {
      const res = await call('tiepnhan', 'GET', `/dossiers/${dossier}/forms/${form}`);
      expect([form, res.status]).toEqual([form, 200]);
      return pdfText(res.bytes);
    };

    const oldReceipt = await text(before, 'receipt');
    // Received before the merger of 01/07/2025: the paper names the ward that received it, not today's.
    expect(oldReceipt).toContain('Bộ phận Tiếp nhận và Trả kết quả, Ủy ban nhân dân phường Thủy Biều');
    expect(oldReceipt).not.toContain('Thủy Xuân');
    // …headed by the district it stood under then (quận Thuận Hóa, 01/01–30/06/2025); since the two-tier change the
    // ward stands directly under the province-level city.
    expect(oldReceipt).toContain('ỦY BAN NHÂN DÂN QUẬN THUẬN HÓA');
    const newReceipt = await text(after, 'receipt');
    expect(newReceipt).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ');
    expect(newReceipt).not.toContain('THUẬN HÓA');
    expect(newReceipt).toContain('Trung tâm Phục vụ hành chính công phường Thủy Xuân');
    expect(newReceipt).not.toContain('Bộ phận Tiếp nhận và Trả kết quả');
    expect(await text(before, 'control-sheet')).toMatch(/Mẫu số 05[\s\S]*PHIẾU KIỂM SOÁT QUÁ TRÌNH/);
    expect(await text(after, 'control-sheet')).toMatch(/Mẫu số 06[\s\S]*PHIẾU KIỂM SOÁT QUÁ TRÌNH/);

    for (const dossier of [before, after]) {
      const stopped = await call('lanhdao', 'POST', `/dossiers/${dossier}/actions/stop`, {
        reason: 'Công dân đề nghị dừng giải quyết để nộp lại hồ sơ khác',
      });
      expect(stopped.status).toBe(200);
    }
    const notice = await text(after, 'stop-notice');
    expect(notice).toContain('Mẫu số 05');
    expect(notice).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(notice).toContain('Lý do: Công dân đề nghị dừng giải quyết để nộp lại hồ sơ khác');
    // Withdrawn at the applicant's request after reception: the notice says so.
    const withdrawn = await receive('Hồ Văn Rút', '2025-07-01T08:00:00+07:00');
    const withdrawal = await call('tiepnhan', 'POST', `/dossiers/${withdrawn}/actions/withdraw`, {
      reason: 'Công dân nộp đơn xin rút hồ sơ tại quầy',
    });
    expect(withdrawal.status).toBe(200);
    expect(await text(withdrawn, 'stop-notice')).toContain('Theo đề nghị của Ông/Bà');

    // An extension is asked for at least one day before the deadline: not once the deadline has come.
    const today = await receive('Hồ Văn Trễ', '2025-07-01T08:00:00+07:00');
    const db = new Client({ connectionString: portal.db.url });
    await db.connect();
    await db.query(`UPDATE dossier SET due_at = now() - interval '1 hour' WHERE id = $1`, [today]);
    await db.end();
    const late = await call('chuyenvien', 'POST', `/dossiers/${today}/apology`, {
      newDueDate: '2030-01-02',
      reason: 'Cần thêm thời gian xác minh',
    });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ code: 'action_not_available', missing: 'extension_lead_time' });
    // TT 01/2018 prescribes no stop notice.
    expect((await call('tiepnhan', 'GET', `/dossiers/${before}/forms/stop-notice`)).status).toBe(404);
  });
});

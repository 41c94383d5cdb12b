import type { ActionFacts, Actor, DossierRow } from '@app/dossiers';
import { dossierRow, REGIME_FORMS_2018, REGIME_FORMS_2025 } from '@app/testing';
import { DeskDossierData, deskDossierPage, WARNING_ACTIONS } from './desk-dossier.presenter';

const ID = dossierRow().id;
const CLERK: Actor = { kind: 'staff', roles: ['clerk'] };
const SPECIALIST: Actor = { kind: 'staff', roles: ['specialist'] };
const LEADER: Actor = { kind: 'staff', roles: ['leader'] };
const NO_FACTS: ActionFacts = { hasRoute: false, hasResultDocument: false, openAgencyCases: 0 };

function row(over: Partial<DossierRow> = {}): DossierRow {
  return dossierRow({
    code: '000.17.22.H56-261204-0007',
    status: 'received',
    applicant: { fullName: 'Nguyễn Văn A', idNumber: '046095000123', phone: null, email: null, address: null },
    form_data: { purpose: 'ket_hon', birthDate: '1995-03-09', agree: true },
    submitted_at: new Date('2026-12-03T02:00:00Z'),
    received_at: new Date('2026-12-04T03:30:00Z'),
    counting_started_on: '2026-12-04',
    due_at: new Date('2026-12-09T10:00:00Z'),
    row_version: 3,
    ...over,
  });
}

function data(over: Partial<DeskDossierData> = {}): DeskDossierData {
  return {
    row: row(),
    actor: CLERK,
    subject: 'clerk-1',
    facts: {
      procedureCode: '1.004873',
      procedureName: 'Xác nhận tình trạng hôn nhân',
      fees: [{ name: 'Lệ phí', rule: { kind: 'fixed', amount: 5000 } }],
      formSchema: {
        fields: [
          {
            key: 'purpose',
            label: { vi: 'Mục đích', en: 'Purpose' },
            type: 'select',
            options: [{ value: 'ket_hon', label: { vi: 'Kết hôn', en: 'Marriage' } }],
          },
          { key: 'birthDate', label: { vi: 'Ngày sinh', en: 'Date of birth' }, type: 'date' },
          { key: 'agree', label: { vi: 'Cam đoan', en: 'Declaration' }, type: 'checkbox' },
          { key: 'note', label: { vi: 'Ghi chú', en: 'Note' }, type: 'text' },
        ],
      },
      requiredDocuments: [{ code: 'to-khai', name: 'Tờ khai xác nhận tình trạng hôn nhân' }],
    },
    actionFacts: NO_FACTS,
    files: [
      {
        id: 'f1',
        purpose: 'application',
        documentCode: 'to-khai',
        fileName: 'to-khai.pdf',
        mediaType: 'application/pdf',
        sizeBytes: 1000,
        uploadedAt: new Date('2026-12-03T01:30:00Z'),
      },
      {
        id: 'f2',
        purpose: 'result',
        documentCode: null,
        fileName: 'giay-xac-nhan.pdf',
        mediaType: 'application/pdf',
        sizeBytes: 1000,
        uploadedAt: new Date('2026-12-05T01:30:00Z'),
      },
    ],
    events: [
      {
        id: 'e1',
        action: 'receive',
        fromStatus: 'submitted',
        toStatus: 'received',
        actorName: 'Trần Thị B',
        actorRole: 'clerk',
        actorAgency: '000.17.22.H56',
        reason: null,
        data: {},
        occurredAt: new Date('2026-12-04T03:30:00Z'),
      },
    ],
    forms: { apologyApproved: false, supplementRequested: false, forwarded: false },
    regimeForms: REGIME_FORMS_2025,
    apologies: [],
    extensionBlock: null,
    lienThong: null,
    specialists: [{ subject: 'spec-1', name: 'Lê Văn C' }],
    assigneeName: null,
    ...over,
  };
}

describe('the desk dossier page', () => {
  it('shows the dossier in the page language: answers in words, dates as people write them, papers by name', () => {
    const page = deskDossierPage(data(), {}, 'vi');
    expect(page.pageTitle).toBe('000.17.22.H56-261204-0007 – Xác nhận tình trạng hôn nhân');
    expect(page.statusLabel).toBe('Đã tiếp nhận');
    expect(page.answers).toEqual([
      { label: 'Mục đích', value: 'Kết hôn' },
      { label: 'Ngày sinh', value: '09/03/1995' },
      { label: 'Cam đoan', value: 'Có' },
    ]);
    expect(page.documents).toEqual([
      expect.objectContaining({ name: 'Tờ khai xác nhận tình trạng hôn nhân', fileName: 'to-khai.pdf' }),
    ]);
    expect(page.results).toEqual([
      { fileName: 'giay-xac-nhan.pdf', href: `/api/v1/dossiers/${ID}/files/f2`, uploadedAt: '05/12/2026 08:30' },
    ]);
    expect(page.dossier).toMatchObject({ receivedAt: '04/12/2026 10:30', dueIso: expect.any(String), version: 3 });
    expect(page.timeline).toEqual([expect.objectContaining({ action: 'Tiếp nhận hồ sơ', actor: 'Trần Thị B' })]);
    expect(page.legalForms.map((f) => f.label)).toEqual([
      'Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)',
      'Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)',
    ]);
    const old = deskDossierPage(data({ regimeForms: REGIME_FORMS_2018 }), {}, 'vi');
    expect(old.legalForms.map((f) => [f.slug, f.label])).toEqual([
      ['receipt', 'Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)'],
      ['control-sheet', 'Mẫu 05 – Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)'],
    ]);
    expect(deskDossierPage(data(), {}, 'en').answers[0]).toEqual({ label: 'Purpose', value: 'Marriage' });
  });

  it('offers only the actions that can apply, closing ones last, and forwarding only with a route', () => {
    const names = (d: DeskDossierData) => deskDossierPage(d, {}, 'vi').actions.map((a) => a.name);
    const clerk = names(data());
    expect(clerk).toContain('assign');
    expect(clerk).not.toContain('submit');
    const firstWarning = clerk.findIndex((a) => WARNING_ACTIONS.includes(a));
    expect(firstWarning).toBeGreaterThan(0);
    expect(clerk.slice(firstWarning).every((a) => WARNING_ACTIONS.includes(a))).toBe(true);

    const working = row({ status: 'in_process', assignee_subject: 'spec-1' });
    const specialist = { row: working, actor: SPECIALIST, subject: 'spec-1' };
    expect(names(data(specialist))).not.toContain('forward_to_agency');
    expect(names(data({ ...specialist, actionFacts: { ...NO_FACTS, hasRoute: true } }))).toContain('forward_to_agency');
    expect(names(data({ ...specialist, subject: 'spec-2' }))).toEqual([]);
  });

  it('names closing the inter-agency round early for what it is, with a reason and a warning', () => {
    const waiting = row({ status: 'awaiting_agency', assignee_subject: 'spec-1' });
    const answered = (openAgencyCases: number) =>
      deskDossierPage(
        data({ row: waiting, actor: SPECIALIST, subject: 'spec-1', actionFacts: { ...NO_FACTS, openAgencyCases } }),
        {},
        'vi',
      ).actions.find((a) => a.name === 'agency_answered');
    expect(answered(2)).toMatchObject({
      label: 'Kết thúc lượt liên thông trước hạn',
      needsReason: true,
      warning: true,
    });
    expect(answered(0)).toMatchObject({ label: 'Cơ quan liên thông đã trả lời', needsReason: false, warning: false });
  });

  it('lets the assigned specialist upload and propose an apology, and a leader decide a pending one', () => {
    const working = row({ status: 'in_process', assignee_subject: 'spec-1' });
    const specialist = deskDossierPage(data({ row: working, actor: SPECIALIST, subject: 'spec-1' }), {}, 'vi');
    expect(specialist.canUpload).toBe(true);
    expect(specialist.apology).toMatchObject({ canPropose: true, canDecide: false, pending: null });

    const pending = {
      id: 'p1',
      status: 'proposed' as const,
      originalDueAt: new Date('2026-12-09T10:00:00Z'),
      proposedDueAt: new Date('2026-12-14T10:00:00Z'),
      reason: 'Chờ xác minh',
      proposedByName: 'Lê Văn C',
      proposedAt: new Date('2026-12-08T02:00:00Z'),
      decidedByName: null,
      decidedAt: null,
      decisionNote: null,
    };
    const leader = deskDossierPage(data({ row: working, actor: LEADER, apologies: [pending] }), {}, 'vi');
    expect(leader.canUpload).toBe(false);
    expect(leader.apology).toMatchObject({
      canPropose: false,
      canDecide: true,
      pending: { proposedDue: '14/12/2026 17:00', reason: 'Chờ xác minh' },
    });
  });

  it('puts the one error-summary title first and links each error to its input', () => {
    const page = deskDossierPage(
      data(),
      { action: 'refuse', errors: { reason: 'Nhập lý do', confirm: 'Xác nhận' }, values: { reason: '' } },
      'vi',
    );
    expect(page.pageTitle).toBe('Có lỗi cần sửa: 000.17.22.H56-261204-0007 – Xác nhận tình trạng hôn nhân');
    expect(page.errorList).toEqual([
      { text: 'Nhập lý do', href: '#reason-refuse' },
      { text: 'Xác nhận', href: '#confirm-refuse' },
    ]);
    const upload = deskDossierPage(data(), { action: 'upload', errors: { files: 'Chọn tệp' } }, 'vi');
    expect(upload.errorList).toEqual([{ text: 'Chọn tệp', href: '#result-files' }]);
  });

  it('confirms what was just done, naming the dossier, and ignores an unknown result', () => {
    expect(deskDossierPage(data(), {}, 'vi', 'receive')).toMatchObject({
      success: 'Đã tiếp nhận hồ sơ 000.17.22.H56-261204-0007.',
      justReceived: true,
    });
    expect(deskDossierPage(data(), {}, 'vi', 'upload').success).toBeTruthy();
    expect(deskDossierPage(data(), {}, 'vi', '<script>').success).toBeNull();
  });

  it('offers the apology only while the regime allows an extension, and says why not otherwise', () => {
    const specialist = {
      row: row({ status: 'in_process', assignee_subject: 'spec-1' }),
      actor: SPECIALIST,
      subject: 'spec-1',
    };
    expect(deskDossierPage(data(specialist), {}, 'vi').apology).toMatchObject({ canPropose: true, blocked: null });
    const once = deskDossierPage(
      data({ ...specialist, extensionBlock: { reason: 'extension_limit', basis: 'NĐ 118/2025 Điều 19 khoản 6' } }),
      {},
      'vi',
    ).apology;
    expect(once.canPropose).toBe(false);
    expect(once.blocked).toContain('đã được gia hạn một lần; theo NĐ 118/2025 Điều 19 khoản 6');
    const late = deskDossierPage(
      data({ ...specialist, extensionBlock: { reason: 'extension_lead_time', basis: 'NĐ 118/2025 Điều 19 khoản 6' } }),
      {},
      'en',
    ).apology;
    expect(late.blocked).toContain('at least one day before the deadline');
  });

  it('says which rule of the regime holds an action back, and by when a supplement is due before closure', () => {
    const clerk: Actor = { kind: 'staff', roles: ['clerk'] };
    const page = deskDossierPage(
      data({
        row: row({ status: 'result_ready', due_at: new Date('2026-12-10T10:00:00Z') }),
        actor: clerk,
        actionFacts: {
          hasRoute: false,
          hasResultDocument: true,
          openAgencyCases: 0,
          limits: [
            { action: 'return_result', missing: 'early_return_notice', basis: 'NĐ 118/2025 Điều 22 khoản 5' },
            { action: 'notify_early_return', missing: 'not_early', basis: 'NĐ 118/2025 Điều 22 khoản 5' },
          ],
        },
      }),
      {},
      'vi',
    );
    expect(page.actions.map((a) => a.name)).not.toContain('return_result');
    expect(page.limits).toEqual([expect.stringContaining('Báo trước cho công dân')]);
    expect(page.limits[0]).toContain('Điều 22 khoản 5');

    const waiting = deskDossierPage(
      data({
        row: row({ status: 'supplement_requested', supplement_due_at: new Date('2025-07-21T17:00:00Z') }),
        actor: clerk,
        events: [
          {
            id: 'e2',
            action: 'request_supplement',
            fromStatus: 'in_process',
            toStatus: 'supplement_requested',
            actorName: 'Trần Thị B',
            actorRole: 'clerk',
            actorAgency: '000.17.22.H56',
            reason: 'Thiếu giấy tờ',
            data: { closureBasis: 'NĐ 118/2025 Điều 19 khoản 5' },
            occurredAt: new Date('2025-07-04T03:00:00Z'),
          },
        ],
      }),
      {},
      'vi',
    );
    // 22/07/2025 00:00 in Vietnam: the last day to supplement is 21/07.
    expect(waiting.dossier.supplementDue).toBe(
      'Hết ngày 21/07/2025; sau đó mà chưa bổ sung, hồ sơ sẽ bị đóng (NĐ 118/2025 Điều 19 khoản 5).',
    );
  });

  it('offers the transfer slip once the dossier went to a linked agency, under the 2025 regime only', () => {
    const received = row({ status: 'awaiting_agency', code: 'X-1', received_at: new Date('2026-12-01T02:00:00Z') });
    const kinds = (regimeForms: typeof REGIME_FORMS_2025) =>
      deskDossierPage(
        data({
          row: received,
          forms: { apologyApproved: false, supplementRequested: false, forwarded: true },
          regimeForms,
        }),
        {},
        'vi',
      ).legalForms.map((f) => f.kind);
    expect(kinds(REGIME_FORMS_2025)).toContain('transfer_slip');
    expect(kinds(REGIME_FORMS_2018)).not.toContain('transfer_slip');
  });
});

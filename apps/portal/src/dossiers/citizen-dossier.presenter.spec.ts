import type { DossierEventView, DossierFileView, DossierRow } from '@app/dossiers';
import type { ProcedureVersionView } from '@app/procedures';
import { DEMO_PROCEDURES } from '@app/seed';
import { dossierRow, REGIME_FORMS_2018, REGIME_FORMS_2025 } from '@app/testing';
import { CitizenDossierData, citizenDossierPage, nextSteps } from './citizen-dossier.presenter';

const ID = dossierRow().id;
const seed = DEMO_PROCEDURES.find((p) => p.code === '1.004873');
if (!seed) throw new Error('the demo catalogue has no 1.004873');
const PROCEDURE: ProcedureVersionView = {
  ...seed.content,
  code: seed.code,
  name: seed.name,
  field: seed.field,
  onlineIdentityLevel: 1,
  version: 1,
  status: 'published',
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  publishedAt: null,
  publishedBy: null,
  createdBy: null,
  updatedAt: '2025-01-01T00:00:00Z',
};

function row(over: Partial<DossierRow> = {}): DossierRow {
  return dossierRow({ form_data: { purpose: 'ket_hon', birthDate: '1995-03-09' }, ...over });
}

function file(id: string, purpose: DossierFileView['purpose'], documentCode: string | null): DossierFileView {
  return {
    id,
    purpose,
    documentCode,
    fileName: `${id}.pdf`,
    mediaType: 'application/pdf',
    sizeBytes: 1000,
    uploadedAt: new Date('2026-12-03T01:30:00Z'),
  };
}

function event(action: string, toStatus: string, at: string): DossierEventView {
  return {
    id: action,
    action,
    fromStatus: null,
    toStatus,
    actorName: null,
    actorRole: null,
    actorAgency: null,
    reason: null,
    data: {},
    occurredAt: new Date(at),
  };
}

function data(over: Partial<CitizenDossierData> = {}): CitizenDossierData {
  return {
    row: row(),
    actor: { kind: 'owner' },
    procedure: PROCEDURE,
    files: [],
    events: [],
    agencyNames: new Map(),
    account: {
      fullName: 'Nguyễn Văn An',
      email: null,
      emailVerified: false,
      idNumber: '046095000123',
      phone: null,
      birthDate: null,
      sex: null,
      address: null,
      level: 0,
    },
    regimeForms: REGIME_FORMS_2025,
    ...over,
  };
}

describe('the citizen dossier page', () => {
  it('shows a draft by its name, with its papers, what the account answered and what can be done', () => {
    const page = citizenDossierPage(
      data({ row: row({ title: 'Giấy cho đám cưới' }), files: [file('to-khai', 'application', 'doc-1')] }),
      {},
      'vi',
    );
    expect(page.pageTitle).toBe('Giấy cho đám cưới');
    expect(page.documents.map((d) => [d.key, d.required, d.attached.map((a) => a.name)])).toEqual([
      ['doc-1', true, ['to-khai.pdf']],
      ['doc-2', false, []],
    ]);
    expect(page.documents[0]?.attached[0]?.href).toBe(`/api/v1/dossiers/${ID}/files/to-khai`);
    expect(page.applicantFromAccount).toEqual({ fullName: 'Nguyễn Văn An', idNumber: '046095000123' });
    expect(page).toMatchObject({ canEdit: true, canSubmit: true, canDelete: true, canWithdraw: false, forms: [] });
    expect(citizenDossierPage(data(), {}, 'vi').pageTitle).toBe('Hồ sơ nháp');
  });

  it('keeps the result from the citizen until it is returned, and offers the receipt once received', () => {
    const files = [file('ket-qua', 'result', null), file('bo-sung', 'supplement', null)];
    const received = {
      code: '000.17.22.H56-261204-0007',
      submitted_at: new Date('2026-12-03T02:00:00Z'),
      received_at: new Date('2026-12-04T03:30:00Z'),
      due_at: new Date('2026-12-09T10:00:00Z'),
    };
    const ready = citizenDossierPage(data({ row: row({ ...received, status: 'result_ready' }), files }), {}, 'vi');
    expect(ready.resultFiles).toEqual([]);
    expect(ready.supplementFiles.map((f) => f.name)).toEqual(['bo-sung.pdf']);
    expect(ready.forms.map((f) => f.href)).toEqual([`/api/v1/dossiers/${ID}/forms/receipt`]);
    expect(ready).toMatchObject({ pageTitle: received.code, canEdit: false, canDelete: false });
    const returned = citizenDossierPage(data({ row: row({ ...received, status: 'returned' }), files }), {}, 'vi');
    expect(returned.resultFiles.map((f) => f.name)).toEqual(['ket-qua.pdf']);
  });

  it('keeps the name the citizen gave a draft once it is submitted and once it has a code', () => {
    const named = { title: 'Giấy cho đám cưới', submitted_at: new Date('2026-12-03T02:00:00Z') };
    const submitted = citizenDossierPage(data({ row: row({ ...named, status: 'submitted' }) }), {}, 'vi');
    expect(submitted).toMatchObject({ title: 'Giấy cho đám cưới', ownName: null });
    const unnamed = citizenDossierPage(data({ row: row({ status: 'submitted' }) }), {}, 'vi');
    expect(unnamed.title).toBe('Hồ sơ đã nộp, đang chờ tiếp nhận');
    const code = '000.17.22.H56-261204-0007';
    const received = citizenDossierPage(data({ row: row({ ...named, code, status: 'received' }) }), {}, 'vi');
    expect(received).toMatchObject({ title: code, ownName: 'Giấy cho đám cưới' });
  });

  it('lists Mẫu 02 after a supplement request and Mẫu 03 when refused', () => {
    const events = [event('request_supplement', 'supplement_requested', '2026-12-04T03:30:00Z')];
    const refused = row({ status: 'refused', received_at: new Date('2026-12-04T03:30:00Z'), code: 'X-1' });
    expect(citizenDossierPage(data({ row: refused, events }), {}, 'vi').forms.map((f) => f.href)).toEqual([
      `/api/v1/dossiers/${ID}/forms/receipt`,
      `/api/v1/dossiers/${ID}/forms/supplement-request`,
      `/api/v1/dossiers/${ID}/forms/refusal`,
    ]);
  });

  it('names the papers as the dossier’s regime does: the 2025 stop notice is Mẫu 05, and 2018 has none', () => {
    const stopped = row({ status: 'stopped', received_at: new Date('2026-12-04T03:30:00Z'), code: 'X-1' });
    const page = (regimeForms: CitizenDossierData['regimeForms'], lang: 'vi' | 'en') =>
      citizenDossierPage(data({ row: stopped, regimeForms }), {}, lang).forms.map((f) => f.label);
    expect(page(REGIME_FORMS_2025, 'vi')).toEqual([
      'Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)',
      'Mẫu 05 – Thông báo dừng giải quyết hồ sơ (PDF)',
    ]);
    expect(page(REGIME_FORMS_2025, 'en')).toEqual([
      'Form 01 – Receipt and appointment (PDF)',
      'Form 05 – Notice that processing has stopped (PDF)',
    ]);
    expect(page(REGIME_FORMS_2018, 'vi')).toEqual(['Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)']);
  });

  it('shows errors under the one error-summary title and the upload error at its document', () => {
    const page = citizenDossierPage(
      data(),
      {
        errorList: [{ text: 'Tệp không đúng loại', href: '#upload-doc-2' }],
        uploadErrors: { 'upload-doc-2': 'Tệp không đúng loại' },
      },
      'vi',
    );
    expect(page.pageTitle).toBe('Có lỗi cần sửa: Hồ sơ nháp');
    expect(page.documents.map((d) => d.error)).toEqual([null, 'Tệp không đúng loại']);
  });

  it('says what happens next, by when, and the fee, in the page language', () => {
    const submitted = nextSteps(row({ status: 'submitted' }), PROCEDURE, 'vi');
    expect(submitted).toMatchObject({ open: true, timeLimit: '3 ngày làm việc', noFee: false });
    expect(submitted.text).toContain('3 ngày làm việc');
    expect(submitted.fees).toEqual([
      { name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', text: expect.any(String) },
    ]);
    const received = nextSteps(row({ status: 'received', due_at: new Date('2026-12-09T10:00:00Z') }), PROCEDURE, 'en');
    expect(received.text).toBe('The dossier has been received. Result due on 09/12/2026.');
    expect(nextSteps(row({ status: 'returned' }), PROCEDURE, 'vi').open).toBe(false);
  });

  it('tells the applicant by which day to supplement before the dossier is closed, and that it was', () => {
    const waiting = row({ status: 'supplement_requested', supplement_due_at: new Date('2025-07-21T17:00:00Z') });
    expect(nextSteps(waiting, PROCEDURE, 'vi').text).toContain('chậm nhất trong ngày 21/07/2025');
    expect(nextSteps(row({ status: 'supplement_requested' }), PROCEDURE, 'vi').text).not.toContain('đóng');
    const closed = nextSteps(row({ status: 'stopped' }), PROCEDURE, 'en', [{ action: 'close_unsupplemented' }]);
    expect(closed.text).toContain('not supplemented in time');
  });
});

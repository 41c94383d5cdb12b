import { TransferSlipFormInput } from './form.inputs';
import { renderTransferSlipForm } from './transfer-slip.form';
import { controlSheetInput, dossierCode, lookupUrl } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';

const input: TransferSlipFormInput = {
  agency: controlSheetInput.agency,
  locality: controlSheetInput.locality,
  lookupUrl: controlSheetInput.lookupUrl,
  issuedAt: new Date('2026-11-27T02:00:00Z'),
  form: { number: null, title: 'Phiếu chuyển xử lý' },
  dossierCode,
  applicant: controlSheetInput.applicant,
  procedureName: controlSheetInput.procedureName,
  receivedAt: controlSheetInput.receivedAt,
  dueAt: controlSheetInput.dueAt,
  leadAgencyName: 'Ủy ban nhân dân phường Thủy Biều',
  deskName: 'Trung tâm Phục vụ hành chính công phường Thủy Biều',
  steps: [
    {
      stage: 1,
      agencyName: 'Công an phường Thủy Biều',
      task: 'Đăng ký thường trú',
      timeLimit: '02 ngày làm việc',
      sentAt: new Date('2026-11-27T02:00:00Z'),
      dueAt: new Date('2026-12-01T10:00:00Z'),
    },
    {
      stage: 2,
      agencyName: 'Bảo hiểm xã hội thành phố Huế',
      task: 'Cấp thẻ bảo hiểm y tế',
      timeLimit: '02 ngày làm việc',
      sentAt: null,
      dueAt: null,
    },
  ],
  sender: { name: 'Lê Thị Hoa', unit: 'Trung tâm Phục vụ hành chính công phường Thủy Biều' },
};

describe('Phiếu chuyển xử lý (NĐ 118/2025 Điều 20 khoản 2)', () => {
  let probe: PdfProbe;

  beforeAll(async () => {
    probe = new PdfProbe(await renderTransferSlipForm(input));
  });
  afterAll(() => probe.dispose());

  it('names the lead authority and, for each agency, its work and time limit', () => {
    const text = probe.text();
    for (const expected of [
      'PHIẾU CHUYỂN XỬ LÝ',
      `Mã hồ sơ: ${dossierCode}`,
      'Cơ quan chủ trì giải quyết: Ủy ban nhân dân phường Thủy Biều',
      'Công an phường Thủy Biều',
      'Đăng ký thường trú',
      'Cấp thẻ bảo hiểm y tế',
      '02 ngày làm việc',
      'Khi bước trước hoàn thành',
      'NGƯỜI CHUYỂN',
      'Lê Thị Hoa',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Mẫu số');
    expect(probe.qr(probe.pageCount())).toBe(lookupUrl);
  });

  it('needs at least one agency and the work asked of each', async () => {
    await expect(renderTransferSlipForm({ ...input, steps: [] })).rejects.toThrow(/at least one agency/);
    await expect(
      renderTransferSlipForm({ ...input, steps: [{ ...input.steps[0]!, task: ' ' }] }),
    ).rejects.toMatchObject({ field: 'steps[0].task' });
  });
});

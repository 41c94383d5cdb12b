import { renderStopNoticeForm } from './stop-notice.form';
import { apologyInput, dossierCode, lookupUrl } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';

const input = {
  ...apologyInput,
  form: { number: '05', title: 'Thông báo dừng giải quyết hồ sơ' },
  stoppedAt: new Date('2026-11-27T03:00:00Z'),
  atApplicantsRequest: true,
  reason: 'Ông/Bà đề nghị dừng để bổ sung giấy tờ khác',
};

describe('Mẫu 05 (TT 03/2025) — Thông báo dừng giải quyết hồ sơ', () => {
  let probe: PdfProbe;

  beforeAll(async () => {
    probe = new PdfProbe(await renderStopNoticeForm(input));
  });
  afterAll(() => probe.dispose());

  it('tells the applicant processing stopped at their request, when and why, signed by the leader', () => {
    const text = probe.text();
    for (const expected of [
      'Mẫu số 05',
      'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
      'Kính gửi: Ông/Bà Nguyễn Văn An',
      `Mã hồ sơ: ${dossierCode}`,
      'Theo đề nghị của Ông/Bà, Ủy ban nhân dân phường Thủy Biều dừng giải quyết hồ sơ nêu trên kể từ 10 giờ 00 phút, ngày 27 tháng 11 năm 2026',
      'Lý do: Ông/Bà đề nghị dừng để bổ sung giấy tờ khác',
      'Lê Văn Cường',
    ]) {
      expect(text).toContain(expected);
    }
    expect(probe.qr(probe.pageCount())).toBe(lookupUrl);
  });

  it('leaves the signer’s name blank when no official recorded the stop', async () => {
    const blank = new PdfProbe(
      await renderStopNoticeForm({ ...input, atApplicantsRequest: true, signer: { ...input.signer, name: '' } }),
    );
    try {
      expect(blank.text()).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
      expect(blank.text()).not.toContain('Lê Văn Cường');
    } finally {
      blank.dispose();
    }
  });

  it('needs the reason', async () => {
    await expect(renderStopNoticeForm({ ...input, reason: ' ' })).rejects.toMatchObject({ field: 'reason' });
  });
});

import { renderApologyForm } from './apology.form';
import { apologyInput, dossierCode, lookupUrl } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';

describe('Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả', () => {
  let probe: PdfProbe;

  beforeAll(async () => {
    probe = new PdfProbe(await renderApologyForm(apologyInput));
  });
  afterAll(() => probe.dispose());

  it('is a valid A4 PDF', () => {
    expect(probe.pageCount()).toBe(1);
    expect(probe.pageSize()).toContain('(A4)');
  });

  it('gives the reason, the old and the new date, signed by the leader', () => {
    const text = probe.text();
    for (const expected of [
      'Mẫu số 04',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Thủy Biều, ngày 27 tháng 11 năm 2026',
      'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      'Kính gửi: Ông/Bà Nguyễn Văn An',
      `Mã hồ sơ: ${dossierCode}`,
      'Thời hạn trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 27 tháng 11 năm 2026',
      'Lý do: Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây',
      'xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào 16 giờ 00 phút, ngày 02 tháng 12 năm 2026',
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
      'Lê Văn Cường',
      'Nơi nhận:',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints a QR code that decodes to the public lookup URL', () => {
    expect(probe.qr(probe.pageCount())).toBe(lookupUrl);
  });

  it('needs the signer', async () => {
    await expect(
      renderApologyForm({ ...apologyInput, signer: { ...apologyInput.signer, name: '' } }),
    ).rejects.toMatchObject({ field: 'signer.name' });
  });

  it('under TT 03/2025 asks the applicant to accept an extension, with that regime’s number, title and desk', async () => {
    const extension = new PdfProbe(
      await renderApologyForm({
        ...apologyInput,
        form: { number: '04', title: 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết' },
        asksExtension: true,
        deskAbbreviation: 'TTPVHCC',
      }),
    );
    try {
      const text = extension.text();
      expect(text).toContain('PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
      expect(text).toContain(
        'đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến 16 giờ 00 phút, ngày 02 tháng 12',
      );
      expect(text).toContain('Lưu: VT, TTPVHCC.');
      expect(text).not.toContain('sẽ trả kết quả giải quyết hồ sơ');
      expect(extension.info()['Title']).toBe('Mẫu số 04 — Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết');
    } finally {
      extension.dispose();
    }
  });
});

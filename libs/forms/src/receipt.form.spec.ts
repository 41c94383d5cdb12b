import { FormInputError } from './form-checks';
import { renderReceiptForm } from './receipt.form';
import { dossierCode, lookupKey, lookupUrl, receiptInput } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';

describe('Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả', () => {
  const originalTz = process.env.TZ;
  let pdf: Buffer;
  let probe: PdfProbe;

  beforeAll(async () => {
    // The dates must come out in Huế time even on a machine set to another zone.
    process.env.TZ = 'America/New_York';
    pdf = await renderReceiptForm(receiptInput);
    probe = new PdfProbe(pdf);
  });
  afterAll(() => {
    probe.dispose();
    process.env.TZ = originalTz;
  });

  it('is a valid one-page A4 PDF dated from the input', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(probe.pageCount()).toBe(1);
    expect(probe.pageSize()).toContain('(A4)');
    expect(probe.isoInfo().CreationDate).toBe('2026-11-25T02:15:00Z');
  });

  it('embeds the DejaVu Serif faces shipped by npm', () => {
    const fonts = probe.fonts();
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(
      expect.arrayContaining(['DejaVuSerifCondensed', 'DejaVuSerifCondensed-Bold']),
    );
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it('carries the header, title, applicant, documents and appointment with diacritics intact', () => {
    const text = probe.text();
    for (const expected of [
      'Mẫu số 01',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'ỦY BAN NHÂN DÂN PHƯỜNG THỦY BIỀU',
      'Thủy Biều, ngày 25 tháng 11 năm 2026',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${dossierCode}`,
      'Nguyễn Văn An',
      'Số 12 kiệt 45 đường Bùi Thị Xuân',
      '0914 123 456',
      'nguyenvanan@example.vn',
      'Đăng ký khai sinh (1.001193)',
      'Giấy chứng nhận kết hôn của cha, mẹ',
      'Bản chính',
      'Bản sao',
      'Bản chụp',
      'Số lượng hồ sơ: 1 (bộ)',
      '03 ngày làm việc',
      'Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 25 tháng 11 năm 2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 27 tháng 11 năm 2026',
      'Đăng ký nhận kết quả tại: Bộ phận Tiếp nhận và Trả kết quả phường Thủy Biều',
      `Mã tra cứu hồ sơ: ${lookupKey}`,
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Trần Thị Bình',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints a QR code that decodes to the public lookup URL', () => {
    expect(probe.qr(probe.pageCount())).toBe(lookupUrl);
  });

  it('gives the same bytes for the same input', async () => {
    expect((await renderReceiptForm(receiptInput)).equals(pdf)).toBe(true);
  });

  it('names the missing field', async () => {
    await expect(
      renderReceiptForm({ ...receiptInput, applicant: { ...receiptInput.applicant, name: ' ' } }),
    ).rejects.toThrow(new FormInputError('applicant.name', 'is required'));
    await expect(renderReceiptForm({ ...receiptInput, lookupUrl: 'javascript:alert(1)' })).rejects.toMatchObject({
      field: 'lookupUrl',
    });
  });

  it('records which applicant details the national identity proved, and prints nothing of it otherwise', async () => {
    expect(probe.text()).not.toContain('định danh điện tử');
    const proved = new PdfProbe(
      await renderReceiptForm({
        ...receiptInput,
        identityProof: { level: 2, fields: ['Họ và tên', 'Số định danh cá nhân', 'Ngày sinh', 'Nơi thường trú'] },
      }),
    );
    try {
      const text = proved.text().replace(/\s+/g, ' ');
      expect(text).toContain('Thông tin xác thực qua tài khoản định danh điện tử mức 2');
      expect(text).toContain('Họ và tên, Số định danh cá nhân, Ngày sinh, Nơi thường trú');
    } finally {
      proved.dispose();
    }
  });

  it('moves to a second page rather than overprinting when the list of papers is long', async () => {
    const documents = Array.from({ length: 30 }, (_, i) => ({
      name: `Giấy tờ kèm theo số ${i + 1}: bản kê khai chi tiết tình trạng nhân thân và nơi cư trú`,
      kind: 'copy' as const,
      count: 1,
    }));
    const long = new PdfProbe(await renderReceiptForm({ ...receiptInput, documents }));
    try {
      expect(long.pageCount()).toBeGreaterThan(1);
      const text = long.text();
      expect(text).toContain('Giấy tờ kèm theo số 30:');
      expect(text).toContain('Mã tra cứu hồ sơ');
      expect(long.qr(long.pageCount())).toBe(lookupUrl);
    } finally {
      long.dispose();
    }
  });
});

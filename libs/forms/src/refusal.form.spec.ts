import { renderRefusalForm } from './refusal.form';
import { dossierCode, lookupUrl, refusalInput } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';

describe('Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ', () => {
  let probe: PdfProbe;

  beforeAll(async () => {
    probe = new PdfProbe(await renderRefusalForm(refusalInput));
  });
  afterAll(() => probe.dispose());

  it('is a valid A4 PDF', () => {
    expect(probe.pageCount()).toBe(1);
    expect(probe.pageSize()).toContain('(A4)');
  });

  it('states the refusal and its reason', () => {
    const text = probe.text();
    for (const expected of [
      'Mẫu số 03',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Thủy Biều, ngày 25 tháng 11 năm 2026',
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      `Mã hồ sơ: ${dossierCode}`,
      'Nguyễn Văn An',
      'Đăng ký thành lập hộ kinh doanh (1.001612)',
      'Thời gian nộp hồ sơ: 09 giờ 15 phút, ngày 25 tháng 11 năm 2026',
      'thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:',
      'thuộc danh mục ngành, nghề cấm đầu tư kinh doanh theo Luật Đầu tư',
      'Xin thông báo để Ông/Bà được biết và thực hiện./.',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Trần Thị Bình',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints a QR code that decodes to the public lookup URL', () => {
    expect(probe.qr(probe.pageCount())).toBe(lookupUrl);
  });

  it('works without a dossier code and wraps a long reason onto further pages', async () => {
    const sentence = 'Hồ sơ không đáp ứng điều kiện theo quy định tại khoản 2 Điều 9 của Nghị định. ';
    const reason = `${sentence.repeat(60)}Kết thúc lý do.`;
    const long = new PdfProbe(await renderRefusalForm({ ...refusalInput, dossierCode: null, reason }));
    try {
      expect(long.pageCount()).toBeGreaterThan(1);
      const text = long.text();
      expect(text).not.toContain('Mã hồ sơ');
      expect(text).toContain('Kết thúc lý do.');
      expect(text).toContain('Xin thông báo để Ông/Bà được biết và thực hiện./.');
      expect(long.qr(long.pageCount())).toBe(lookupUrl);
    } finally {
      long.dispose();
    }
  });

  it('needs a reason', async () => {
    await expect(renderRefusalForm({ ...refusalInput, reason: '' })).rejects.toMatchObject({ field: 'reason' });
  });
});

import { renderSupplementRequestForm } from './supplement-request.form';
import { dossierCode, lookupUrl, supplementInput } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';

describe('Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', () => {
  let probe: PdfProbe;

  beforeAll(async () => {
    probe = new PdfProbe(await renderSupplementRequestForm(supplementInput));
  });
  afterAll(() => probe.dispose());

  it('is a valid A4 PDF', () => {
    expect(probe.pageCount()).toBe(1);
    expect(probe.pageSize()).toContain('(A4)');
  });

  it('lists every paper to supplement with its reason, the deadline and the clerk', () => {
    const text = probe.text();
    for (const expected of [
      'Mẫu số 02',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Thủy Biều, ngày 26 tháng 11 năm 2026',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      `Mã hồ sơ: ${dossierCode}`,
      'Ngày 25 tháng 11 năm 2026',
      'Nguyễn Văn An',
      'Xác nhận tình trạng hôn nhân (1.004873)',
      'Bản sao trích lục bản án ly hôn',
      'hồ sơ chưa có giấy tờ chứng minh việc hôn nhân đã chấm dứt',
      'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân',
      'Mục "Nơi cư trú" còn để trống.',
      'trước 17 giờ 00 phút, ngày 03 tháng 12 năm 2026',
      'Thời hạn giải quyết hồ sơ được tính lại kể từ ngày nhận đủ hồ sơ bổ sung, hoàn thiện.',
      'Trần Thị Bình, số điện thoại 0234 3822 111',
      'NGƯỜI HƯỚNG DẪN',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints a QR code that decodes to the public lookup URL', () => {
    expect(probe.qr(probe.pageCount())).toBe(lookupUrl);
  });

  it('refuses a request with nothing to supplement, naming the field', async () => {
    await expect(renderSupplementRequestForm({ ...supplementInput, items: [] })).rejects.toMatchObject({
      field: 'items',
    });
    await expect(
      renderSupplementRequestForm({ ...supplementInput, items: [{ content: 'Tờ khai', reason: '' }] }),
    ).rejects.toMatchObject({ field: 'items[0].reason' });
  });
});

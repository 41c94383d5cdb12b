import { renderControlSheetForm } from './control-sheet.form';
import { Handover } from './form.inputs';
import { controlSheetInput, dossierCode, lookupUrl } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';
import { nth } from '@app/testing';

describe('Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ', () => {
  let probe: PdfProbe;

  beforeAll(async () => {
    probe = new PdfProbe(await renderControlSheetForm(controlSheetInput));
  });
  afterAll(() => probe.dispose());

  it('is a valid A4 PDF', () => {
    expect(probe.pageCount()).toBe(1);
    expect(probe.pageSize()).toContain('(A4)');
  });

  it('has a row for every hand-over: step, sender, receiver, time and result', () => {
    const text = probe.text();
    for (const expected of [
      'Mẫu số 05',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Thủy Biều, ngày 27 tháng 11 năm 2026',
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      `Mã hồ sơ: ${dossierCode}`,
      'Kèm theo hồ sơ của: Nguyễn Văn An',
      'Cơ quan phối hợp giải quyết hồ sơ: Công an phường Thủy Biều; Bảo hiểm xã hội thành phố Huế',
      'Tiếp nhận hồ sơ',
      'Phạm Quốc Dũng',
      'Hoàng Minh Đức',
      'Võ Thị Hạnh',
      '25/11/2026 09:40',
      '25/11/2026 15:10',
      '27/11/2026 17:05',
      'Đúng hạn',
      'Trước hạn',
      'Quá hạn',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints a QR code that decodes to the public lookup URL', () => {
    expect(probe.qr(probe.pageCount())).toBe(lookupUrl);
  });

  it('continues a long trail on further pages with the table header repeated', async () => {
    const handovers: Handover[] = Array.from({ length: 60 }, (_, i) => ({
      step: `Bước ${i + 1}`,
      sender: { name: 'Trần Thị Bình', unit: 'Bộ phận Tiếp nhận và Trả kết quả' },
      receiver: { name: `Chuyên viên số ${i + 1}`, unit: 'Công chức Tư pháp - Hộ tịch' },
      at: new Date(Date.UTC(2026, 10, 25, 2, i)),
      result: 'on_time',
    }));
    const long = new PdfProbe(await renderControlSheetForm({ ...controlSheetInput, handovers }));
    try {
      const pages = long.pageCount();
      expect(pages).toBeGreaterThan(1);
      for (let page = 2; page <= pages; page++) expect(long.text(page)).toContain('Bước xử lý');
      const all = long.text();
      expect(all).toContain('Chuyên viên số 1 ');
      expect(all).toContain('Chuyên viên số 60 ');
      expect(long.qr(pages)).toBe(lookupUrl);
    } finally {
      long.dispose();
    }
  });

  it('names a hand-over with a bad time', async () => {
    const handovers = [{ ...nth(controlSheetInput.handovers, 0), at: new Date('not a date') }];
    await expect(renderControlSheetForm({ ...controlSheetInput, handovers })).rejects.toMatchObject({
      field: 'handovers[0].at',
    });
  });
});

import { renderDossierRegisterForm } from './dossier-register.form';
import { registerInput } from './testing/form.fixtures';
import { PdfProbe } from './testing/pdf.probe';

describe('Mẫu 06 — Sổ theo dõi hồ sơ', () => {
  let probe: PdfProbe;

  beforeAll(async () => {
    probe = new PdfProbe(await renderDossierRegisterForm(registerInput));
  });
  afterAll(() => probe.dispose());

  it('is a landscape A4 PDF spread over several pages for 120 dossiers', () => {
    expect(probe.pageSize()).toMatch(/^841\.89 x 595\.28 pts/);
    expect(probe.pageCount()).toBeGreaterThanOrEqual(3);
  });

  it('opens with the agency, title and period', () => {
    const first = probe.text(1);
    for (const expected of [
      'Mẫu số 06',
      'ỦY BAN NHÂN DÂN PHƯỜNG THỦY BIỀU',
      'SỔ THEO DÕI HỒ SƠ',
      '(Từ ngày 01/11/2026 đến ngày 30/11/2026)',
    ]) {
      expect(first).toContain(expected);
    }
  });

  it('repeats the table header and numbers every page', () => {
    const pages = probe.pageCount();
    for (let page = 1; page <= pages; page++) {
      const text = probe.text(page);
      expect(text).toContain('Mã hồ sơ');
      expect(text).toContain('Tên thủ tục hành chính');
      expect(text).toContain('Ngày hẹn trả kết quả');
      expect(text).toContain(`Trang ${page}/${pages}`);
    }
  });

  it('lists every dossier exactly once, with its dates in Huế time', () => {
    const text = probe.text();
    for (const row of registerInput.rows) {
      expect(text.split(row.dossierCode).length - 1).toBe(1);
    }
    // Row 1: received 02/11/2026 08:00 in Huế (01:00 UTC).
    expect(text).toContain('02/11/2026 08:00');
    expect(text).toContain('Chứng thực bản sao từ bản chính');
    expect(text).toContain('Công ty TNHH Dịch vụ Sông Hương');
    expect(text).toContain('Tổng số: 120 hồ sơ.');
  });

  it('prints an empty register on one page', async () => {
    const empty = new PdfProbe(await renderDossierRegisterForm({ ...registerInput, rows: [] }));
    try {
      expect(empty.pageCount()).toBe(1);
      expect(empty.text()).toContain('Tổng số: 0 hồ sơ.');
    } finally {
      empty.dispose();
    }
  });

  it('rejects a period that ends before it starts', async () => {
    await expect(
      renderDossierRegisterForm({ ...registerInput, periodFrom: '2026-12-01', periodTo: '2026-11-30' }),
    ).rejects.toMatchObject({ field: 'periodTo' });
  });
});

import { canonicalJson, parseDongBoHoSoMC, parseExchangeDateTime } from './dong-bo-ho-so';

const ORIGIN = 'http://127.0.0.1:3300';
const NOW = new Date('2026-12-04T03:00:00Z'); // 10:00 in Huế

function dossier(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    MaHoSo: 'G22.99-261204-0001',
    MaTTHC: '1.004873',
    DonViXuLy: '000.17.22.H56',
    ChuHoSo: 'Nguyễn Thị Lan',
    LoaiDoiTuong: '1',
    MaDoiTuong: '046190000123',
    Email: 'lan@example.vn',
    SoDienThoai: '0905123456',
    DiaChi: 'Thủy Xuân, Huế',
    TrichYeuHoSo: 'Xin xác nhận tình trạng hôn nhân để đăng ký kết hôn',
    NgayTiepNhan: '20261204093000',
    TrangThaiHoSo: '1',
    HinhThuc: '0',
    TaiLieuNop: [
      {
        TepDinhKemId: 'f1',
        TenTepDinhKem: 'to-khai.pdf',
        IsDeleted: false,
        MaThanhPhanHoSo: 'doc-1',
        DuongDanTaiTepTin: `${ORIGIN}/files/f1`,
      },
    ],
    DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí', MaPhiLePhi: 'LP01', HinhThucThu: '1', Gia: 5000, LoaiPhiLePhi: '1' }],
    ...over,
  };
}

const parse = (body: unknown) => parseDongBoHoSoMC(body, { now: NOW, fileOrigin: ORIGIN });
const fields = (body: unknown) => {
  const r = parse(body);
  return r.ok ? [] : r.problems.map((p) => p.field);
};

describe('DongBoHoSoMC as the national portal forwards it', () => {
  it('reads a dossier with the field names of the public integrations', () => {
    const r = parse({ service: 'DongBoHoSoMC', isUpdating: 'False', data: [dossier()] });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const [d] = r.dossiers;
    expect(d).toMatchObject({
      nationalId: 'G22.99-261204-0001',
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      applicant: {
        fullName: 'Nguyễn Thị Lan',
        idNumber: '046190000123',
        email: 'lan@example.vn',
        phone: '0905123456',
        address: 'Thủy Xuân, Huế',
      },
      summary: 'Xin xác nhận tình trạng hôn nhân để đăng ký kết hôn',
      resultByPost: false,
      documents: [
        {
          documentCode: 'doc-1',
          fileName: 'to-khai.pdf',
          url: `${ORIGIN}/files/f1`,
          field: 'data[0].TaiLieuNop[0].DuongDanTaiTepTin',
        },
      ],
      fees: [{ name: 'Lệ phí', code: 'LP01', amount: 5000, collection: '1' }],
    });
    // 09:30 in Huế is 02:30 UTC.
    expect(d?.filedAt.toISOString()).toBe('2026-12-04T02:30:00.000Z');
    expect(d?.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same digest to the same content in another member order, and another to other content', () => {
    const a = dossier();
    const b = Object.fromEntries(Object.entries(a).reverse());
    const digest = (o: unknown) => {
      const r = parse({ data: [o] });
      return r.ok ? r.dossiers[0]?.digest : null;
    };
    expect(digest(b)).toBe(digest(a));
    expect(digest(dossier({ ChuHoSo: 'Nguyễn Thị Lành' }))).not.toBe(digest(a));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('names every bad field of every dossier, with its path', () => {
    const body = {
      data: [
        dossier({ MaHoSo: 'G22 99', NgayTiepNhan: '20261332120000', MaDoiTuong: '123' }),
        dossier({ MaHoSo: 'G22.99-261204-0002', MaTTHC: '', DonViXuLy: 'UBND', TrangThaiHoSo: '4' }),
      ],
    };
    expect(fields(body)).toEqual([
      'data[0].MaHoSo',
      'data[0].MaDoiTuong',
      'data[0].NgayTiepNhan',
      'data[1].MaTTHC',
      'data[1].DonViXuLy',
      'data[1].TrangThaiHoSo',
    ]);
  });

  it('fetches files only from the national portal’s origin', () => {
    const elsewhere = (url: string) =>
      fields({
        data: [
          dossier({
            TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', MaThanhPhanHoSo: 'doc-1', DuongDanTaiTepTin: url }],
          }),
        ],
      });
    expect(elsewhere('http://169.254.169.254/latest/meta-data')).toEqual(['data[0].TaiLieuNop[0].DuongDanTaiTepTin']);
    expect(elsewhere('http://127.0.0.1:3301/files/f1')).toEqual(['data[0].TaiLieuNop[0].DuongDanTaiTepTin']);
    expect(elsewhere('http://user:pw@127.0.0.1:3300/files/f1')).toEqual(['data[0].TaiLieuNop[0].DuongDanTaiTepTin']);
    expect(elsewhere('files/f1')).toEqual(['data[0].TaiLieuNop[0].DuongDanTaiTepTin']);
    expect(elsewhere(`${ORIGIN}/files/f1`)).toEqual([]);
  });

  it('leaves out files removed on the national portal, and refuses a dossier with none left', () => {
    const removed = {
      TenTepDinhKem: 'cu.pdf',
      MaThanhPhanHoSo: 'doc-1',
      DuongDanTaiTepTin: `${ORIGIN}/x`,
      IsDeleted: true,
    };
    const kept = {
      TenTepDinhKem: 'moi.pdf',
      MaThanhPhanHoSo: 'doc-1',
      DuongDanTaiTepTin: `${ORIGIN}/y`,
      IsDeleted: false,
    };
    const r = parse({ data: [dossier({ TaiLieuNop: [removed, kept] })] });
    expect(r.ok && r.dossiers[0]?.documents.map((d) => d.fileName)).toEqual(['moi.pdf']);
    expect(fields({ data: [dossier({ TaiLieuNop: [removed] })] })).toEqual(['data[0].TaiLieuNop']);
    expect(fields({ data: [dossier({ TaiLieuNop: [] })] })).toEqual(['data[0].TaiLieuNop']);
  });

  it('refuses a filing from the future, a repeated id in one request, updates and empty or oversized batches', () => {
    expect(fields({ data: [dossier({ NgayTiepNhan: '20261204110000' })] })).toEqual(['data[0].NgayTiepNhan']);
    // Five minutes of clock difference are tolerated.
    expect(fields({ data: [dossier({ NgayTiepNhan: '20261204100400' })] })).toEqual([]);
    expect(fields({ data: [dossier(), dossier()] })).toEqual(['data[1].MaHoSo']);
    expect(fields({ isUpdating: 'True', data: [dossier()] })).toEqual(['isUpdating']);
    expect(fields({ data: [] })).toEqual(['data']);
    expect(fields({ data: Array.from({ length: 21 }, (_, i) => dossier({ MaHoSo: `X.${i}` })) })).toEqual(['data']);
    expect(fields('[]')).toEqual(['body']);
  });

  it('checks fees: a whole number of đồng, 0 or more', () => {
    const fee = (Gia: unknown) => fields({ data: [dossier({ DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí', Gia }] })] });
    expect(fee(-1)).toEqual(['data[0].DanhSachLePhi[0].Gia']);
    expect(fee(1.5)).toEqual(['data[0].DanhSachLePhi[0].Gia']);
    expect(fee('abc')).toEqual(['data[0].DanhSachLePhi[0].Gia']);
    expect(fee('5000')).toEqual([]);
    expect(fee(0)).toEqual([]);
  });

  it('reads yyyyMMddHHmmss as Vietnam time and refuses dates that do not exist', () => {
    expect(parseExchangeDateTime('20250701000000')?.toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(parseExchangeDateTime('20250230120000')).toBeNull();
    expect(parseExchangeDateTime('2025070100000')).toBeNull();
    expect(parseExchangeDateTime('20250701246000')).toBeNull();
  });
});

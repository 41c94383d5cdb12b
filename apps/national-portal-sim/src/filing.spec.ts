import { buildDongBoHoSo, dongBoHoSoRequest, FilingInput, parseFilingRequest } from './filing';

const now = new Date('2026-12-05T07:03:09Z');

describe('the DongBoHoSoMC object the simulator sends', () => {
  const input: FilingInput = {
    procedureCode: '1.004873',
    agencyCode: '000.17.22.H56',
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '046095001234', phone: '0912345678' },
    summary: 'Cấp Giấy xác nhận tình trạng hôn nhân — Nguyễn Văn An',
    documents: [
      {
        code: 'doc-1',
        name: 'Tờ khai',
        fileName: 'to-khai.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF'),
      },
    ],
    fees: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 5000 }],
    receivedAt: now,
  };

  it('is built as docs/national-portal.md §5 describes', () => {
    const files = [{ id: 'f1', document: input.documents[0]! }];
    const object = buildDongBoHoSo('G22.99-261205-0001', input, files, 'http://127.0.0.1:3300');
    expect(object).toEqual({
      MaHoSo: 'G22.99-261205-0001',
      MaTTHC: '1.004873',
      DonViXuLy: '000.17.22.H56',
      ChuHoSo: 'Nguyễn Văn An',
      LoaiDoiTuong: '1',
      MaDoiTuong: '046095001234',
      SoDienThoai: '0912345678',
      TrichYeuHoSo: 'Cấp Giấy xác nhận tình trạng hôn nhân — Nguyễn Văn An',
      NgayTiepNhan: '20261205140309',
      TrangThaiHoSo: '1',
      HinhThuc: '0',
      TaiLieuNop: [
        {
          TepDinhKemId: 'f1',
          TenTepDinhKem: 'to-khai.pdf',
          IsDeleted: false,
          MaThanhPhanHoSo: 'doc-1',
          DuongDanTaiTepTin: 'http://127.0.0.1:3300/files/f1',
        },
      ],
      DanhSachLePhi: [
        {
          TenPhiLePhi: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân',
          MaPhiLePhi: 'LP01',
          HinhThucThu: '1',
          Gia: 5000,
          LoaiPhiLePhi: '1',
        },
      ],
    });
    expect(dongBoHoSoRequest(object)).toEqual({ service: 'DongBoHoSoMC', isUpdating: 'False', data: [object] });
  });
});

describe('the JSON API filing request', () => {
  const body = {
    procedureCode: '1.001193',
    agencyCode: '000.17.22.H56',
    applicant: { fullName: 'Trần Thị Bình', email: 'binh@example.com' },
    documents: [
      { code: 'doc-1', name: 'Tờ khai', fileName: 'scan.PNG', contentBase64: Buffer.from('png').toString('base64') },
    ],
  };

  it('reads a minimal request, with reception now and content types by file name', () => {
    const parsed = parseFilingRequest(body, 'H56', now);
    expect(Array.isArray(parsed)).toBe(false);
    if (Array.isArray(parsed)) return;
    expect(parsed.receivedAt).toEqual(now);
    expect(parsed.fees).toEqual([]);
    expect(parsed.documents[0]).toMatchObject({ contentType: 'image/png', content: Buffer.from('png') });
    expect(parsed.applicant).toEqual({ fullName: 'Trần Thị Bình', email: 'binh@example.com' });
  });

  it('passes on what only the portal judges (an empty document list, an odd ID number, a negative fee)', () => {
    const parsed = parseFilingRequest(
      { ...body, documents: [], applicant: { fullName: 'X', idNumber: '12' }, fees: [{ name: 'Phí', amount: -1 }] },
      'H56',
      now,
    );
    expect(Array.isArray(parsed)).toBe(false);
  });

  it('names every field it cannot use', () => {
    const parsed = parseFilingRequest(
      {
        procedureCode: 1,
        agencyCode: '000.17.22.H01',
        applicant: {},
        documents: [{ code: 'doc-1', name: 'Tờ khai', fileName: '../x.pdf', contentBase64: 'not base64!' }],
        fees: [{ name: 'Phí', amount: '5000' }],
        receivedAt: '05/12/2026',
      },
      'H56',
      now,
    );
    expect(Array.isArray(parsed) ? parsed.map((e) => e.field) : parsed).toEqual([
      'procedureCode',
      'agencyCode',
      'applicant.fullName',
      'documents[0].fileName',
      'documents[0].contentBase64',
      'fees[0].amount',
      'receivedAt',
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(parseFilingRequest([], 'H56', now)).toEqual([{ field: '(body)', message: 'must be a JSON object' }]);
  });
});

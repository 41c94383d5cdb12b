/**
 * The demo procedures the simulator's page offers: real procedures of the national catalogue that the demo ward
 * (UBND phường Thủy Xuân, 000.17.22.H56) offers online, with the documents each requires and its fees, as seeded
 * by the portal's demo data (libs/seed/src/demo-procedures.ts). A document's code is what the portal files an
 * attachment under (`MaThanhPhanHoSo`): the seeded documents carry no code of their own, so the portal keys them by
 * position, `doc-1`, `doc-2`… (documentKey in libs/dossiers). Any other procedure can be filed through the JSON API.
 */
export interface DemoDocument {
  code: string;
  name: string;
}

export interface DemoFee {
  name: string;
  amount: number;
}

export interface DemoProcedure {
  code: string;
  name: string;
  /** The required documents only: the page attaches a generated PDF for each. */
  documents: readonly DemoDocument[];
  fees: readonly DemoFee[];
}

export const DEMO_WARD = { code: '000.17.22.H56', name: 'Ủy ban nhân dân phường Thủy Xuân' } as const;

export const DEMO_PROCEDURES: readonly DemoProcedure[] = [
  {
    code: '1.004873',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    documents: [{ code: 'doc-1', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu' }],
    fees: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 5000 }],
  },
  {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    documents: [
      { code: 'doc-1', name: 'Tờ khai đăng ký khai sinh theo mẫu' },
      {
        code: 'doc-2',
        name: 'Giấy chứng sinh; nếu không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh',
      },
      { code: 'doc-3', name: 'Giấy tờ tùy thân của người đi đăng ký (xuất trình)' },
    ],
    fees: [],
  },
  {
    code: '1.000894',
    name: 'Đăng ký kết hôn',
    documents: [
      { code: 'doc-1', name: 'Tờ khai đăng ký kết hôn theo mẫu' },
      { code: 'doc-2', name: 'Giấy tờ tùy thân của hai bên (xuất trình)' },
    ],
    fees: [],
  },
];

export function demoProcedure(code: string): DemoProcedure | undefined {
  return DEMO_PROCEDURES.find((p) => p.code === code);
}

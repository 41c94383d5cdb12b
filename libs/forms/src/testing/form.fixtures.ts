import {
  ApologyFormInput,
  ControlSheetFormInput,
  DossierRegisterFormInput,
  FormAgency,
  FormApplicant,
  ReceiptFormInput,
  RefusalFormInput,
  RegisterRow,
  SupplementRequestFormInput,
} from '../form.inputs';

/** Sample inputs of the forms (Thủy Biều ward, Huế). Test support only. */
export const agency: FormAgency = {
  parentName: 'Ủy ban nhân dân thành phố Huế',
  name: 'Ủy ban nhân dân phường Thủy Biều',
  unitName: 'Bộ phận Tiếp nhận và Trả kết quả',
};

export const applicant: FormApplicant = {
  name: 'Nguyễn Văn An',
  address: 'Số 12 kiệt 45 đường Bùi Thị Xuân, tổ dân phố Long Hồ, phường Thủy Biều, thành phố Huế',
  phone: '0914 123 456',
  email: 'nguyenvanan@example.vn',
};

export const dossierCode = '000.17.22.H56-261125-0007';
export const lookupKey = 'K7QX-93MD';
export const lookupUrl = `https://motcua.example.vn/lookup?code=${encodeURIComponent(dossierCode)}&key=${lookupKey}`;

/** 25/11/2026 09:15 in Huế. */
export const receivedAt = new Date('2026-11-25T02:15:00Z');
/** 27/11/2026 16:00 in Huế. */
export const dueAt = new Date('2026-11-27T09:00:00Z');

const header = { agency, locality: 'Thủy Biều', issuedAt: receivedAt, lookupUrl };

export const receiptInput: ReceiptFormInput = {
  ...header,
  dossierCode,
  applicant,
  procedureName: 'Đăng ký khai sinh (1.001193)',
  documents: [
    { name: 'Tờ khai đăng ký khai sinh theo mẫu', kind: 'original', count: 1 },
    { name: 'Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp', kind: 'original', count: 1 },
    { name: 'Căn cước công dân của người đi đăng ký khai sinh', kind: 'photocopy', count: 1 },
    { name: 'Giấy chứng nhận kết hôn của cha, mẹ', kind: 'copy', count: 2 },
  ],
  setCount: 1,
  processingTime: '03 ngày làm việc',
  receivedAt,
  dueAt,
  resultReturnPlace: 'Bộ phận Tiếp nhận và Trả kết quả phường Thủy Biều, 02 Bùi Thị Xuân, Huế',
  lookupKey,
  clerkName: 'Trần Thị Bình',
};

export const supplementInput: SupplementRequestFormInput = {
  ...header,
  issuedAt: new Date('2026-11-26T03:30:00Z'),
  dossierCode,
  applicant,
  procedureName: 'Xác nhận tình trạng hôn nhân (1.004873)',
  receivedAt,
  items: [
    {
      content: 'Bản sao trích lục bản án ly hôn đã có hiệu lực pháp luật',
      reason: 'Người yêu cầu đã từng kết hôn; hồ sơ chưa có giấy tờ chứng minh việc hôn nhân đã chấm dứt.',
    },
    { content: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', reason: 'Mục "Nơi cư trú" còn để trống.' },
  ],
  supplementDueAt: new Date('2026-12-03T10:00:00Z'),
  deadlineNote: 'Thời hạn giải quyết hồ sơ được tính lại kể từ ngày nhận đủ hồ sơ bổ sung, hoàn thiện.',
  clerkName: 'Trần Thị Bình',
  contactPhone: '0234 3822 111',
};

export const refusalInput: RefusalFormInput = {
  ...header,
  dossierCode,
  applicant,
  procedureName: 'Đăng ký thành lập hộ kinh doanh (1.001612)',
  submittedAt: receivedAt,
  reason:
    'Ngành, nghề đăng ký kinh doanh thuộc danh mục ngành, nghề cấm đầu tư kinh doanh theo Luật Đầu tư; hồ sơ không ' +
    'thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường.',
  clerkName: 'Trần Thị Bình',
};

export const apologyInput: ApologyFormInput = {
  ...header,
  issuedAt: new Date('2026-11-27T08:00:00Z'),
  dossierCode,
  applicant,
  procedureName: 'Xác nhận tình trạng hôn nhân (1.004873)',
  receivedAt,
  originalDueAt: dueAt,
  newDueAt: new Date('2026-12-02T09:00:00Z'),
  reason: 'Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây của người yêu cầu (tỉnh Quảng Trị).',
  signer: { onBehalfOf: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', name: 'Lê Văn Cường' },
};

export const controlSheetInput: ControlSheetFormInput = {
  ...header,
  issuedAt: new Date('2026-11-27T09:30:00Z'),
  dossierCode,
  applicant,
  procedureName: 'Liên thông khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  receivedAt,
  dueAt,
  leadAgencyName: 'Ủy ban nhân dân phường Thủy Biều',
  coordinatingAgencyNames: ['Công an phường Thủy Biều', 'Bảo hiểm xã hội thành phố Huế'],
  handovers: [
    {
      step: 'Tiếp nhận hồ sơ',
      sender: { name: 'Trần Thị Bình', unit: 'Bộ phận Tiếp nhận và Trả kết quả' },
      receiver: { name: 'Phạm Quốc Dũng', unit: 'Công chức Tư pháp - Hộ tịch' },
      at: new Date('2026-11-25T02:40:00Z'),
      result: 'on_time',
    },
    {
      step: 'Chuyển liên thông đăng ký thường trú',
      sender: { name: 'Phạm Quốc Dũng', unit: 'Công chức Tư pháp - Hộ tịch' },
      receiver: { name: 'Hoàng Minh Đức', unit: 'Công an phường Thủy Biều' },
      at: new Date('2026-11-25T08:10:00Z'),
      result: 'early',
    },
    {
      step: 'Cấp thẻ bảo hiểm y tế',
      sender: { name: 'Hoàng Minh Đức', unit: 'Công an phường Thủy Biều' },
      receiver: { name: 'Võ Thị Hạnh', unit: 'Bảo hiểm xã hội thành phố Huế' },
      at: new Date('2026-11-27T10:05:00Z'),
      result: 'late',
      note: 'Chậm 1 ngày do hệ thống cấp mã số bảo hiểm xã hội gián đoạn.',
    },
  ],
};

/** The `i`-th item of a non-empty list taken round and round. */
function cycle<T>(items: readonly [T, ...T[]], i: number): T {
  return items[i % items.length] ?? items[0];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `count` register rows with varied lengths (some long enough to wrap). */
export function registerRows(count: number): RegisterRow[] {
  const procedures: [string, ...string[]] = [
    'Đăng ký khai sinh',
    'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp',
    'Xác nhận tình trạng hôn nhân',
    'Đăng ký kết hôn',
  ];
  const names: [string, ...string[]] = ['Nguyễn Văn An', 'Lê Thị Hoa', 'Công ty TNHH Dịch vụ Sông Hương', 'Phan Văn Ý'];
  return Array.from({ length: count }, (_, i) => {
    const received = new Date(Date.UTC(2026, 10, 2 + (i % 27), 1 + (i % 8), (i * 7) % 60));
    const day = 24 * 3600 * 1000;
    return {
      dossierCode: `000.17.22.H56-2611${pad(2 + (i % 27), 2)}-${pad(i + 1, 4)}`,
      procedureName: cycle(procedures, i),
      applicantName: cycle(names, i),
      applicantAddress: i % 3 === 0 ? 'Tổ dân phố Long Hồ, phường Thủy Biều' : null,
      applicantPhone: `0914 ${pad(100 + i, 3)} 456`,
      receivedAt: received,
      dueAt: new Date(received.getTime() + 3 * day),
      forwardedAt: i % 2 === 0 ? new Date(received.getTime() + 2 * 3600 * 1000) : null,
      resultAt: i % 4 !== 3 ? new Date(received.getTime() + 2 * day) : null,
      returnedAt: i % 4 === 0 ? new Date(received.getTime() + 3 * day) : null,
      note: i % 10 === 9 ? 'Trả kết quả qua dịch vụ bưu chính công ích' : null,
    };
  });
}

export const registerInput: DossierRegisterFormInput = {
  agency,
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  issuedAt: new Date('2026-12-01T01:00:00Z'),
  rows: registerRows(120),
};

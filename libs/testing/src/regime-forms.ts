import type { RegimeForm } from '@app/regimes';

/** The papers of the two regimes as the `legal_regime` rows list them, for unit tests of pages. Test support only. */
export const REGIME_FORMS_2018: readonly RegimeForm[] = [
  { kind: 'receipt', number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', basis: 'TT 01/2018, Mẫu 01' },
  { kind: 'supplement_request', number: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', basis: 'Mẫu 02' },
  { kind: 'refusal', number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', basis: 'TT 01/2018, Mẫu 03' },
  { kind: 'apology', number: '04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', basis: 'TT 01/2018, Mẫu 04' },
  { kind: 'control_sheet', number: '05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', basis: 'Mẫu 05' },
  { kind: 'register', number: '06', title: 'Sổ theo dõi hồ sơ', basis: 'TT 01/2018, Mẫu 06' },
];

export const REGIME_FORMS_2025: readonly RegimeForm[] = [
  { kind: 'receipt', number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', basis: 'TT 03/2025, Mẫu 01' },
  { kind: 'supplement_request', number: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', basis: 'Mẫu 02' },
  { kind: 'refusal', number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', basis: 'TT 03/2025, Mẫu 03' },
  { kind: 'apology', number: '04', title: 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết', basis: 'Mẫu 04' },
  { kind: 'stop_notice', number: '05', title: 'Thông báo dừng giải quyết hồ sơ', basis: 'TT 03/2025, Mẫu 05' },
  { kind: 'control_sheet', number: '06', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', basis: 'Mẫu 06' },
  { kind: 'register', number: '07', title: 'Sổ theo dõi hồ sơ', basis: 'TT 03/2025, Mẫu 07' },
  { kind: 'transfer_slip', number: null, title: 'Phiếu chuyển xử lý', basis: 'NĐ 118/2025 Điều 20 khoản 2 điểm a' },
];

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The legal regimes of the one-stop mechanism as data (owned by @app/regimes): Nghị định 61/2018/NĐ-CP (amended by
 * 107/2021) with Thông tư 01/2018/TT-VPCP, and from 01/07/2025 Nghị định 118/2025/NĐ-CP with Thông tư 03/2025/TT-VPCP.
 * A dossier follows the regime in force when it was received. Each rule keeps its article (docs/law-2025.md); a rule
 * found wrong is corrected with an UPDATE of its row, not with code.
 */
export class LegalRegime1764900000000 implements MigrationInterface {
  name = 'LegalRegime1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_regime (
        code varchar(32) PRIMARY KEY,
        name text NOT NULL,
        in_force_from timestamptz NOT NULL,
        desk_name text NOT NULL,
        desk_abbreviation varchar(32) NOT NULL,
        rules jsonb NOT NULL,
        bases jsonb NOT NULL,
        forms jsonb NOT NULL,
        CONSTRAINT legal_regime_in_force_from_uq UNIQUE (in_force_from),
        CONSTRAINT legal_regime_rules_ck CHECK (jsonb_typeof(rules) = 'object'),
        CONSTRAINT legal_regime_bases_ck CHECK (jsonb_typeof(bases) = 'object'),
        CONSTRAINT legal_regime_forms_ck CHECK (jsonb_typeof(forms) = 'array')
      )`);
    await q.query(
      `INSERT INTO legal_regime VALUES ($1, $2, $3, $4, $5, $6, $7, $8), ($9, $10, $11, $12, $13, $14, $15, $16)`,
      [...REGIME_2018, ...REGIME_2025],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE legal_regime`);
  }
}

const REGIME_2018 = [
  'nd61-2018',
  'Nghị định 61/2018/NĐ-CP (sửa đổi bởi Nghị định 107/2021/NĐ-CP) và Thông tư 01/2018/TT-VPCP',
  '2018-06-21T00:00:00+07:00',
  'Bộ phận Tiếp nhận và Trả kết quả, {agency}',
  'BPTN&TKQ',
  JSON.stringify({
    intakeSupplementRequests: 1,
    appraisalSupplementWithinWorkingDays: 3,
    appraisalSupplementRestartsClock: false,
    closeUnsupplementedAfterDays: null,
    extensionLeadDays: 1,
    maxExtensions: 1,
    resultCorrectionWorkingDays: null,
    onlineAlertHours: null,
    onlineReceiptWorkingHours: null,
  }),
  JSON.stringify({
    intakeSupplementRequests: 'NĐ 61/2018 Điều 15 khoản 3 điểm b (chưa đối chiếu văn bản)',
    appraisalSupplementWithinWorkingDays: 'NĐ 61/2018 Điều 16 khoản 2 điểm a (chưa đối chiếu văn bản)',
    appraisalSupplementRestartsClock: 'NĐ 61/2018 Điều 16 khoản 2 điểm a (chưa đối chiếu văn bản)',
    closeUnsupplementedAfterDays: 'NĐ 61/2018: không quy định',
    extensionLeadDays: 'NĐ 61/2018 Điều 16 khoản 2 điểm c (chưa đối chiếu văn bản)',
    maxExtensions: 'NĐ 61/2018 Điều 16 khoản 2 điểm c (chưa đối chiếu văn bản)',
    resultCorrectionWorkingDays: 'NĐ 61/2018: không quy định',
    onlineAlertHours: 'NĐ 61/2018: không quy định',
    onlineReceiptWorkingHours: 'NĐ 61/2018: không quy định',
  }),
  JSON.stringify([
    {
      kind: 'receipt',
      number: '01',
      title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      basis: 'TT 01/2018/TT-VPCP, Mẫu 01',
    },
    {
      kind: 'supplement_request',
      number: '02',
      title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      basis: 'TT 01/2018/TT-VPCP, Mẫu 02',
    },
    {
      kind: 'refusal',
      number: '03',
      title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
      basis: 'TT 01/2018/TT-VPCP, Mẫu 03',
    },
    {
      kind: 'apology',
      number: '04',
      title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      basis: 'TT 01/2018/TT-VPCP, Mẫu 04',
    },
    {
      kind: 'control_sheet',
      number: '05',
      title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      basis: 'TT 01/2018/TT-VPCP, Mẫu 05',
    },
    { kind: 'register', number: '06', title: 'Sổ theo dõi hồ sơ', basis: 'TT 01/2018/TT-VPCP, Mẫu 06' },
  ]),
];

const REGIME_2025 = [
  'nd118-2025',
  'Nghị định 118/2025/NĐ-CP và Thông tư 03/2025/TT-VPCP',
  '2025-07-01T00:00:00+07:00',
  'Trung tâm Phục vụ hành chính công {unit}',
  'TTPVHCC',
  JSON.stringify({
    intakeSupplementRequests: 1,
    appraisalSupplementWithinWorkingDays: 3,
    appraisalSupplementRestartsClock: true,
    closeUnsupplementedAfterDays: 15,
    extensionLeadDays: 1,
    maxExtensions: 1,
    resultCorrectionWorkingDays: 3,
    onlineAlertHours: 2,
    onlineReceiptWorkingHours: 8,
  }),
  JSON.stringify({
    intakeSupplementRequests: 'NĐ 118/2025 Điều 11 khoản 2 điểm c, Điều 16 khoản 3',
    appraisalSupplementWithinWorkingDays: 'NĐ 118/2025 Điều 19 khoản 5',
    appraisalSupplementRestartsClock: 'NĐ 118/2025 Điều 19 khoản 5',
    closeUnsupplementedAfterDays: 'NĐ 118/2025 Điều 19 khoản 5',
    extensionLeadDays: 'NĐ 118/2025 Điều 19 khoản 6',
    maxExtensions: 'NĐ 118/2025 Điều 19 khoản 6, Điều 12 khoản 5',
    resultCorrectionWorkingDays: 'NĐ 118/2025 Điều 23 khoản 1',
    onlineAlertHours: 'NĐ 118/2025 Điều 17 khoản 2',
    onlineReceiptWorkingHours: 'NĐ 118/2025 Điều 17 khoản 2 điểm c',
  }),
  JSON.stringify([
    {
      kind: 'receipt',
      number: '01',
      title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 01',
    },
    {
      kind: 'supplement_request',
      number: '02',
      title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 02',
    },
    {
      kind: 'refusal',
      number: '03',
      title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
      basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 03',
    },
    {
      kind: 'apology',
      number: '04',
      title: 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết',
      basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 04',
    },
    {
      kind: 'stop_notice',
      number: '05',
      title: 'Thông báo dừng giải quyết hồ sơ',
      basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 05',
    },
    {
      kind: 'control_sheet',
      number: '06',
      title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 06',
    },
    { kind: 'register', number: '07', title: 'Sổ theo dõi hồ sơ', basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 07' },
  ]),
];

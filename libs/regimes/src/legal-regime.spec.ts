import { deskNameFor, formLabel, formOf, LegalRegime, regimeAt, regimeOfDossier } from './legal-regime';
import { LegalRegimeRow, RegimeDataError, regimeFromRow } from './regime-row';

const rules = {
  intakeSupplementRequests: 1,
  appraisalSupplementWithinWorkingDays: 3,
  appraisalSupplementRestartsClock: true,
  closeUnsupplementedAfterDays: 15,
  extensionLeadDays: 1,
  maxExtensions: 1,
  resultCorrectionWorkingDays: 3,
  earlyReturnNoticeRequired: true,
  onlineAlertHours: 2,
  onlineReceiptWorkingHours: 8,
  receptionAcrossBoundaries: true,
};
const bases = Object.fromEntries(Object.keys(rules).map((k) => [k, `Điều ${k.length}`]));

function row(overrides: Partial<LegalRegimeRow> = {}): LegalRegimeRow {
  return {
    code: 'nd118-2025',
    name: 'Nghị định 118/2025/NĐ-CP và Thông tư 03/2025/TT-VPCP',
    in_force_from: new Date('2025-07-01T00:00:00+07:00'),
    desk_name: 'Trung tâm Phục vụ hành chính công {unit}',
    desk_abbreviation: 'TTPVHCC',
    rules,
    bases,
    forms: [
      { kind: 'receipt', number: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', basis: 'Mẫu 01' },
      { kind: 'stop_notice', number: '05', title: 'Thông báo dừng giải quyết hồ sơ', basis: 'Mẫu 05' },
      { kind: 'transfer_slip', number: null, title: 'Phiếu chuyển xử lý', basis: 'Điều 20' },
    ],
    ...overrides,
  };
}

const r2025 = regimeFromRow(row());
const r2018: LegalRegime = regimeFromRow(
  row({
    code: 'nd61-2018',
    in_force_from: new Date('2018-06-21T00:00:00+07:00'),
    desk_name: 'Bộ phận Tiếp nhận và Trả kết quả, {agency}',
    rules: { ...rules, closeUnsupplementedAfterDays: null, appraisalSupplementRestartsClock: false },
    forms: [
      { kind: 'control_sheet', number: '05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', basis: 'Mẫu 05' },
    ],
  }),
);

describe('legal regimes', () => {
  it('gives a dossier received 30/06/2025 16:00 the 2018 rules and one received 01/07/2025 08:00 the 2025 rules', () => {
    const regimes = [r2025, r2018];
    expect(regimeAt(regimes, new Date('2025-06-30T16:00:00+07:00')).code).toBe('nd61-2018');
    expect(regimeAt(regimes, new Date('2025-06-30T23:59:59.999+07:00')).code).toBe('nd61-2018');
    expect(regimeAt(regimes, new Date('2025-07-01T00:00:00+07:00')).code).toBe('nd118-2025');
    expect(regimeAt(regimes, new Date('2025-07-01T08:00:00+07:00')).rules.closeUnsupplementedAfterDays).toBe(15);
    // Before every recorded regime: the earliest one.
    expect(regimeAt(regimes, new Date('2017-01-01T00:00:00+07:00')).code).toBe('nd61-2018');
  });

  it('chooses by reception, and by now for a dossier not yet received', () => {
    const regimes = [r2018, r2025];
    const now = new Date('2026-12-05T10:00:00+07:00');
    expect(regimeOfDossier(regimes, { receivedAt: new Date('2025-06-30T16:00:00+07:00') }, now).code).toBe('nd61-2018');
    expect(regimeOfDossier(regimes, { receivedAt: null }, now).code).toBe('nd118-2025');
  });

  it('numbers and names the papers of each regime, and has none of a paper the regime does not prescribe', () => {
    expect(formOf(r2025, 'stop_notice')).toMatchObject({ number: '05' });
    expect(formOf(r2018, 'stop_notice')).toBeNull();
    expect(formOf(r2018, 'control_sheet')).toMatchObject({ number: '05' });
    expect(formLabel(formOf(r2025, 'stop_notice')!)).toBe('Mẫu 05 – Thông báo dừng giải quyết hồ sơ');
    expect(formLabel(formOf(r2025, 'transfer_slip')!)).toBe('Phiếu chuyển xử lý');
  });

  it('names the receiving desk as each regime does', () => {
    expect(deskNameFor(r2025, 'Ủy ban nhân dân phường Thủy Xuân')).toBe(
      'Trung tâm Phục vụ hành chính công phường Thủy Xuân',
    );
    expect(deskNameFor(r2018, 'Ủy ban nhân dân phường Thủy Biều')).toBe(
      'Bộ phận Tiếp nhận và Trả kết quả, Ủy ban nhân dân phường Thủy Biều',
    );
  });

  it('refuses a row whose data is wrong, naming the regime and the field', () => {
    const wrong = (overrides: Partial<LegalRegimeRow>) => {
      try {
        regimeFromRow(row(overrides));
      } catch (err) {
        if (err instanceof RegimeDataError) return err.message;
        throw err;
      }
      throw new Error('expected a RegimeDataError');
    };
    expect(wrong({ rules: { ...rules, maxExtensions: '1' } })).toBe(
      'legal_regime nd118-2025: rules.maxExtensions is not a whole number or null',
    );
    const { closeUnsupplementedAfterDays: _dropped, ...without } = rules;
    expect(wrong({ rules: without })).toContain('rules.closeUnsupplementedAfterDays is missing');
    expect(wrong({ rules: { ...rules, appraisalSupplementRestartsClock: 1 } })).toContain('is not true or false');
    expect(wrong({ bases: { ...bases, onlineAlertHours: '' } })).toContain('bases.onlineAlertHours is missing');
    expect(wrong({ forms: [{ kind: 'memo', number: '01', title: 't', basis: 'b' }] })).toContain(
      'forms[0].kind is not a known kind of form',
    );
    expect(wrong({ forms: [{ kind: 'receipt', number: '1', title: 't', basis: 'b' }] })).toContain(
      'forms[0].number is not two digits or null',
    );
    expect(
      wrong({
        forms: [
          { kind: 'receipt', number: '01', title: 't', basis: 'b' },
          { kind: 'receipt', number: '02', title: 't', basis: 'b' },
        ],
      }),
    ).toContain('forms lists receipt twice');
  });
});

import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { formOf, RULE_NAMES } from './legal-regime';
import { RegimeService } from './regime.service';

describe('RegimeService on the migrated legal_regime rows', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: RegimeService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, entities: [] });
    await ds.initialize();
    service = new RegimeService(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('reads both regimes whole, each rule with its article', async () => {
    const regimes = await service.all();
    expect(regimes.map((r) => r.code)).toEqual(['nd61-2018', 'nd118-2025']);
    for (const r of regimes) for (const name of RULE_NAMES) expect(r.bases[name]).toMatch(/\S/);
  });

  it('follows the 2018 rules for a dossier received 30/06/2025 16:00 and the 2025 rules from 01/07/2025 08:00', async () => {
    const old = await service.at(new Date('2025-06-30T16:00:00+07:00'));
    const now = await service.at(new Date('2025-07-01T08:00:00+07:00'));
    expect(old.code).toBe('nd61-2018');
    expect(now.code).toBe('nd118-2025');
    expect(old.rules).toMatchObject({
      closeUnsupplementedAfterDays: null,
      appraisalSupplementRestartsClock: false,
      earlyReturnNoticeRequired: false,
      receptionAcrossBoundaries: false,
    });
    expect(now.rules).toEqual({
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
    });
    expect(old.forms.map((f) => `${f.number} ${f.kind}`)).toEqual([
      '01 receipt',
      '02 supplement_request',
      '03 refusal',
      '04 apology',
      '05 control_sheet',
      '06 register',
    ]);
    expect(now.forms.map((f) => `${f.number} ${f.kind}`)).toEqual([
      '01 receipt',
      '02 supplement_request',
      '03 refusal',
      '04 apology',
      '05 stop_notice',
      '06 control_sheet',
      '07 register',
      'null transfer_slip',
    ]);
    expect(formOf(now, 'apology')?.title).toBe('Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết');
  });

  it('takes a correction of the data without code: a changed number is what the next reading gives', async () => {
    await ds.query(
      `UPDATE legal_regime SET rules = jsonb_set(rules, '{closeUnsupplementedAfterDays}', '20') WHERE code = 'nd118-2025'`,
    );
    expect((await service.at(new Date())).rules.closeUnsupplementedAfterDays).toBe(20);
    await ds.query(
      `UPDATE legal_regime SET rules = jsonb_set(rules, '{closeUnsupplementedAfterDays}', '"x"') WHERE code = 'nd118-2025'`,
    );
    await expect(service.at(new Date())).rejects.toThrow(
      'legal_regime nd118-2025: rules.closeUnsupplementedAfterDays is not a whole number or null',
    );
  });
});

import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { DomainError } from '@app/observability';
import { createTestDatabase, TestDatabase, nth, first } from '@app/testing';
import { DEMO_PROCEDURES, seedProcedures } from '@app/seed';
import { Procedure } from './procedure.entity';
import { ProcedureVersion } from './procedure-version.entity';
import { ProcedureService } from './procedure.service';

describe('ProcedureService on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: ProcedureService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, entities: [Procedure, ProcedureVersion] });
    await ds.initialize();
    service = new ProcedureService(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const snapshot = () =>
    ds.query(`SELECT p.code, p.updated_at, v.* FROM procedure p JOIN procedure_version v ON v.procedure_id = p.id
               ORDER BY p.code, v.version`);

  it('seeds the real procedures once as published version 1 from 2025-01-01, and changes nothing the second time', async () => {
    expect(await seedProcedures(ds)).toBe(DEMO_PROCEDURES.length);
    const before = JSON.stringify(await snapshot());
    expect(await seedProcedures(ds)).toBe(0);
    expect(JSON.stringify(await snapshot())).toBe(before);

    const list = await service.listEffective({ at: '2025-06-01' });
    expect(list.map((p) => p.code).sort()).toEqual(DEMO_PROCEDURES.map((p) => p.code).sort());
    expect(await service.listEffective({ at: '2024-12-31' })).toEqual([]);
    const birth = await service.findEffective('1.001193', '2025-01-01');
    expect(birth).toMatchObject({ version: 1, status: 'published', effectiveFrom: '2025-01-01', effectiveTo: null });
    expect(birth?.channels).toEqual([1, 2, 3]);
    expect(birth?.formSchema.fields.map((f) => f.key)).toContain('motherCccd');
    expect((await service.listEffective({ at: '2025-06-01', field: 'Cư trú' })).map((p) => p.code)).toEqual([
      '1.004222',
    ]);
    expect((await service.listEffective({ at: '2025-06-01', q: 'khai TỬ' })).map((p) => p.code).sort()).toEqual([
      '1.000656',
      'LT.KT-XTT-MTP',
    ]);
  });

  it('searches in PostgreSQL ignoring diacritics and case, ranked by relevance, typos forgiven', async () => {
    const codes = async (q: string) => (await service.listEffective({ at: '2025-06-01', q })).map((p) => p.code);
    expect(await codes('hon nhan')).toEqual(['1.004873']);
    expect(await codes('HÔN NHÂN')).toEqual(['1.004873']);
    expect(await codes('nhan hon')).toEqual(['1.004873']); // every word, in any order
    // The short name that is exactly what was asked ranks before the joint procedure that merely contains it.
    expect((await codes('khai sinh')).slice(0, 2)).toEqual(['1.001193', 'LT.KS-TT-BHYT']);
    expect((await codes('dang ky thuong tru'))[0]).toBe('1.004222');
    expect(await codes('1.004873')).toEqual(['1.004873']);
    expect(await codes('chung thuc ban sao')).toEqual(['2.000815']);
    expect(await codes('chứng thưc')).toEqual(['2.000815']); // a missing accent mark
    expect((await codes('chung thuk'))[0]).toBe('2.000815'); // a typo, when nothing has every word
    expect(await codes('ket hôn')).toContain('1.000894');
    expect(await codes('100%_\\')).toEqual([]); // LIKE wildcards are matched literally
    expect(await codes('hộ kinh doanh')).toEqual(['1.001612']);
  });

  it('publishes a new version: the previous range closes the day before, lookups switch on the boundary', async () => {
    const draft = await service.createDraft(
      '1.004873',
      { timeLimit: { unit: 'working_days', amount: 2, note: 'Rút ngắn còn 02 ngày làm việc' } },
      'quantri',
    );
    expect(draft).toMatchObject({ version: 2, status: 'draft', effectiveFrom: null });
    expect(draft.fees).toEqual(DEMO_PROCEDURES.find((p) => p.code === '1.004873')?.content.fees);

    await expect(service.publish('1.004873', 2, '2025-01-01', 'quantri')).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'effectiveFrom' }] },
    });
    const published = await service.publish('1.004873', 2, '2025-07-01', 'quantri');
    expect(published).toMatchObject({ status: 'published', effectiveFrom: '2025-07-01', effectiveTo: null });

    const versions = await service.listVersions('1.004873');
    expect(versions.map((v) => [v.version, v.status, v.effectiveFrom, v.effectiveTo])).toEqual([
      [1, 'published', '2025-01-01', '2025-06-30'],
      [2, 'published', '2025-07-01', null],
    ]);
    expect((await service.findEffective('1.004873', '2025-06-30'))?.version).toBe(1);
    expect((await service.findEffective('1.004873', '2025-07-01'))?.version).toBe(2);
    expect((await service.findEffective('1.004873', '2025-06-30'))?.timeLimit.amount).toBe(3);
    expect((await service.findEffective('1.004873', '2030-01-01'))?.timeLimit.amount).toBe(2);
    expect(await service.findEffective('1.004873', '2024-12-31')).toBeNull();
  });

  it('rejects a second published version overlapping another in the database itself', async () => {
    const { id } = first(await ds.query<Array<{ id: string }>>(`SELECT id FROM procedure WHERE code = '1.000894'`));
    await expect(
      ds.query(
        `INSERT INTO procedure_version (procedure_id, version, status, effective_from, implementing_agency,
           time_limit_unit, time_limit_amount, channels, online_level, applicant_types, published_at)
         VALUES ($1, 2, 'published', '2025-03-01', 'UBND cấp xã', 'working_days', 0, '{1}', 'none', '{individual}', now())`,
        [id],
      ),
    ).rejects.toThrow(/procedure_version_effective_overlap_ex/);
    // A draft has no range yet and never conflicts.
    await service.createDraft('1.000894', {}, 'quantri');
    expect((await service.listVersions('1.000894')).map((v) => v.status)).toEqual(['published', 'draft']);
  });

  it('refuses to change or delete a published version, through the service and in the database', async () => {
    await expect(service.updateDraft('1.001193', 1, { implementingAgency: 'UBND cấp huyện' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      ds.query(`UPDATE procedure_version v SET time_limit_amount = 5 FROM procedure p
                 WHERE p.id = v.procedure_id AND p.code = '1.001193' AND v.version = 1`),
    ).rejects.toThrow(/procedure_version_immutable/);
    await expect(
      ds.query(`DELETE FROM procedure_version v USING procedure p
                 WHERE p.id = v.procedure_id AND p.code = '1.001193' AND v.version = 1`),
    ).rejects.toThrow(/procedure_version_immutable/);
    // Closing the open range once is the one change allowed; reopening it is not.
    await ds.query(`UPDATE procedure_version v SET effective_to = '2030-12-31' FROM procedure p
                     WHERE p.id = v.procedure_id AND p.code = '1.001193' AND v.version = 1`);
    await expect(
      ds.query(`UPDATE procedure_version v SET effective_to = NULL FROM procedure p
                 WHERE p.id = v.procedure_id AND p.code = '1.001193' AND v.version = 1`),
    ).rejects.toThrow(/procedure_version_immutable/);
    expect((await service.findEffective('1.001193', '2025-02-01'))?.timeLimit.amount).toBe(0);
  });

  it('validates a draft update as a whole, names the field and writes nothing on error', async () => {
    const { version } = await service.createDraft('2.000815', {}, 'quantri');
    const bad = service.updateDraft('2.000815', version, {
      channels: [1, 2],
      formSchema: {
        fields: [
          { key: 'a', label: { vi: 'A', en: 'A' }, type: 'text' },
          { key: 'a', label: { vi: 'B', en: 'B' }, type: 'text' },
        ],
      },
    });
    await expect(bad).rejects.toBeInstanceOf(DomainError);
    const err = (await bad.catch((e: unknown) => e)) as DomainError;
    expect(err.details.errors?.map((e) => e.field)).toEqual(['onlineLevel', 'formSchema.fields[1].key']);
    const unchanged = await service.getVersion('2.000815', version);
    expect(unchanged.channels).toEqual([1]);

    const ok = await service.updateDraft('2.000815', version, { channels: [1, 2], onlineLevel: 'partial' });
    expect(ok).toMatchObject({ status: 'draft', channels: [1, 2], onlineLevel: 'partial' });
    await expect(service.createDraft('2.000815', {}, 'quantri')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('creates a procedure whose first draft must be complete, and refuses a duplicate code', async () => {
    await service.createProcedure({ code: '1.000001', name: 'Thủ tục thử', field: 'Hộ tịch' });
    await expect(service.createProcedure({ code: '1.000001', name: 'Trùng', field: 'Hộ tịch' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(service.createDraft('1.000001', {}, 'quantri')).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await service.listVersions('1.000001')).toEqual([]);
    const content = nth(DEMO_PROCEDURES, 4).content;
    const draft = await service.createDraft('1.000001', content, 'quantri');
    expect(draft.version).toBe(1);
    await service.publish('1.000001', 1, '2026-01-01', 'quantri');
    expect(await service.findEffective('1.000001', '2025-12-31')).toBeNull();
    expect((await service.findEffective('1.000001', '2026-01-01'))?.status).toBe('published');
  });
});

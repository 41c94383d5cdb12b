import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { DomainError } from '@app/observability';
import { Agency } from './agency.entity';
import { DEMO_AGENCIES } from '@app/seed';
import { AgencyService, agencyHeadingOn } from './agency.service';

describe('AgencyService on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: AgencyService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, entities: [Agency] });
    await ds.initialize();
    service = new AgencyService(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('loads the demo directory once, with its hierarchy, and changes nothing the second time', async () => {
    expect(await service.upsertDirectory(DEMO_AGENCIES)).toBe(DEMO_AGENCIES.length);
    expect(await service.upsertDirectory(DEMO_AGENCIES)).toBe(0);
    const list = await service.listActive();
    expect(list.map((a) => a.code)).toEqual(
      DEMO_AGENCIES.filter((a) => a.active !== false)
        .map((a) => a.code)
        .sort(),
    );
    // Two tiers since 01/07/2025: the wards stand directly under the province-level city; the district is gone.
    expect(list.find((a) => a.code === '000.17.22.H56')?.parentCode).toBe('000.00.00.H56');
    expect(list.find((a) => a.code === '000.20.22.H56')?.parentCode).toBe('000.00.00.H56');
    expect(list.some((a) => a.level === 'district')).toBe(false);
  });

  it('refuses a seed whose parent is unknown and writes nothing of it', async () => {
    await expect(
      service.upsertDirectory([
        { code: '000.99.99.H56', name: 'A', shortName: 'A', level: 'commune', kind: 'other', parentCode: null },
        {
          code: '000.98.99.H56',
          name: 'B',
          shortName: 'B',
          level: 'commune',
          kind: 'other',
          parentCode: '999.99.99.X00',
        },
      ]),
    ).rejects.toThrow(/parent 999\.99\.99\.X00 is not in the directory/);
    expect(await service.findByCode('000.99.99.H56')).toBeNull();
  });

  it('creates an agency under an existing parent', async () => {
    const created = await service.create({
      code: '000.21.22.H56',
      name: 'Ủy ban nhân dân phường Hương An',
      level: 'commune',
      kind: 'people_committee',
      parentCode: '000.00.00.H56',
    });
    expect(created.parentCode).toBe('000.00.00.H56');
    expect((await service.findByCode('000.21.22.H56'))?.name).toBe('Ủy ban nhân dân phường Hương An');
  });

  it('answers a duplicate electronic ID with a conflict and an unknown parent with a field error', async () => {
    const dup = service.create({ code: '000.17.22.H56', name: 'Trùng mã', level: 'commune', kind: 'other' });
    await expect(dup).rejects.toBeInstanceOf(DomainError);
    await expect(dup).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      service.create({
        code: '000.19.17.H56',
        name: 'Không có cha',
        level: 'commune',
        kind: 'other',
        parentCode: '000.77.77.H56',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { errors: [{ field: 'parentCode' }] } });
    expect(await service.findByCode('000.19.17.H56')).toBeNull();
  });

  it('is guarded by the database too: malformed codes and self-parenting are rejected by constraints', async () => {
    await expect(
      ds.query(`INSERT INTO agency (code, name, level, kind) VALUES ('bad code', 'X', 'commune', 'other')`),
    ).rejects.toThrow(/agency_code_format_ck/);
    await expect(ds.query(`UPDATE agency SET parent_id = id WHERE code = '000.17.22.H56'`)).rejects.toThrow(
      /agency_parent_not_self_ck/,
    );
  });

  it('keeps the 2025 merger: the ward’s earlier name by date, the ceased wards with their successor', async () => {
    await service.upsertDirectory(DEMO_AGENCIES);
    const ward = await service.findByCode('000.17.22.H56');
    expect(ward?.name).toBe('Ủy ban nhân dân phường Thủy Xuân');
    expect((await service.nameOn(ward?.id ?? '', '2025-06-30')).name).toBe('Ủy ban nhân dân phường Thủy Biều');
    expect((await service.nameOn(ward?.id ?? '', '2025-07-01')).name).toBe('Ủy ban nhân dân phường Thủy Xuân');
    expect((await service.nameOn(ward?.id ?? '', '2019-01-01')).name).toBe('Ủy ban nhân dân phường Thủy Biều');
    const ceased = await ds.query<Array<{ code: string; active: boolean; valid_to: string; successor: string }>>(
      `SELECT a.code, a.active, a.valid_to::text, s.code AS successor, a.admin_unit_code
         FROM agency a JOIN agency s ON s.id = a.successor_id ORDER BY a.code`,
    );
    expect(ceased).toEqual([
      {
        code: '000.18.22.H56',
        active: false,
        valid_to: '2025-06-30',
        successor: '000.17.22.H56',
        admin_unit_code: '19813',
      },
      {
        code: '000.19.22.H56',
        active: false,
        valid_to: '2025-06-30',
        successor: '000.17.22.H56',
        admin_unit_code: '19981',
      },
    ]);
    // The new ward reuses the old Thủy Xuân's unit code: codes are told apart by their period.
    expect(ward?.id).toBeDefined();
    const [unit] = await ds.query<Array<{ admin_unit_code: string; valid_from: string }>>(
      `SELECT admin_unit_code, valid_from::text FROM agency WHERE code = '000.17.22.H56'`,
    );
    expect(unit).toEqual({ admin_unit_code: '19813', valid_from: '2025-07-01' });
    await expect(
      ds.query(`UPDATE agency SET successor_id = id, valid_to = '2025-06-30' WHERE code = '000.18.22.H56'`),
    ).rejects.toThrow(/agency_successor_ck/);
    await expect(
      ds.query(
        `UPDATE agency SET successor_id = (SELECT id FROM agency WHERE code = '000.17.22.H56') WHERE code = '000.40.17.H56'`,
      ),
    ).rejects.toThrow(/agency_successor_ck/);
  });

  it('heads a paper with the names of the day: ward, district or province, and the city before and after 2025', async () => {
    await service.upsertDirectory(DEMO_AGENCIES);
    const id = async (code: string) => (await service.findByCode(code))?.id ?? '';
    const heading = async (code: string, day: string) => agencyHeadingOn(ds.manager, await id(code), day);
    // Thủy Biều under the district-level city until 31/12/2024, under quận Thuận Hóa for the first half of 2025,
    // then the merged phường Thủy Xuân directly under the province-level city.
    expect(await heading('000.17.22.H56', '2024-12-31')).toEqual({
      name: 'Ủy ban nhân dân phường Thủy Biều',
      shortName: 'UBND phường Thủy Biều',
      parentName: 'Ủy ban nhân dân thành phố Huế',
    });
    expect((await heading('000.17.22.H56', '2025-01-01'))?.parentName).toBe('Ủy ban nhân dân quận Thuận Hóa');
    expect((await heading('000.17.22.H56', '2025-06-30'))?.parentName).toBe('Ủy ban nhân dân quận Thuận Hóa');
    expect(await heading('000.17.22.H56', '2025-07-01')).toEqual({
      name: 'Ủy ban nhân dân phường Thủy Xuân',
      shortName: 'UBND phường Thủy Xuân',
      parentName: 'Ủy ban nhân dân thành phố Huế',
    });
    expect((await heading('000.20.22.H56', '2025-03-01'))?.parentName).toBe('Ủy ban nhân dân quận Phú Xuân');
    // Thủy Bằng was a commune (xã) until the city's wards were reorganised on 01/01/2025.
    expect((await heading('000.19.22.H56', '2024-06-01'))?.name).toBe('Ủy ban nhân dân xã Thủy Bằng');
    expect((await heading('000.19.22.H56', '2025-06-01'))?.name).toBe('Ủy ban nhân dân phường Thủy Bằng');
    // The province itself: tỉnh Thừa Thiên Huế until 31/12/2024, thành phố Huế from 01/01/2025.
    expect((await heading('000.00.00.H56', '2024-12-31'))?.name).toBe('Ủy ban nhân dân tỉnh Thừa Thiên Huế');
    expect((await heading('000.00.00.H56', '2025-01-01'))?.name).toBe('Ủy ban nhân dân thành phố Huế');
    // An agency whose period names no parent stands under its current parent, as that parent was called then.
    expect((await heading('000.40.17.H56', '2024-06-01'))?.parentName).toBe('Ủy ban nhân dân tỉnh Thừa Thiên Huế');
    expect(await agencyHeadingOn(ds.manager, '00000000-0000-0000-0000-000000000000', '2025-07-01')).toBeNull();
    const [district] = await ds.query<Array<{ active: boolean; valid_to: string }>>(
      `SELECT active, valid_to::text FROM agency WHERE code = '000.00.17.H56'`,
    );
    expect(district).toEqual({ active: false, valid_to: '2024-12-31' });
  });

  it('names the agency answering for a ceased one: its successor, to the end of a chain of mergers', async () => {
    await service.upsertDirectory(DEMO_AGENCIES);
    const answering = async (code: string) =>
      (
        await ds.query<Array<{ code: string }>>(
          `SELECT s.code FROM agency a JOIN agency s ON s.id = agency_answering(a.id) WHERE a.code = $1`,
          [code],
        )
      )[0]?.code;
    expect(await answering('000.19.22.H56')).toBe('000.17.22.H56');
    expect(await answering('000.17.22.H56')).toBe('000.17.22.H56');
    // Merged twice: a unit that succeeded another and ceased later hands everything on to its own successor.
    await ds.query(
      `INSERT INTO agency (code, name, level, kind, valid_to, successor_id)
       VALUES ('000.90.22.H56', 'Ủy ban nhân dân xã Cũ', 'commune', 'people_committee', '2019-12-31',
               (SELECT id FROM agency WHERE code = '000.19.22.H56'))`,
    );
    expect(await answering('000.90.22.H56')).toBe('000.17.22.H56');
  });
});

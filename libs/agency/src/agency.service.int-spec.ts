import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { DomainError } from '@app/observability';
import { Agency } from './agency.entity';
import { DEMO_AGENCIES } from '@app/seed';
import { AgencyService } from './agency.service';

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
    expect(list.find((a) => a.code === '000.17.22.H56')?.parentCode).toBe('000.00.17.H56');
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
      code: '000.18.17.H56',
      name: 'Ủy ban nhân dân phường Kim Long',
      level: 'commune',
      kind: 'people_committee',
      parentCode: '000.00.17.H56',
    });
    expect(created.parentCode).toBe('000.00.17.H56');
    expect((await service.findByCode('000.18.17.H56'))?.name).toBe('Ủy ban nhân dân phường Kim Long');
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
});

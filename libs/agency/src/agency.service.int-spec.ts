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
    expect(list.map((a) => a.code)).toEqual(DEMO_AGENCIES.map((a) => a.code).sort());
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
});

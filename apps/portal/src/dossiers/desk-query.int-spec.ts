import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { createDataSource } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { containsPattern, DESK_SEARCH_SQL, DeskQueryService, deskSearchTerm } from './desk-query.service';

const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';

const clerk: Principal = {
  subject: 'clerk-subject',
  kind: 'user',
  username: 'tiepnhan',
  name: 'Lê Thị Hoa',
  email: null,
  roles: ['clerk'],
  agency: WARD,
  agencyName: null,
  clientId: 'portal-web',
};

describe('the desk search on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let desk: DeskQueryService;
  const ids: Record<string, string> = {};

  async function dossier(
    key: string,
    agency: string,
    fields: { code?: string; status: string; owner?: string; name: string; idNumber?: string },
  ): Promise<void> {
    const [row] = await ds.query<Array<{ id: string }>>(
      `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, owner_subject, applicant, lookup_key,
                            submitted_at, received_at, created_by_subject)
       SELECT $1::varchar, $2::varchar, 1, a.id, v.id, $3::varchar, jsonb_build_object('fullName', $4::text, 'idNumber', $5::text), $6,
              CASE WHEN $2::varchar = 'draft' THEN NULL ELSE now() END, CASE WHEN $1::varchar IS NULL THEN NULL ELSE now() END, 'test'
         FROM agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $7 AND p.code = '1.004873' AND v.status = 'published'
       RETURNING id`,
      [
        fields.code ?? null,
        fields.status,
        fields.owner ?? null,
        fields.name,
        fields.idNumber ?? null,
        randomBytes(4).toString('hex').toUpperCase(),
        agency,
      ],
    );
    ids[key] = row?.id ?? '';
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedProcedures(ds);
    desk = new DeskQueryService(ds);
    await dossier('an', WARD, {
      code: `${WARD}-250407-0001`,
      status: 'received',
      name: 'Nguyễn Văn An',
      idNumber: '046090001234',
    });
    await dossier('dao', WARD, { status: 'submitted', name: 'Trần Thị Đào', idNumber: '046090009999' });
    await dossier('percent', WARD, { code: `${WARD}-250407-0002`, status: 'received', name: 'Lê Bình' });
    // Not the desk's: another agency's dossier, and a citizen's private draft.
    await dossier('police', POLICE, { code: `${POLICE}-250407-0001`, status: 'received', name: 'Nguyễn Văn An' });
    await dossier('draft', WARD, { status: 'draft', owner: 'citizen-subject', name: 'Nguyễn Văn An' });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const found = async (term: string) => (await desk.search(clerk, term)).map((d) => d.id).sort();

  it('finds by the applicant’s name with or without diacritics, in any case', async () => {
    expect(await found('nguyen van an')).toEqual([ids.an]);
    expect(await found('NGUYỄN VĂN')).toEqual([ids.an]);
    expect(await found('dao')).toEqual([ids.dao]);
    expect(await found('Đào')).toEqual([ids.dao]);
  });

  it('finds by the code or part of it, and by the exact CCCD number', async () => {
    expect(await found(`${WARD}-250407-0001`)).toEqual([ids.an]);
    expect(await found('250407')).toEqual([ids.an, ids.percent].sort());
    expect(await found('046090009999')).toEqual([ids.dao]);
    expect(await found('0460900')).toEqual([]);
  });

  it('takes LIKE wildcards literally and never shows another agency’s dossiers or a citizen’s draft', async () => {
    expect(await found('%%')).toEqual([]);
    expect(await found('__')).toEqual([]);
    expect(containsPattern('5%_\\')).toBe('%5\\%\\_\\\\%');
    const rows = await desk.search(clerk, 'an');
    expect(rows.map((d) => d.id)).not.toContain(ids.police);
    expect(rows.map((d) => d.id)).not.toContain(ids.draft);
  });

  it('tidies what was typed and refuses what is too short or too long', () => {
    expect(deskSearchTerm('  Nguyễn   Văn  ')).toBe('Nguyễn Văn');
    expect(deskSearchTerm(' a ')).toBeNull();
    expect(deskSearchTerm('x'.repeat(101))).toBeNull();
    expect(deskSearchTerm(['ab'])).toBeNull();
  });

  it('uses the trigram and CCCD indexes rather than reading every dossier', async () => {
    // A ward with twenty thousand dossiers (none of which matches), as the desk's would be after a year.
    await ds.query(
      `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, applicant, lookup_key, submitted_at,
                            received_at, created_by_subject)
       SELECT $1 || '-240101-' || lpad(n::text, 5, '0'), 'received', 1, a.id, v.id,
              jsonb_build_object('fullName', 'Phạm Thị Mỹ ' || n, 'idNumber', '0010' || lpad(n::text, 8, '0')),
              'K' || lpad(n::text, 7, '0'), now(), now(), 'test'
         FROM generate_series(1, 20000) n, agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $1 AND p.code = '1.004873' AND v.status = 'published'`,
      [WARD],
    );
    await ds.query('ANALYZE dossier');
    const plan = await ds.transaction(async (m) => {
      const rows = await m.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${DESK_SEARCH_SQL}`, [
        WARD,
        containsPattern('nguyen'),
        'nguyen',
      ]);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('dossier_applicant_name_trgm_idx');
    expect(plan).toContain('dossier_code_trgm_idx');
    expect(plan).toContain('dossier_applicant_id_number_idx');
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { createTestDatabase, fillForm, PNG_BYTES, publishedProcedure, TestDatabase } from '@app/testing';
import { CalendarDeadlines } from '../calendar-deadlines';
import { DossierService } from '../dossier.service';
import { DossierDraftService } from './dossier-draft.service';
import { DossierFileService } from './dossier-file.service';
import { LocalFileStore } from './local-file.store';
import { DEFAULT_UPLOAD_LIMITS } from './upload-policy';
import { RegimeService } from '@app/regimes';

const citizen = (subject: string): Principal => ({
  subject,
  kind: 'user',
  username: subject,
  name: 'Nguyễn Văn An',
  email: null,
  roles: ['citizen'],
  agency: null,
  agencyName: null,
  clientId: 'portal-web',
});

describe('DossierDraftService on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dir: string;
  let store: LocalFileStore;
  let dossiers: DossierService;
  let files: DossierFileService;
  let drafts: DossierDraftService;
  let formData: Record<string, unknown>;
  const owner = citizen('owner-subject');
  const other = citizen('other-subject');

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    dir = await mkdtemp(join(tmpdir(), 'motcua-drafts-'));
    store = new LocalFileStore(dir);
    dossiers = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
    files = new DossierFileService(ds, dossiers, store, DEFAULT_UPLOAD_LIMITS);
    drafts = new DossierDraftService(ds, store);
    formData = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const open = (who: Principal) =>
    dossiers.open(who, {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 2,
      applicant: { fullName: 'Nguyễn Văn An', idNumber: null, phone: null, email: null, address: null },
      formData,
    });
  const count = async (sql: string, params: unknown[]) =>
    (await ds.query<Array<{ n: number }>>(sql, params))[0]?.n ?? -1;

  it('names a draft, and only its owner may', async () => {
    const row = await open(owner);
    await drafts.rename(owner, row.id, '  Xác nhận   hôn nhân cho hồ sơ vay  ');
    expect((await drafts.titles(owner)).get(row.id)).toBe('Xác nhận hôn nhân cho hồ sơ vay');
    await expect(drafts.rename(other, row.id, 'Của tôi')).rejects.toMatchObject({ code: 'not_found' });
    await expect(drafts.rename(owner, row.id, 'x'.repeat(121))).rejects.toMatchObject({ code: 'validation_failed' });
    await drafts.rename(owner, row.id, '');
    expect((await drafts.titles(owner)).has(row.id)).toBe(false);
  });

  it('deletes a draft with its files, trail entry and blobs, keeping a blob another dossier still uses', async () => {
    const unique = Buffer.concat([PNG_BYTES, Buffer.from('draft-only')]);
    const shared = Buffer.concat([PNG_BYTES, Buffer.from('shared-with-another-dossier')]);
    const row = await open(owner);
    const keep = await open(other);
    const [mine] = await files.upload(owner, row.id, 'application', 'doc-1', [
      { originalName: 'a.png', content: unique },
    ]);
    await files.upload(owner, row.id, 'application', 'doc-2', [{ originalName: 'b.png', content: shared }]);
    await files.upload(other, keep.id, 'application', 'doc-1', [{ originalName: 'c.png', content: shared }]);
    const hashes = await ds.query<Array<{ sha256: string }>>(
      `SELECT sha256 FROM dossier_file WHERE dossier_id = $1 ORDER BY file_name`,
      [row.id],
    );
    expect(mine).toBeDefined();

    // Someone else cannot delete it, nor can the owner skip past a foreign id.
    await expect(drafts.discard(other, row.id)).rejects.toMatchObject({ code: 'not_found' });

    await drafts.discard(owner, row.id);
    expect(await count(`SELECT count(*)::int AS n FROM dossier WHERE id = $1`, [row.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM dossier_file WHERE dossier_id = $1`, [row.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM dossier_event WHERE dossier_id = $1`, [row.id])).toBe(0);
    expect(await store.has(hashes[0]?.sha256 ?? '')).toBe(false);
    expect(await store.has(hashes[1]?.sha256 ?? '')).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM dossier_file WHERE dossier_id = $1`, [keep.id])).toBe(1);
  });

  it('refuses to delete a dossier once submitted, and its trail stays append-only', async () => {
    const row = await open(owner);
    await files.upload(owner, row.id, 'application', 'doc-1', [{ originalName: 'a.png', content: PNG_BYTES }]);
    await dossiers.act(owner, row.id, 'submit');
    await expect(drafts.discard(owner, row.id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(ds.query(`DELETE FROM dossier_event WHERE dossier_id = $1`, [row.id])).rejects.toThrow(/append-only/);
    expect(await count(`SELECT count(*)::int AS n FROM dossier_event WHERE dossier_id = $1`, [row.id])).toBe(2);
  });

  it('keeps the trail of a desk draft append-only (only a citizen’s own draft can be deleted)', async () => {
    const clerk: Principal = {
      ...citizen('clerk-subject'),
      roles: ['clerk'],
      agency: '000.17.22.H56',
      agencyName: 'Ủy ban nhân dân phường Thủy Biều',
    };
    const row = await dossiers.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 1,
      applicant: { fullName: 'Trần Thị Bình', idNumber: null, phone: null, email: null, address: null },
      formData,
    });
    await expect(ds.query(`DELETE FROM dossier_event WHERE dossier_id = $1`, [row.id])).rejects.toThrow(/append-only/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal, Role } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { DomainError } from '@app/observability';
import { RegimeService } from '@app/regimes';
import { createTestDatabase, fillForm, publishedProcedure, TestDatabase } from '@app/testing';
import { CalendarDeadlines } from './calendar-deadlines';
import { DossierQueryService } from './dossier-query.service';
import { DossierService, OpenDossierInput } from './dossier.service';
import { DossierFileService } from './files/dossier-file.service';
import { LocalFileStore } from './files/local-file.store';

const DESK = '000.17.22.H56'; // phường Thủy Xuân, where the applicant walks in
const DECIDING = '000.20.22.H56'; // another ward of the province, competent for the applicant
const ELSEWHERE = '000.17.22.H46'; // a ward of another province
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const at = (local: string) => new Date(`${local}+07:00`);

function staff(subject: string, role: Role, agency: string): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name: subject,
    email: null,
    roles: [role],
    agency,
    agencyName: null,
    clientId: 'portal-web',
  };
}

const clerk = staff('clerk-desk', 'clerk', DESK);
const leaderAtDesk = staff('leader-desk', 'leader', DESK);
const clerkThere = staff('clerk-there', 'clerk', DECIDING);
const leaderThere = staff('leader-there', 'leader', DECIDING);
const specialistThere = staff('specialist-there', 'specialist', DECIDING);

/** NĐ 118/2025 Điều 14 khoản 2, Điều 20 khoản 1, Điều 28: one commune's desk receives what another commune decides. */
describe('reception regardless of boundary, on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let filesDir: string;
  let now = at('2026-12-03T09:00:00');
  let service: DossierService;
  let files: DossierFileService;
  let queries: DossierQueryService;
  let formData: Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    const agencies = new AgencyService(ds);
    await agencies.upsertDirectory(DEMO_AGENCIES);
    // The demo directory has phường Kim Long (DECIDING); a ward of another province is added here.
    await agencies.create({
      code: ELSEWHERE,
      name: 'Ủy ban nhân dân phường Hải Châu',
      level: 'commune',
      kind: 'people_committee',
    });
    await ds.query(
      `INSERT INTO user_profile (subject, username, roles, agency_id)
       SELECT 'specialist-there', 'specialist-there', '{specialist}', id FROM agency WHERE code = $1`,
      [DECIDING],
    );
    await seedCalendar(ds);
    await seedProcedures(ds);
    filesDir = await mkdtemp(join(tmpdir(), 'motcua-boundary-'));
    service = new DossierService(
      ds,
      new CalendarDeadlines(new CalendarService(ds)),
      new RegimeService(ds),
      undefined,
      () => now,
    );
    files = new DossierFileService(ds, service, new LocalFileStore(filesDir), {
      maxFileBytes: 1024 * 1024,
      maxFilesPerDossier: 5,
    });
    queries = new DossierQueryService(ds, service);
    formData = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
    await rm(filesDir, { recursive: true, force: true });
  });

  const input = (over: Partial<OpenDossierInput> = {}): OpenDossierInput => ({
    procedureCode: '1.004873',
    agencyCode: DESK,
    decidingAgencyCode: DECIDING,
    channel: 1,
    applicant: {
      fullName: 'Lê Thị Hạnh',
      idNumber: '046190000888',
      phone: null,
      email: null,
      address: 'Kim Long, Huế',
    },
    formData,
    ...over,
  });

  async function refusal(p: Promise<unknown>): Promise<DomainError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
    return err;
  }

  it('receives at the desk under the deciding ward’s code, decides there, and returns the result at the desk', async () => {
    now = at('2026-12-03T09:00:00');
    const opened = await service.open(clerk, input());
    expect(opened.deciding_agency_code).toBe(DECIDING);
    await service.act(clerk, opened.id, 'submit');
    // Before reception the deciding ward does not see it, and cannot receive it in the desk's place.
    expect((await refusal(service.get(leaderThere, opened.id))).code).toBe('not_found');
    expect((await refusal(service.act(clerkThere, opened.id, 'receive'))).code).toBe('not_found');

    const received = await service.act(clerk, opened.id, 'receive');
    // Điều 28 khoản 2 điểm a: the code carries the electronic ID of the authority that decides it.
    expect(received.code).toBe(`${DECIDING}-261203-0001`);
    expect(received.agency_code).toBe(DESK);

    // From reception on, the e-dossier is the deciding ward's to work on (Điều 20 khoản 1); the desk does not decide.
    expect((await service.get(leaderThere, opened.id)).actor).toEqual({
      kind: 'staff',
      roles: ['leader'],
      side: 'deciding',
    });
    expect((await refusal(service.act(clerk, opened.id, 'assign', { assignee: 'specialist-there' }))).code).toBe(
      'forbidden',
    );
    await service.act(leaderThere, opened.id, 'assign', { assignee: 'specialist-there' });
    await files.upload(specialistThere, opened.id, 'result', null, [{ originalName: 'ket-qua.pdf', content: PDF }]);
    await service.act(specialistThere, opened.id, 'submit_for_approval');
    expect((await refusal(service.act(leaderAtDesk, opened.id, 'approve'))).code).toBe('forbidden');
    await service.act(leaderThere, opened.id, 'approve');

    // The result comes back to the desk that received it, which hands it over.
    expect((await refusal(service.act(clerkThere, opened.id, 'return_result'))).code).toBe('forbidden');
    // Early, so the desk first tells the applicant (Điều 22 khoản 5) — its own step, not the deciding ward's.
    const told = { reason: 'Gọi điện báo cho công dân lúc 10:00' };
    expect((await refusal(service.act(leaderThere, opened.id, 'notify_early_return', told))).code).toBe('forbidden');
    await service.act(clerk, opened.id, 'notify_early_return', told);
    const returned = await service.act(clerk, opened.id, 'return_result', { returnChannel: 1 });
    expect(returned.status).toBe('returned');

    // Both sides find it in their lists; another agency does not.
    expect((await queries.listQueue(leaderThere, 'returned')).map((d) => d.id)).toContain(opened.id);
    expect((await queries.listQueue(clerk, 'returned')).map((d) => d.id)).toContain(opened.id);
    const stranger = staff('clerk-far', 'clerk', ELSEWHERE);
    expect((await queries.listQueue(stranger, 'returned')).map((d) => d.id)).not.toContain(opened.id);
    expect((await refusal(service.get(stranger, opened.id))).code).toBe('not_found');
  });

  it('refuses a deciding authority outside the province, one that does not decide the procedure, and online', async () => {
    now = at('2026-12-03T10:00:00');
    const fields = async (p: Promise<unknown>) => (await refusal(p)).details.errors?.map((e) => e.field);
    expect(await fields(service.open(clerk, input({ decidingAgencyCode: ELSEWHERE })))).toEqual(['decidingAgencyCode']);
    // The ward police do not decide a civil-status procedure.
    expect(await fields(service.open(clerk, input({ decidingAgencyCode: '000.31.22.H56' })))).toEqual([
      'decidingAgencyCode',
    ]);
    expect(await fields(service.open(clerk, input({ decidingAgencyCode: '000.99.99.H56' })))).toEqual([
      'decidingAgencyCode',
    ]);
    const citizen: Principal = { ...staff('citizen-1', 'citizen', DESK), agency: null };
    expect(await fields(service.open(citizen, input({ channel: 2 })))).toEqual(['decidingAgencyCode']);
  });

  it('keeps reception at the deciding authority’s own desk under NĐ 61/2018 (before 01/07/2025)', async () => {
    now = at('2025-06-30T16:00:00');
    const err = await refusal(service.open(clerk, input()));
    expect(err.details.errors?.map((e) => e.field)).toEqual(['decidingAgencyCode']);
    expect(err.message).toContain('NĐ 61/2018');
  });

  it('lets the merged ward answer for a ceased ward’s dossiers while its papers keep the old unit', async () => {
    // Received at phường Thủy Bằng in June 2025; Thủy Bằng ceased on 30/06/2025 with Thủy Xuân (DESK) as successor.
    const CEASED = '000.19.22.H56';
    const clerkCeased = staff('clerk-bang', 'clerk', CEASED);
    now = at('2025-06-20T09:00:00');
    await ds.query(`UPDATE agency SET active = true WHERE code = $1`, [CEASED]); // as it was then
    const opened = await service.open(clerkCeased, input({ agencyCode: CEASED, decidingAgencyCode: undefined }));
    await service.act(clerkCeased, opened.id, 'submit');
    const received = await service.act(clerkCeased, opened.id, 'receive');
    expect(received.code).toBe(`${CEASED}-250620-0001`);
    await ds.query(`UPDATE agency SET active = false WHERE code = $1`, [CEASED]);

    now = at('2025-07-02T09:00:00');
    // The successor's staff find it in their queue and act on it as its own desk (no side: nobody else decides it).
    expect((await queries.listQueue(clerk, 'received')).map((d) => d.id)).toContain(opened.id);
    expect((await service.get(leaderAtDesk, opened.id)).actor).toEqual({ kind: 'staff', roles: ['leader'] });
    // Its specialists are the ones a ceased ward's dossier can be assigned to.
    await ds.query(
      `INSERT INTO user_profile (subject, username, roles, agency_id)
       SELECT 'specialist-desk', 'specialist-desk', '{specialist}', id FROM agency WHERE code = $1`,
      [DESK],
    );
    const assigned = await service.act(leaderAtDesk, opened.id, 'assign', { assignee: 'specialist-desk' });
    expect(assigned.assignee_subject).toBe('specialist-desk');
    // The dossier still belongs to the unit that received it (its papers name Thủy Bằng); another ward sees nothing.
    expect(assigned.agency_code).toBe(CEASED);
    expect((await refusal(service.get(leaderThere, opened.id))).code).toBe('not_found');
    expect((await queries.listQueue(clerkThere, 'received')).map((d) => d.id)).not.toContain(opened.id);
  });
});

import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { createTestDatabase, fillForm, publishedProcedure, TestDatabase, nth, first, last } from '@app/testing';
import { CalendarDeadlines } from './calendar-deadlines';
import { parseDossierCode } from './dossier-code';
import { DossierService } from './dossier.service';
import { RegimeService } from '@app/regimes';

const clerk: Principal = {
  subject: 'clerk-subject',
  kind: 'user',
  username: 'tiepnhan',
  name: 'Lê Thị Hoa',
  email: null,
  roles: ['clerk'],
  agency: '000.17.22.H56',
  agencyName: 'Ủy ban nhân dân phường Thủy Biều',
  clientId: 'portal-web',
};

describe('DossierService on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: DossierService;
  let formData: Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The 200-reception burst queues on one pool of 12: how long the last one waits for a connection depends on the
    // machine's speed, not on correctness, so the pool's wait is not what this file tests.
    ds = createDataSource({ url: db.url, poolSize: 12, connectionTimeoutMillis: 120_000 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    service = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
    formData = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function submittedDeskDossier(name: string): Promise<string> {
    const row = await service.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 1,
      applicant: { fullName: name, idNumber: null, phone: null, email: null, address: null },
      formData,
    });
    await service.act(clerk, row.id, 'submit');
    return row.id;
  }

  it('gives 200 concurrent receptions in one agency on one day 200 distinct, well-formed codes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(await submittedDeskDossier(`Công dân ${i}`));
    const received = await Promise.all(ids.map((id) => service.act(clerk, id, 'receive')));
    const codes = received.map((r) => r.code ?? '');
    expect(new Set(codes).size).toBe(200);
    const parsed = codes.map((c) => parseDossierCode(c));
    expect(parsed.every((p) => p?.agencyCode === '000.17.22.H56')).toBe(true);
    expect(new Set(parsed.map((p) => p?.yymmdd)).size).toBe(1);
    expect(parsed.map((p) => p?.sequence).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    const { n } = first(
      await ds.query<
        Array<{
          n: number;
        }>
      >(`SELECT count(*)::int AS n FROM dossier_event WHERE action = 'receive'`),
    );
    expect(n).toBe(200);
  });

  it('writes state, audit entry, appointment and outbox event together, or nothing', async () => {
    const id = await submittedDeskDossier('Trần Thị Bình');
    const before = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1`,
      [id],
    );
    const received = await service.act(clerk, id, 'receive');
    const events = await ds.query<
      Array<{
        event_type: string;
        payload: Record<string, unknown>;
      }>
    >(`SELECT event_type, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY created_at`, [id]);
    expect(events).toHaveLength(nth(before, 0).n + 1);
    expect(last(events).payload).toMatchObject({
      action: 'receive',
      from: 'submitted',
      to: 'received',
      nationalStatus: 2,
      code: received.code,
    });
    const appointments = await ds.query<
      Array<{
        kind: string;
        new_due_at: Date;
      }>
    >(`SELECT kind, new_due_at FROM appointment_change WHERE dossier_id = $1`, [id]);
    expect(appointments).toEqual([{ kind: 'reception', new_due_at: received.due_at }]);

    // A refused action leaves every table as it was.
    const counts = async () =>
      await ds.query<unknown[]>(
        `SELECT (SELECT count(*) FROM dossier_event WHERE dossier_id = $1)::int AS events,
                (SELECT count(*) FROM outbox_event WHERE aggregate_id = $1)::int AS outbox,
                (SELECT row_version FROM dossier WHERE id = $1) AS version`,
        [id],
      );
    const snapshot = await counts();
    await expect(service.act(clerk, id, 'approve')).rejects.toMatchObject({ code: 'action_not_available' });
    await expect(service.act(clerk, id, 'refuse', { reason: '' })).rejects.toMatchObject({
      code: 'action_not_available',
    });
    expect(await counts()).toEqual(snapshot);
  });

  it('tells a stale version from an action the status does not allow, and says what the action needs', async () => {
    const draft = await service.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 1,
      applicant: { fullName: 'Phan Văn Cường', idNumber: null, phone: null, email: null, address: null },
      formData,
    });
    // `receive` on a counter draft: not "changed by someone else", but "needs submitted; it is draft".
    const early = await service.act(clerk, draft.id, 'receive').catch((e: unknown) => e);
    expect(early).toMatchObject({
      code: 'action_not_available',
      details: { extensions: { action: 'receive', dossierStatus: 'draft', requiredStatus: ['submitted'] } },
    });
    expect((early as Error).message).toMatch(/submitted.*draft/);
    await service.act(clerk, draft.id, 'submit');
    // A stale version is the conflict, with the version to reload.
    const stale = await service.act(clerk, draft.id, 'receive', { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'conflict', details: { extensions: { currentVersion: 2 } } });
  });

  it('refuses to submit for approval without a result document, naming what is missing', async () => {
    await ds.query(
      `INSERT INTO user_profile (subject, username, roles, agency_id)
       SELECT 'spec-subject', 'chuyenvien', '{specialist}', id FROM agency WHERE code = '000.17.22.H56'
       ON CONFLICT DO NOTHING`,
    );
    const specialist: Principal = { ...clerk, subject: 'spec-subject', username: 'chuyenvien', roles: ['specialist'] };
    const other: Principal = { ...specialist, subject: 'other-spec', username: 'chuyenvien2' };
    const id = await submittedDeskDossier('Hồ Thị Dung');
    await service.act(clerk, id, 'receive');
    await service.act(clerk, id, 'assign', { assignee: 'spec-subject' });
    const refused = await service.act(specialist, id, 'submit_for_approval').catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'action_not_available',
      details: { extensions: { missing: 'result_document', dossierStatus: 'in_process' } },
    });
    const { row } = await service.get(specialist, id);
    expect(row.status).toBe('in_process');
    expect(await service.actionsFor(specialist, row, { kind: 'staff', roles: ['specialist'] })).not.toContain(
      'submit_for_approval',
    );
    await ds.query(
      `INSERT INTO dossier_file (dossier_id, purpose, document_code, file_name, media_type, size_bytes, sha256,
                                 uploaded_by_subject)
       VALUES ($1, 'result', NULL, 'ket-qua.pdf', 'application/pdf', 4, repeat('a', 64), 'spec-subject')`,
      [id],
    );
    // Specialist actions belong to the assigned specialist.
    await expect(service.act(other, id, 'submit_for_approval')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await service.act(specialist, id, 'submit_for_approval')).status).toBe('awaiting_approval');
  });

  it('records exactly the papers received: those the clerk names, else the required ones, never an optional paper', async () => {
    const receivedDocs = async (id: string) =>
      (
        await ds.query<Array<{ data: { documents: Array<{ key: string; name: string; kind: string }> } }>>(
          `SELECT data FROM dossier_event WHERE dossier_id = $1 AND action = 'receive'`,
          [id],
        )
      )[0]?.data.documents;
    const plain = await submittedDeskDossier('Võ Thị Em');
    await service.act(clerk, plain, 'receive');
    const defaults = (await receivedDocs(plain)) ?? [];
    expect(defaults.length).toBeGreaterThan(0);
    expect(defaults.map((d) => d.name).join(' ')).not.toMatch(/nếu có|ly hôn/i);

    const named = await submittedDeskDossier('Đặng Văn Phúc');
    const bad = await service
      .act(clerk, named, 'receive', { documents: [{ key: 'doc-99', kind: 'original', count: 1 }] })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'validation_failed', details: { errors: [{ field: 'documents[0].key' }] } });
    expect((await service.get(clerk, named)).row.code).toBeNull();
    await service.act(clerk, named, 'receive', { documents: [{ key: 'doc-1', kind: 'copy', count: 2 }] });
    expect(await receivedDocs(named)).toEqual([expect.objectContaining({ key: 'doc-1', kind: 'copy', count: 2 })]);
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await expect(
      ds.query(`UPDATE dossier_event SET reason = 'sửa' WHERE id = (SELECT min(id) FROM dossier_event)`),
    ).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM dossier_event`)).rejects.toThrow(/append-only/);
  });
});

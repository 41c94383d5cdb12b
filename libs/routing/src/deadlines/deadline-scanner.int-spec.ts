import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { AgencyService } from '@app/agency';
import { createDataSource } from '@app/database';
import { createTestDatabase, publishedProcedure, TestDatabase, first, nth } from '@app/testing';
import { DeadlineScanner, ScanResult } from './deadline-scanner.service';
import { RegimeService } from '@app/regimes';

const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';
const BHXH = '000.40.17.H56';
const HOUR = 3600_000;
const WINDOW = 24 * HOUR;
/** Each test works around its own moment, years apart and earliest last, so rows of another test never come due. */
const YEAR = 365 * 24 * HOUR;
const SPECIALIST = 'chuyenvien-subject';

const NONE: ScanResult = {
  caseNearDue: 0,
  caseOverdue: 0,
  dossierNearDue: 0,
  dossierOverdue: 0,
  dossierClosed: 0,
  intakeAlerted: 0,
  intakeNearDue: 0,
  intakeOverdue: 0,
  notifications: 0,
};

describe('DeadlineScanner on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let scanner: DeadlineScanner;
  let versionId: string;
  const agencyIds: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 6 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedProcedures(ds);
    versionId = (await publishedProcedure(db.url, '1.004873')).versionId;
    for (const a of await ds.query<Array<{ id: string; code: string }>>(`SELECT id, code FROM agency`)) {
      agencyIds[a.code] = a.id;
    }
    scanner = new DeadlineScanner(ds, { nearDueWindowMs: WINDOW, batchSize: 7 }, new RegimeService(ds));
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  /** A received dossier of the ward, written directly (the scanner only reads what the lifecycle leaves behind). */
  async function dossier(opts: {
    dueAt: Date;
    status?: string;
    assignee?: string | null;
    pausedAt?: Date | null;
    resultReadyAt?: Date | null;
    agency?: string;
  }): Promise<string> {
    sequence += 1;
    const code = `${WARD}-250407-${String(sequence).padStart(4, '0')}`;
    const status = opts.status ?? 'in_process';
    const row = first(
      await ds.query<Array<{ id: string }>>(
        `INSERT INTO dossier (code, status, resume_status, channel, agency_id, procedure_version_id, applicant, assignee_subject,
                            lookup_key, submitted_at, received_at, due_at, paused_at, result_ready_at, created_by_subject)
       VALUES ($1, $2, $3, 1, $4, $5, '{"fullName":"Nguyễn Văn An"}', $6, $7, now(), now(), $8, $9, $10, 'test')
       RETURNING id`,
        [
          code,
          status,
          status === 'supplement_requested' ? 'in_process' : null,
          agencyIds[opts.agency ?? WARD],
          versionId,
          opts.assignee === undefined ? SPECIALIST : opts.assignee,
          randomBytes(4).toString('hex').toUpperCase(),
          opts.dueAt,
          opts.pausedAt ?? null,
          opts.resultReadyAt ?? null,
        ],
      ),
    );
    return row.id;
  }

  /** A forwarded dossier (its own deadline far away) with one opened step at `agency`. */
  async function forwardedCase(
    dueAt: Date,
    agency = POLICE,
    status = 'new',
  ): Promise<{ dossierId: string; caseId: string }> {
    const dossierId = await dossier({ dueAt: new Date(dueAt.getTime() + 30 * 24 * HOUR), status: 'awaiting_agency' });
    const c = first(
      await ds.query<Array<{ id: string }>>(
        `INSERT INTO agency_case (dossier_id, stage, step_code, step_name, agency_id, status, budget_unit, budget_amount,
                                opened_at, due_at)
       VALUES ($1, 1, 'thuong-tru', 'Đăng ký thường trú cho trẻ', $2, $3, 'working_days', 2, now(), $4) RETURNING id`,
        [dossierId, agencyIds[agency], status, dueAt],
      ),
    );
    return { dossierId, caseId: c.id };
  }

  const notificationsOf = (dossierId: string) =>
    ds.query<
      Array<{ agency: string; role: string | null; subject: string | null; kind: string; case_id: string | null }>
    >(
      `SELECT a.code AS agency, n.recipient_role AS role, n.recipient_subject AS subject, n.kind, n.agency_case_id AS case_id
         FROM notification n JOIN agency a ON a.id = n.agency_id WHERE n.dossier_id = $1 ORDER BY n.id`,
      [dossierId],
    );
  const trailOf = (dossierId: string) =>
    ds.query<
      Array<{
        action: string;
        from_status: string;
        to_status: string;
        actor_role: string;
        data: Record<string, unknown>;
      }>
    >(`SELECT action, from_status, to_status, actor_role, data FROM dossier_event WHERE dossier_id = $1 ORDER BY id`, [
      dossierId,
    ]);

  it('warns a step near due, then flags it overdue and escalates, each once', async () => {
    const due = new Date(Date.now() + 5 * YEAR);
    const { dossierId, caseId } = await forwardedCase(due);

    expect(await scanner.scan(new Date(due.getTime() - WINDOW - 1))).toEqual(NONE);
    const near = await scanner.scan(new Date(due.getTime() - HOUR));
    expect(near).toMatchObject({ caseNearDue: 1, caseOverdue: 0, notifications: 1 });
    expect(await scanner.scan(new Date(due.getTime() - 1))).toEqual(NONE);
    expect(await notificationsOf(dossierId)).toEqual([
      { agency: POLICE, role: 'agency_officer', subject: null, kind: 'case_near_due', case_id: caseId },
    ]);

    const late = await scanner.scan(new Date(due.getTime() + 1000));
    expect(late).toMatchObject({ caseOverdue: 1, notifications: 3 });
    expect(await scanner.scan(new Date(due.getTime() + 2 * HOUR))).toEqual(NONE);
    expect((await notificationsOf(dossierId)).slice(1)).toEqual([
      { agency: POLICE, role: 'agency_officer', subject: null, kind: 'case_overdue', case_id: caseId },
      { agency: WARD, role: 'leader', subject: null, kind: 'case_overdue', case_id: caseId },
      { agency: WARD, role: null, subject: SPECIALIST, kind: 'case_overdue', case_id: caseId },
    ]);
    const c = first(
      await ds.query<Array<{ near_due_notified_at: Date; overdue_flagged_at: Date; row_version: number }>>(
        `SELECT near_due_notified_at, overdue_flagged_at, row_version FROM agency_case WHERE id = $1`,
        [caseId],
      ),
    );
    expect(c.near_due_notified_at.getTime()).toBe(due.getTime() - HOUR);
    expect(c.overdue_flagged_at.getTime()).toBe(due.getTime() + 1000);
    expect(c.row_version).toBe(1);
    expect(await trailOf(dossierId)).toEqual([
      {
        action: 'deadline_near_due',
        from_status: 'awaiting_agency',
        to_status: 'awaiting_agency',
        actor_role: 'system',
        data: { caseId, stepName: 'Đăng ký thường trú cho trẻ', dueAt: due.toISOString() },
      },
      expect.objectContaining({ action: 'deadline_overdue', data: expect.objectContaining({ caseId }) }),
    ]);
  });

  it('records every transition exactly once when two workers scan at the same moment', async () => {
    const now = new Date(Date.now() + 4 * YEAR);
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        forwardedCase(new Date(now.getTime() - (i + 1) * 60_000), i % 2 ? BHXH : POLICE),
      ),
    );
    const other = createDataSource({ url: db.url, poolSize: 3 });
    await other.initialize();
    try {
      const second = new DeadlineScanner(other, { nearDueWindowMs: WINDOW, batchSize: 7 }, new RegimeService(other));
      const results = await Promise.all([scanner.scan(now), second.scan(now), scanner.scan(now), second.scan(now)]);
      // Cases of the other tests and the dossiers' own (far) deadlines are not in this window: only these 40.
      expect(results.reduce((n, r) => n + r.caseOverdue, 0)).toBe(40);
      expect(results.reduce((n, r) => n + r.caseNearDue + r.dossierNearDue + r.dossierOverdue, 0)).toBe(0);
    } finally {
      await other.destroy();
    }
    const ids = created.map((c) => c.dossierId);
    const events = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM dossier_event WHERE dossier_id = ANY($1::uuid[]) AND action = 'deadline_overdue'
        GROUP BY dossier_id`,
      [ids],
    );
    expect(events).toHaveLength(40);
    expect(events.every((e) => e.n === 1)).toBe(true);
    const { n } = nth(
      await ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM notification WHERE dossier_id = ANY($1::uuid[])`,
        [ids],
      ),
      0,
    );
    expect(n).toBe(40 * 3);
  });

  it('warns and flags an open dossier, escalates to the leaders and asks for the Mẫu 04 apology', async () => {
    const due = new Date(Date.now() + 3 * YEAR);
    const assigned = await dossier({ dueAt: due });
    const unassigned = await dossier({ dueAt: due, assignee: null, status: 'received' });

    expect(await scanner.scan(new Date(due.getTime() - 2 * HOUR))).toMatchObject({
      dossierNearDue: 2,
      notifications: 3,
    });
    expect(await scanner.scan(new Date(due.getTime() + 60_000))).toMatchObject({ dossierOverdue: 2, notifications: 6 });
    expect(await scanner.scan(new Date(due.getTime() + 2 * 60_000))).toEqual(NONE);

    expect((await notificationsOf(assigned)).map((n) => [n.role ?? n.subject, n.kind])).toEqual([
      [SPECIALIST, 'dossier_near_due'],
      ['clerk', 'dossier_near_due'],
      ['clerk', 'dossier_overdue'],
      ['leader', 'dossier_overdue'],
      [SPECIALIST, 'apology_needed'],
    ]);
    expect((await notificationsOf(unassigned)).map((n) => [n.role ?? n.subject, n.kind])).toEqual([
      ['clerk', 'dossier_near_due'],
      ['clerk', 'dossier_overdue'],
      ['leader', 'dossier_overdue'],
      ['specialist', 'apology_needed'],
    ]);
    expect((await trailOf(unassigned)).map((e) => [e.action, e.from_status, e.to_status, e.data])).toEqual([
      ['deadline_near_due', 'received', 'received', { dueAt: due.toISOString() }],
      ['deadline_overdue', 'received', 'received', { dueAt: due.toISOString() }],
    ]);
    const d = first(
      await ds.query<Array<{ overdue_flagged_at: Date; row_version: number }>>(
        `SELECT overdue_flagged_at, row_version FROM dossier WHERE id = $1`,
        [assigned],
      ),
    );
    expect(d.overdue_flagged_at.getTime()).toBe(due.getTime() + 60_000);
    expect(d.row_version).toBe(1);
  });

  it('e-mails the officers it alerts, once each per dossier and step, at the address of their profile', async () => {
    const due = new Date(Date.now() + 3.5 * YEAR);
    const assigned = await dossier({ dueAt: due });
    // The specialist, a desk clerk, and a leader who also holds the clerk role (one e-mail per step, not two).
    await ds.query(
      `INSERT INTO user_profile (subject, username, email, roles, agency_id) VALUES
         ($1, 'cv', 'chuyenvien@thuyxuan.example.gov.vn', '{specialist}', $4),
         ($2, 'tn', 'tiepnhan@thuyxuan.example.gov.vn', '{clerk}', $4),
         ($3, 'ld', 'lanhdao@thuyxuan.example.gov.vn', '{leader,clerk}', $4)
       ON CONFLICT (subject) DO UPDATE SET email = EXCLUDED.email, roles = EXCLUDED.roles, agency_id = EXCLUDED.agency_id`,
      [SPECIALIST, 'tiepnhan-subject', 'lanhdao-subject', agencyIds[WARD]],
    );
    await scanner.scan(new Date(due.getTime() - 2 * HOUR));
    await scanner.scan(new Date(due.getTime() + 60_000));
    await scanner.scan(new Date(due.getTime() + 2 * 60_000));
    const mails = await ds.query<
      Array<{ kind: string; recipient: string; audience: string; data: { staffPath: string } }>
    >(`SELECT kind, recipient, audience, data FROM dossier_message WHERE dossier_id = $1 ORDER BY kind, recipient`, [
      assigned,
    ]);
    expect(mails.map((m) => [m.kind, m.recipient, m.audience])).toEqual([
      ['staff_near_due', 'chuyenvien@thuyxuan.example.gov.vn', 'staff'],
      ['staff_near_due', 'lanhdao@thuyxuan.example.gov.vn', 'staff'],
      ['staff_near_due', 'tiepnhan@thuyxuan.example.gov.vn', 'staff'],
      ['staff_overdue', 'chuyenvien@thuyxuan.example.gov.vn', 'staff'],
      ['staff_overdue', 'lanhdao@thuyxuan.example.gov.vn', 'staff'],
      ['staff_overdue', 'tiepnhan@thuyxuan.example.gov.vn', 'staff'],
    ]);
    // The specialist's overdue e-mail opens the apology on the desk page.
    expect(mails.find((m) => m.kind === 'staff_overdue' && m.recipient.startsWith('chuyenvien'))?.data.staffPath).toBe(
      `/desk/dossiers/${assigned}#apology`,
    );
    await ds.query(`DELETE FROM user_profile WHERE subject = ANY($1)`, [
      [SPECIALIST, 'tiepnhan-subject', 'lanhdao-subject'],
    ]);
  });

  it('alerts the merged ward about a dossier of a ward that ceased in the merger', async () => {
    // phường Thủy Bằng ceased on 30/06/2025; phường Thủy Xuân (WARD) answers for its open dossiers.
    const due = new Date(Date.now() + 2.5 * YEAR);
    const ceased = await dossier({ dueAt: due, assignee: null, status: 'received', agency: '000.19.22.H56' });
    expect(await scanner.scan(new Date(due.getTime() - 2 * HOUR))).toEqual({
      ...NONE,
      dossierNearDue: 1,
      notifications: 1,
    });
    expect(await notificationsOf(ceased)).toEqual([
      { agency: WARD, role: 'clerk', subject: null, kind: 'dossier_near_due', case_id: null },
    ]);
  });

  it('skips paused, finished and closed dossiers, paused steps and steps no longer open', async () => {
    const due = new Date(Date.now() + 2 * YEAR);
    const paused = await dossier({ dueAt: due, status: 'supplement_requested', pausedAt: new Date() });
    const ready = await dossier({ dueAt: due, status: 'result_ready', resultReadyAt: new Date() });
    const done = await forwardedCase(due, POLICE, 'done');
    const waiting = await forwardedCase(due, BHXH, 'acknowledged');
    await ds.query(`UPDATE dossier SET status = 'stopped', closed_at = now() WHERE id = $1`, [waiting.dossierId]);
    // A step whose agency waits for a supplement: its clock is stopped.
    const supplement = await forwardedCase(due, POLICE, 'needs_supplement');
    await ds.query(`UPDATE agency_case SET paused_at = now() WHERE id = $1`, [supplement.caseId]);

    expect(await scanner.scan(new Date(due.getTime() + HOUR))).toEqual(NONE);
    for (const id of [paused, ready, done.dossierId, waiting.dossierId, supplement.dossierId]) {
      expect(await notificationsOf(id)).toEqual([]);
    }
  });

  it('watches a due time moved later by an approved apology afresh', async () => {
    const due = new Date(Date.now() + YEAR);
    const id = await dossier({ dueAt: due });
    await scanner.scan(new Date(due.getTime() + HOUR));
    const newDue = new Date(due.getTime() + 5 * 24 * HOUR);
    await ds.query(`UPDATE dossier SET due_at = $2 WHERE id = $1`, [id, newDue]);

    expect(await scanner.scan(new Date(due.getTime() + 2 * HOUR))).toEqual(NONE);
    expect(await scanner.scan(new Date(newDue.getTime() - HOUR))).toMatchObject({ dossierNearDue: 1 });
    expect(await scanner.scan(new Date(newDue.getTime() + HOUR))).toMatchObject({ dossierOverdue: 1 });
    expect((await trailOf(id)).map((e) => [e.action, e.data.dueAt])).toEqual([
      ['deadline_overdue', due.toISOString()],
      ['deadline_near_due', newDue.toISOString()],
      ['deadline_overdue', newDue.toISOString()],
    ]);
  });
});

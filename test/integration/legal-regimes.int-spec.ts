import { DataSource } from 'typeorm';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { CalendarDeadlines, DossierRow, DossierService } from '@app/dossiers';
import { RegimeService } from '@app/regimes';
import { DeadlineScanner } from '@app/routing';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { createTestDatabase, fillForm, first, publishedProcedure, TestDatabase } from '@app/testing';

const WARD = '000.17.22.H56';
const SPECIALIST = 'regime-specialist';

function staff(role: 'clerk' | 'specialist' | 'leader', subject: string): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name: `Cán bộ ${role}`,
    email: null,
    roles: [role],
    agency: WARD,
    agencyName: 'Ủy ban nhân dân phường Thủy Biều',
    clientId: 'portal-web',
  };
}
const clerk = staff('clerk', 'regime-clerk');
const specialist = staff('specialist', SPECIALIST);
const leader = staff('leader', 'regime-leader');

/** The problem extensions of a refusal (what is missing, the article). */
const details = (e: Record<string, unknown>) => (e['details'] as { extensions?: unknown } | undefined)?.extensions;

/** An instant in Vietnam time. */
const at = (local: string) => new Date(`${local}+07:00`);

/**
 * The two legal regimes side by side, from their data, on the real lifecycle and the real deadline scanner: a
 * dossier received on 30/06/2025 at 16:00 keeps NĐ 61/2018, one received on 01/07/2025 at 08:00 follows NĐ 118/2025.
 * Every expected instant below is counted by hand on the 2025 calendar (no holiday in July 2025; Saturdays off).
 */
describe('Legal regimes on the real lifecycle and scanner', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: DossierService;
  let scanner: DeadlineScanner;
  let now = new Date();
  const forms: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 6 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    for (const code of ['1.004873', 'LT.KS-TT-BHYT'])
      forms[code] = fillForm((await publishedProcedure(db.url, code)).formSchema);
    await ds.query(
      `INSERT INTO user_profile (subject, username, full_name, roles, agency_id)
       SELECT $1, $1, 'Chuyên viên', ARRAY['specialist'], id FROM agency WHERE code = $2`,
      [SPECIALIST, WARD],
    );
    const regimes = new RegimeService(ds);
    service = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), regimes, undefined, () => now);
    scanner = new DeadlineScanner(ds, { nearDueWindowMs: 3600_000 }, regimes);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function submitted(procedureCode: string, name: string, when: Date): Promise<string> {
    now = when;
    const row = await service.open(clerk, {
      procedureCode,
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: name, idNumber: null, phone: null, email: null, address: null },
      formData: forms[procedureCode],
    });
    await service.act(clerk, row.id, 'submit');
    return row.id;
  }

  /** Received at `when` and assigned to the specialist a minute later. */
  async function inProcess(procedureCode: string, name: string, when: Date): Promise<string> {
    const id = await submitted(procedureCode, name, when);
    await service.act(clerk, id, 'receive');
    now = new Date(when.getTime() + 60_000);
    await service.act(clerk, id, 'assign', { assignee: SPECIALIST });
    return id;
  }

  async function act(
    when: Date,
    who: Principal,
    id: string,
    action: Parameters<DossierService['act']>[2],
    reason?: string,
  ) {
    now = when;
    return service.act(who, id, action, { reason: reason ?? null });
  }

  async function refusal(promise: Promise<unknown>): Promise<Record<string, unknown>> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    return error as Record<string, unknown>;
  }

  async function resultAttached(id: string): Promise<void> {
    await ds.query(
      `INSERT INTO dossier_file (dossier_id, purpose, file_name, media_type, size_bytes, sha256, uploaded_by_subject)
       VALUES ($1, 'result', 'ket-qua.pdf', 'application/pdf', 1024, repeat('a', 64), $2)`,
      [id, SPECIALIST],
    );
  }

  async function events(id: string) {
    return ds.query<Array<{ action: string; reason: string | null; data: Record<string, unknown> }>>(
      `SELECT action, reason, data FROM dossier_event WHERE dossier_id = $1 ORDER BY occurred_at, id`,
      [id],
    );
  }

  it('restarts the clock after a supplement under NĐ 118, resumes it under NĐ 61; only the 2025 notice sets a closure', async () => {
    // LT.KS-TT-BHYT: 3 working days, the procedure's own policy "pause".
    const old = await inProcess('LT.KS-TT-BHYT', 'Hồ sơ 2018', at('2025-06-30T16:00:00'));
    const cur = await inProcess('LT.KS-TT-BHYT', 'Hồ sơ 2025', at('2025-07-01T08:00:00'));
    const [o, c] = await Promise.all([old, cur].map(async (id) => (await service.get(clerk, id)).row));
    // 16:00 is after the 15:00 cut-off: both count from Tuesday 01/07; three working days end on Friday 04/07.
    expect(o?.due_at).toEqual(at('2025-07-04T17:00:00'));
    expect(c?.due_at).toEqual(at('2025-07-04T17:00:00'));

    const askedOld = await act(at('2025-07-02T10:00:00'), clerk, old, 'request_supplement', 'Thiếu giấy chứng sinh');
    const askedCur = await act(at('2025-07-02T10:00:00'), clerk, cur, 'request_supplement', 'Thiếu giấy chứng sinh');
    // NĐ 61/2018 closes nothing; NĐ 118/2025: 15 days after Wednesday 02/07 is Thursday 17/07, ending at 24:00.
    expect(askedOld.supplement_due_at).toBeNull();
    expect(askedCur.supplement_due_at).toEqual(at('2025-07-18T00:00:00'));
    const [asked] = (await events(cur)).filter((e) => e.action === 'request_supplement');
    expect(asked?.data).toMatchObject({ closureBasis: 'NĐ 118/2025 Điều 19 khoản 5' });

    const backOld = await act(at('2025-07-14T09:00:00'), clerk, old, 'supplement');
    const backCur = await act(at('2025-07-14T09:00:00'), clerk, cur, 'supplement');
    // Paused on 02/07 with 03/07 and 04/07 left: two working days from Monday 14/07 → Wednesday 16/07.
    expect(backOld.due_at).toEqual(at('2025-07-16T17:00:00'));
    // Restarted from zero (Điều 19 khoản 5): three working days from Monday 14/07 → Thursday 17/07.
    expect(backCur.due_at).toEqual(at('2025-07-17T17:00:00'));
    expect(backCur.supplement_due_at).toBeNull();
    const appointments = await ds.query<Array<{ dossier_id: string; kind: string }>>(
      `SELECT dossier_id, kind FROM appointment_change WHERE kind LIKE 'supplement%' AND dossier_id = ANY ($1)`,
      [[old, cur]],
    );
    expect(appointments).toEqual(
      expect.arrayContaining([
        { dossier_id: old, kind: 'supplement_pause' },
        { dossier_id: cur, kind: 'supplement_restart' },
      ]),
    );
  });

  it('closes a 2025 dossier not completed 15 days after the notice, through the scanner, and never a 2018 one', async () => {
    const old = await inProcess('1.004873', 'Chưa bổ sung 2018', at('2025-06-30T16:00:00'));
    const cur = await inProcess('1.004873', 'Chưa bổ sung 2025', at('2025-07-01T08:00:00'));
    await act(at('2025-07-02T11:00:00'), clerk, old, 'request_supplement', 'Thiếu bản sao giấy tờ');
    // Friday 04/07 + 15 days = Saturday 19/07, a day off: the period runs to the end of Monday 21/07.
    const asked = await act(at('2025-07-04T10:00:00'), clerk, cur, 'request_supplement', 'Thiếu bản sao giấy tờ');
    expect(asked.supplement_due_at).toEqual(at('2025-07-22T00:00:00'));

    const before = await scanner.scan(at('2025-07-21T23:59:59'));
    expect(before.dossierClosed).toBe(0);
    const closing = await scanner.scan(at('2025-07-22T00:00:00'));
    expect(closing.dossierClosed).toBe(1);
    expect((await scanner.scan(at('2025-12-31T00:00:00'))).dossierClosed).toBe(0);

    const closed = first(await ds.query<DossierRow[]>(`SELECT * FROM dossier WHERE id = $1`, [cur]));
    expect(closed).toMatchObject({ status: 'stopped', supplement_due_at: null, resume_status: null });
    expect(closed.closed_at).toEqual(at('2025-07-22T00:00:00'));
    const trail = (await events(cur)).filter((e) => e.action === 'close_unsupplemented');
    expect(trail).toHaveLength(1);
    expect(trail[0]?.reason).toContain('NĐ 118/2025 Điều 19 khoản 5');
    const outbox = await ds.query<Array<{ payload: Record<string, unknown> }>>(
      `SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND payload->>'action' = 'close_unsupplemented'`,
      [cur],
    );
    expect(outbox.map((e) => e.payload['nationalStatus'])).toEqual([8]);
    const told = await ds.query<Array<{ recipient_role: string | null; recipient_subject: string | null }>>(
      `SELECT recipient_role, recipient_subject FROM notification WHERE dossier_id = $1 AND kind = 'dossier_closed'`,
      [cur],
    );
    expect(told).toEqual(
      expect.arrayContaining([
        { recipient_role: 'clerk', recipient_subject: null },
        { recipient_role: null, recipient_subject: SPECIALIST },
      ]),
    );
    // The 2018 dossier still waits for its supplement.
    expect((await service.get(clerk, old)).row.status).toBe('supplement_requested');
    // Nobody closes a dossier through the API.
    expect(await refusal(act(at('2025-12-31T09:00:00'), leader, old, 'close_unsupplemented', 'x'))).toMatchObject({
      code: 'forbidden',
    });
  });

  it('asks for a supplement at intake once, and during appraisal only within 3 working days of reception', async () => {
    const intake = await submitted('1.004873', 'Bổ sung khi tiếp nhận', at('2025-07-01T08:00:00'));
    await act(at('2025-07-01T08:10:00'), clerk, intake, 'request_supplement', 'Thiếu tờ khai');
    await act(at('2025-07-01T09:00:00'), clerk, intake, 'supplement');
    const second = await refusal(act(at('2025-07-01T09:10:00'), clerk, intake, 'request_supplement', 'Thiếu nữa'));
    expect(second).toMatchObject({ code: 'action_not_available' });
    expect(details(second)).toMatchObject({
      missing: 'intake_supplement_limit',
      basis: 'NĐ 118/2025 Điều 11 khoản 2 điểm c, Điều 16 khoản 3',
    });
    const { availableActions } = {
      availableActions: await service.actionsFor(clerk, (await service.get(clerk, intake)).row, {
        kind: 'staff',
        roles: ['clerk'],
      }),
    };
    expect(availableActions).not.toContain('request_supplement');
    expect(availableActions).toEqual(expect.arrayContaining(['receive', 'refuse']));

    // Received Tuesday 01/07: the window ends with Friday 04/07 (Điều 19 khoản 5).
    const late = await inProcess('1.004873', 'Bổ sung quá hạn', at('2025-07-01T08:00:00'));
    const refused = await refusal(act(at('2025-07-05T00:00:00'), clerk, late, 'request_supplement', 'Thiếu'));
    expect(details(refused)).toMatchObject({ missing: 'supplement_window', basis: 'NĐ 118/2025 Điều 19 khoản 5' });
    const inTime = await act(at('2025-07-04T23:59:00'), clerk, late, 'request_supplement', 'Thiếu');
    expect(inTime.status).toBe('supplement_requested');
  });

  it('hands a result back early only after the applicant was told under NĐ 118, directly under NĐ 61', async () => {
    const old = await inProcess('1.004873', 'Trả sớm 2018', at('2025-06-30T16:00:00'));
    const cur = await inProcess('1.004873', 'Trả sớm 2025', at('2025-07-01T08:00:00'));
    for (const id of [old, cur]) {
      await resultAttached(id);
      await act(at('2025-07-02T09:00:00'), specialist, id, 'submit_for_approval');
      await act(at('2025-07-02T10:00:00'), leader, id, 'approve');
    }
    // Due Friday 04/07; returned Wednesday 02/07.
    const early = await refusal(act(at('2025-07-02T14:00:00'), clerk, cur, 'return_result'));
    expect(details(early)).toMatchObject({ missing: 'early_return_notice', basis: 'NĐ 118/2025 Điều 22 khoản 5' });
    const told = await act(at('2025-07-02T14:05:00'), clerk, cur, 'notify_early_return', 'Đã nhắn tin cho công dân');
    expect(told.status).toBe('result_ready');
    const noticeOutbox = await ds.query<unknown[]>(
      `SELECT 1 FROM outbox_event WHERE aggregate_id = $1 AND payload->>'action' = 'notify_early_return'`,
      [cur],
    );
    expect(noticeOutbox).toHaveLength(0);
    expect((await act(at('2025-07-02T15:00:00'), clerk, cur, 'return_result')).status).toBe('returned');

    const notNeeded = await refusal(act(at('2025-07-02T14:00:00'), clerk, old, 'notify_early_return', 'x'));
    expect(details(notNeeded)).toMatchObject({ missing: 'not_early' });
    expect((await act(at('2025-07-02T14:00:00'), clerk, old, 'return_result')).status).toBe('returned');

    // A wrong result goes back for correction within 3 working days (Điều 23 khoản 1): Monday 07/07 → Thursday 10/07.
    const corrected = await act(at('2025-07-07T09:00:00'), clerk, cur, 'request_correction', 'Sai ngày sinh');
    expect(corrected).toMatchObject({
      status: 'in_process',
      returned_at: null,
      closed_at: null,
      result_ready_at: null,
    });
    expect(corrected.due_at).toEqual(at('2025-07-10T17:00:00'));
    const change = await ds.query<Array<{ kind: string; new_due_at: Date }>>(
      `SELECT kind, new_due_at FROM appointment_change WHERE dossier_id = $1 AND kind = 'correction'`,
      [cur],
    );
    expect(change).toEqual([{ kind: 'correction', new_due_at: at('2025-07-10T17:00:00') }]);
    // The 2018 regime sets no limit: the one in force when the correction is asked for applies.
    const oldCorrected = await act(at('2025-07-07T09:00:00'), clerk, old, 'request_correction', 'Sai tên');
    expect(oldCorrected.due_at).toEqual(at('2025-07-10T17:00:00'));
    const [entry] = (await events(old)).filter((e) => e.action === 'request_correction');
    expect(entry?.data).toMatchObject({ basis: 'NĐ 118/2025 Điều 23 khoản 1' });
  });
});

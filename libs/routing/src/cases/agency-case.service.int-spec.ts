import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures, seedRouting } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { availableActions, CalendarDeadlines, DossierService, LocalFileStore } from '@app/dossiers';
import { OPEN_CASE_STATUSES } from '../routing.types';
import { createTestDatabase, fillForm, PNG_BYTES, publishedProcedure, TestDatabase, only } from '@app/testing';
import { verifyExchangeLog } from '../exchange-log/exchange-log';
import { AgencyCaseService } from './agency-case.service';
import { CaseFlow } from './case-flow.service';
import { CaseRoundHook } from './case-round.hook';
import { RoutingService } from './routing.service';
import { RegimeService } from '@app/regimes';

const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';
const BHXH = '000.40.17.H56';

function staff(
  username: string,
  roles: Principal['roles'],
  agency: string,
  kind: Principal['kind'] = 'user',
): Principal {
  return {
    subject: `${username}-subject`,
    kind,
    username,
    name: username,
    email: null,
    roles,
    agency,
    agencyName: null,
    clientId: kind === 'service' ? `agency-${username}` : 'portal-web',
  };
}

const clerk = staff('tiepnhan', ['clerk'], WARD);
const specialist = staff('chuyenvien', ['specialist'], WARD);
const policeSystem = staff('police', ['agency_officer'], POLICE, 'service');
const bhxhOfficer = staff('bhxh', ['agency_officer'], BHXH);
const leader = staff('lanhdao', ['leader'], WARD);

describe('Liên thông route on PostgreSQL: forward, answers, joins, returns', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let files: string;
  let dossiers: DossierService;
  let routing: RoutingService;
  let cases: AgencyCaseService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 8 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    await seedRouting(ds);
    await ds.query(
      `INSERT INTO user_profile (subject, username, roles, agency_id)
       SELECT $1, 'chuyenvien', '{specialist}', id FROM agency WHERE code = $2`,
      [specialist.subject, WARD],
    );
    files = mkdtempSync(join(tmpdir(), 'motcua-routing-'));
    const calendars = new CalendarService(ds);
    const flow = new CaseFlow(calendars);
    dossiers = new DossierService(ds, new CalendarDeadlines(calendars), new RegimeService(ds), new CaseRoundHook(flow));
    routing = new RoutingService(ds, flow);
    cases = new AgencyCaseService(ds, dossiers, flow, new LocalFileStore(files));
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
    rmSync(files, { recursive: true, force: true });
  });

  /** What the worker does, in-process: handle every committed, unhandled outbox event in order. */
  async function drainOutbox(): Promise<void> {
    for (;;) {
      const pending = await ds.query<Array<{ id: string }>>(
        `SELECT id FROM outbox_event WHERE handled_at IS NULL ORDER BY created_at, id`,
      );
      if (pending.length === 0) return;
      for (const e of pending) await routing.handleOutboxEvent(e.id);
    }
  }

  async function forwardedDossier(procedureCode: string): Promise<string> {
    const form = fillForm((await publishedProcedure(db.url, procedureCode)).formSchema);
    const row = await dossiers.open(clerk, {
      procedureCode,
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Nguyễn Văn An', idNumber: null, phone: null, email: null, address: null },
      formData: form,
    });
    await dossiers.act(clerk, row.id, 'submit');
    await dossiers.act(clerk, row.id, 'receive');
    await dossiers.act(clerk, row.id, 'assign', { assignee: specialist.subject });
    await dossiers.act(specialist, row.id, 'forward_to_agency');
    await drainOutbox();
    return row.id;
  }

  async function caseOf(dossierId: string, agency: string) {
    const rows = await ds.query<Array<{ id: string; status: string; stage: number }>>(
      `SELECT c.id, c.status, c.stage FROM agency_case c JOIN agency a ON a.id = c.agency_id
        WHERE c.dossier_id = $1 AND a.code = $2 ORDER BY c.round DESC LIMIT 1`,
      [dossierId, agency],
    );
    return only(rows, `case of ${agency}`);
  }

  const status = async (id: string) =>
    only(await ds.query<Array<{ status: string }>>(`SELECT status FROM dossier WHERE id = $1`, [id])).status;

  it('opens the parallel stage of the birth group, joins both results and hands the dossier back to the desk', async () => {
    const id = await forwardedDossier('LT.KS-TT-BHYT');
    expect(await status(id)).toBe('awaiting_agency');
    const police = await caseOf(id, POLICE);
    const bhxh = await caseOf(id, BHXH);
    expect([police.status, bhxh.status]).toEqual(['new', 'new']);

    // Pull: the police system lists its new cases; the first fetch is kept in the exchange log.
    const listed = await cases.list(policeSystem, { status: 'new' });
    expect(listed.items.map((c) => c.id)).toContain(police.id);
    await cases.list(policeSystem, { status: 'new' });
    await cases.get(policeSystem, police.id);

    const ack1 = await cases.acknowledge(policeSystem, police.id, 'ack-1');
    const ack2 = await cases.acknowledge(policeSystem, police.id, 'ack-2');
    expect(ack1.body.status).toBe('acknowledged');
    expect(ack2.body.status).toBe('acknowledged');
    const acks = await ds.query<unknown[]>(
      `SELECT 1 FROM dossier_event WHERE dossier_id = $1 AND action = 'agency_acknowledged'`,
      [id],
    );
    expect(acks).toHaveLength(1);

    await cases.complete(
      policeSystem,
      police.id,
      {
        summary: 'Đã đăng ký thường trú',
        documents: [{ fileName: 'thong-bao.png', contentBase64: PNG_BYTES.toString('base64') }],
      },
      'result-1',
    );
    expect(await status(id)).toBe('awaiting_agency'); // BHXH still works on its step

    await cases.reportStatus(bhxhOfficer, bhxh.id, { subStatus: '3' }, null);
    await cases.complete(bhxhOfficer, bhxh.id, { summary: 'Đã cấp thẻ BHYT' }, null);
    expect(await status(id)).toBe('in_process');

    const trail = await ds.query<Array<{ action: string; actor_role: string }>>(
      `SELECT action, actor_role FROM dossier_event WHERE dossier_id = $1 ORDER BY id`,
      [id],
    );
    expect(trail.map((t) => t.action)).toEqual(
      expect.arrayContaining(['forward_to_agency', 'agency_case_opened', 'agency_result', 'agency_answered']),
    );
    const log = await verifyExchangeLog(ds, { dossierId: id });
    expect(log.problems).toEqual([]);
    // opened (bhxh inbox) + fetched (police pull) + ack + police result + bhxh status + bhxh result
    expect(log.entries).toBe(6);
  });

  it('opens the second stage of the death group only after the first is done', async () => {
    const id = await forwardedDossier('LT.KT-XTT-MTP');
    expect((await caseOf(id, POLICE)).status).toBe('new');
    expect((await caseOf(id, BHXH)).status).toBe('waiting');
    // A waiting case is not the agency's yet: it does not exist for them.
    await expect(cases.acknowledge(bhxhOfficer, (await caseOf(id, BHXH)).id, null)).rejects.toMatchObject({
      code: 'not_found',
    });
    await cases.complete(policeSystem, (await caseOf(id, POLICE)).id, { summary: 'Đã xóa thường trú' }, null);
    expect((await caseOf(id, BHXH)).status).toBe('new');
    expect(await status(id)).toBe('awaiting_agency');
  });

  it('keeps answers idempotent under a key and refuses the key for another request', async () => {
    const id = await forwardedDossier('LT.KS-TT-BHYT');
    const police = await caseOf(id, POLICE);
    const first = await cases.reportStatus(policeSystem, police.id, { subStatus: '1' }, 'k-status');
    const again = await cases.reportStatus(policeSystem, police.id, { subStatus: '1' }, 'k-status');
    expect(again.replayed).toBe(true);
    expect(again.body.rowVersion).toBe(first.body.rowVersion);
    await expect(cases.reportStatus(policeSystem, police.id, { subStatus: '3' }, 'k-status')).rejects.toMatchObject({
      code: 'unprocessable',
    });
    await expect(cases.reportStatus(policeSystem, police.id, { subStatus: '9' }, null)).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'subStatus' }] },
    });
  });

  it('stops a step’s clock while its agency waits for a supplement, and runs the time left again afterwards', async () => {
    const id = await forwardedDossier('LT.KS-TT-BHYT');
    const police = await caseOf(id, POLICE);
    await expect(cases.reportStatus(policeSystem, police.id, { subStatus: '2' }, null)).rejects.toMatchObject({
      details: { errors: [{ field: 'note' }] },
    });
    const paused = await cases.reportStatus(
      policeSystem,
      police.id,
      { subStatus: '2', note: 'Thiếu ý kiến đồng ý của chủ hộ' },
      null,
    );
    expect(paused.body).toMatchObject({ status: 'needs_supplement', pausedAt: expect.any(Date) as Date });
    // The supplement took days: the step was paused two days before a due time that has now passed.
    await ds.query(
      `UPDATE agency_case SET due_at = now() - interval '1 day', paused_at = now() - interval '3 days' WHERE id = $1`,
      [police.id],
    );
    expect((await cases.get(policeSystem, police.id)).overdue).toBe(false);
    const resumed = await cases.reportStatus(policeSystem, police.id, { subStatus: '3' }, null);
    expect(resumed.body.status).toBe('in_progress');
    expect(resumed.body.pausedAt).toBeNull();
    expect(resumed.body.dueAt!.getTime()).toBeGreaterThan(Date.now());
    expect(resumed.body.overdue).toBe(false);
    const audit = only(
      await ds.query<Array<{ data: Record<string, unknown> }>>(
        `SELECT data FROM dossier_event WHERE dossier_id = $1 AND action = 'agency_status_reported' ORDER BY id DESC LIMIT 1`,
        [id],
      ),
    );
    expect(audit.data).toMatchObject({ clock: 'resumed', dueAt: resumed.body.dueAt!.toISOString() });
  });

  it('shows another agency nothing of a case', async () => {
    const id = await forwardedDossier('LT.KS-TT-BHYT');
    const police = await caseOf(id, POLICE);
    const otherSystem = staff('bhxh-system', ['agency_officer'], BHXH, 'service');
    expect((await cases.list(otherSystem, { status: 'all' })).items.map((c) => c.id)).not.toContain(police.id);
    await expect(cases.get(otherSystem, police.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(cases.acknowledge(otherSystem, police.id, null)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a return by one agency cancels the others and sends the dossier back with the reason', async () => {
    const id = await forwardedDossier('LT.KS-TT-BHYT');
    const police = await caseOf(id, POLICE);
    const bhxh = await caseOf(id, BHXH);
    await cases.returnCase(policeSystem, police.id, { reason: 'Địa chỉ thường trú không đúng' }, null);
    expect(await status(id)).toBe('in_process');
    expect((await caseOf(id, BHXH)).status).toBe('cancelled');
    const cancelledTrail = await ds.query<Array<{ data: { caseId: string } }>>(
      `SELECT data FROM dossier_event WHERE dossier_id = $1 AND action = 'agency_case_cancelled'`,
      [id],
    );
    expect(cancelledTrail.map((e) => e.data.caseId)).toEqual([bhxh.id]);
    await expect(cases.complete(bhxhOfficer, bhxh.id, { summary: 'x' }, null)).rejects.toMatchObject({
      code: 'conflict',
    });
    // Forwarded again after the correction: a new round opens.
    await dossiers.act(specialist, id, 'forward_to_agency');
    await drainOutbox();
    const rounds = await ds.query<Array<{ round: number; n: number }>>(
      `SELECT round, count(*)::int AS n FROM agency_case WHERE dossier_id = $1 GROUP BY round ORDER BY round`,
      [id],
    );
    expect(rounds).toEqual([
      { round: 1, n: 2 },
      { round: 2, n: 2 },
    ]);
  });

  it('ends the open cases when the desk records the answer itself or the citizen withdraws', async () => {
    const recalled = await forwardedDossier('LT.KS-TT-BHYT');
    await dossiers.act(specialist, recalled, 'agency_answered', { reason: 'Công an đã trả lời bằng văn bản giấy' });
    await drainOutbox();
    expect([(await caseOf(recalled, POLICE)).status, (await caseOf(recalled, BHXH)).status]).toEqual([
      'cancelled',
      'cancelled',
    ]);
    const withdrawn = await forwardedDossier('LT.KT-XTT-MTP');
    await dossiers.act(clerk, withdrawn, 'withdraw', { reason: 'Công dân rút hồ sơ' });
    await drainOutbox();
    expect([(await caseOf(withdrawn, POLICE)).status, (await caseOf(withdrawn, BHXH)).status]).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect((await cases.list(policeSystem, { status: 'open' })).items.map((c) => c.dossierId)).not.toContain(withdrawn);
  });

  it('leaves no case open on a dossier that moved on, whatever action follows a forward', async () => {
    const who = { withdraw: clerk, agency_answered: specialist, stop: leader } as const;
    const following = availableActions('awaiting_agency', { kind: 'staff', roles: ['clerk', 'specialist', 'leader'] });
    expect([...following].sort()).toEqual(Object.keys(who).sort());
    for (const action of following) {
      const id = await forwardedDossier('LT.KS-TT-BHYT');
      const police = await caseOf(id, POLICE);
      expect(police.status).toBe('new');
      const actor = who[action as keyof typeof who];
      // Closing the round while agencies work on it needs a reason, and without one nothing changes.
      await expect(dossiers.act(actor, id, action)).rejects.toMatchObject({ code: 'validation_failed' });
      expect(await status(id)).toBe('awaiting_agency');
      await dossiers.act(actor, id, action, { reason: 'Công dân đề nghị dừng' });
      // No worker has run: the cases ended in the same transaction as the dossier's move.
      const open = await ds.query<unknown[]>(
        `SELECT 1 FROM agency_case WHERE dossier_id = $1 AND status = ANY($2::text[])`,
        [id, OPEN_CASE_STATUSES],
      );
      expect(open).toEqual([]);
      const cancelled = await ds.query<Array<{ reason: string; actor_role: string }>>(
        `SELECT reason, actor_role FROM dossier_event WHERE dossier_id = $1 AND action = 'agency_case_cancelled'`,
        [id],
      );
      expect(cancelled).toHaveLength(2);
      expect(cancelled.every((c) => c.reason === 'Công dân đề nghị dừng')).toBe(true);
      // Each agency is told; the police's late answer meets a cancelled case, not a dossier that refuses it.
      const told = await ds.query<Array<{ kind: string }>>(
        `SELECT kind FROM notification WHERE dossier_id = $1 AND kind = 'case_cancelled'`,
        [id],
      );
      expect(told).toHaveLength(2);
      const late = await cases
        .complete(policeSystem, police.id, { summary: 'Đã đăng ký' }, null)
        .catch((e: unknown) => e);
      expect(late).toMatchObject({ code: 'conflict', message: expect.stringMatching(/cancelled/) });
      await drainOutbox();
      expect((await caseOf(id, POLICE)).status).toBe('cancelled');
    }
  });

  it('refuses to forward a dossier whose procedure has no route', async () => {
    const form = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
    const row = await dossiers.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Trần Thị Bình', idNumber: null, phone: null, email: null, address: null },
      formData: form,
    });
    await dossiers.act(clerk, row.id, 'submit');
    await dossiers.act(clerk, row.id, 'receive');
    await dossiers.act(clerk, row.id, 'assign', { assignee: specialist.subject });
    await expect(dossiers.act(specialist, row.id, 'forward_to_agency')).rejects.toMatchObject({
      code: 'action_not_available',
      details: { extensions: { missing: 'route' } },
    });
  });
});

import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures, seedRouting } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { CalendarDeadlines, DossierService } from '@app/dossiers';
import { createTestDatabase, fillForm, publishedProcedure, TestDatabase, nth } from '@app/testing';
import { generateWebhookSecret } from '../signing/webhook-signature';
import { nationalReconciliation, planNationalSync, StatusChangedPayload } from './national-sync';
import { RegimeService } from '@app/regimes';

const WARD = '000.17.22.H56';
const PROCEDURE = '1.004873';

function staff(username: string, roles: Principal['roles']): Principal {
  return {
    subject: `${username}-subject`,
    kind: 'user',
    username,
    name: username,
    email: null,
    roles,
    agency: WARD,
    agencyName: null,
    clientId: 'portal-web',
  };
}

const clerk = staff('tiepnhan', ['clerk']);
const specialist = staff('chuyenvien', ['specialist']);

interface OutboxRow {
  id: string;
  payload: StatusChangedPayload;
}

describe('national portal sync on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dossiers: DossierService;
  let formData: Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 4 });
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
    dossiers = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
    formData = fillForm((await publishedProcedure(db.url, PROCEDURE)).formSchema);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  /** Received, assigned, and assigned again (a change that leaves the status as it was). */
  async function dossierInProcess(): Promise<{ id: string; code: string }> {
    const row = await dossiers.open(clerk, {
      procedureCode: PROCEDURE,
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Trần Thị Bình', idNumber: null, phone: null, email: null, address: null },
      formData,
    });
    await dossiers.act(clerk, row.id, 'submit');
    const received = await dossiers.act(clerk, row.id, 'receive');
    await dossiers.act(clerk, row.id, 'assign', { assignee: specialist.subject });
    await dossiers.act(clerk, row.id, 'assign', { assignee: specialist.subject });
    return { id: row.id, code: received.code ?? '' };
  }

  const statusEvents = (dossierId: string) =>
    ds.query<OutboxRow[]>(
      `SELECT id, payload FROM outbox_event WHERE aggregate_id = $1 AND event_type = 'dossier.status_changed'
        ORDER BY created_at, id`,
      [dossierId],
    );

  /** What the worker's outbox handler does for each status change, in one transaction per event. */
  async function handle(dossierId: string): Promise<string[][]> {
    const planned: string[][] = [];
    for (const e of await statusEvents(dossierId)) {
      planned.push(await ds.transaction((em) => planNationalSync(em, e)));
    }
    return planned;
  }

  const deliveriesOf = (dossierId: string) =>
    ds.query<Array<{ id: string; source_key: string; event_type: string; payload: Record<string, unknown> }>>(
      `SELECT id, source_key, event_type, payload FROM delivery WHERE dossier_id = $1 ORDER BY (payload->>'sequence')::bigint`,
      [dossierId],
    );

  async function activateNationalPortal(): Promise<void> {
    await ds.query(
      `UPDATE delivery_target SET active = true, url = 'http://127.0.0.1:9/national', secret = $1
        WHERE kind = 'national_portal'`,
      [generateWebhookSecret()],
    );
  }

  it('plans nothing while the national portal target is inactive', async () => {
    const d = await dossierInProcess();
    expect((await handle(d.id)).flat()).toEqual([]);
    expect(await deliveriesOf(d.id)).toEqual([]);
  });

  it('pushes each coded status change once, in the national vocabulary, with a growing sequence', async () => {
    await activateNationalPortal();
    const d = await dossierInProcess();
    const events = await statusEvents(d.id);
    expect(events.map((e) => e.payload.action)).toEqual(['submit', 'receive', 'assign', 'assign']);

    const planned = await handle(d.id);
    // submit: no code yet; the second assignment left the status as it was.
    expect(planned.map((ids) => ids.length)).toEqual([0, 1, 1, 0]);
    expect((await handle(d.id)).flat()).toEqual([]);

    const rows = await deliveriesOf(d.id);
    expect(rows.map((r) => r.source_key)).toEqual([`status:${nth(events, 1).id}`, `status:${nth(events, 2).id}`]);
    expect(rows.every((r) => r.event_type === 'national.status_changed')).toBe(true);
    expect(nth(rows, 0).payload).toEqual({
      type: 'national.status_changed',
      eventId: nth(events, 1).id,
      dossierCode: d.code,
      statusCode: 2,
      statusName: 'Được tiếp nhận',
      internalStatus: 'received',
      action: 'receive',
      agencyCode: WARD,
      procedureCode: PROCEDURE,
      occurredAt: nth(events, 1).payload.occurredAt,
      sequence: expect.any(Number) as number,
    });
    expect(nth(rows, 1).payload).toMatchObject({
      statusCode: 4,
      statusName: 'Đang xử lý',
      internalStatus: 'in_process',
    });
    expect(nth(rows, 1).payload.sequence as number).toBeGreaterThan(nth(rows, 0).payload.sequence as number);

    const scheduled = await ds.query<Array<{ payload: { deliveryIds: string[] } }>>(
      `SELECT payload FROM outbox_event WHERE event_type = 'delivery.scheduled' AND payload->'deliveryIds' ?| $1`,
      [rows.map((r) => r.id)],
    );
    expect(scheduled.flatMap((s) => s.payload.deliveryIds).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('reconciles a period: in sync, pending, dead-lettered and never sent, with totals', async () => {
    const from = new Date();
    await ds.query(`UPDATE delivery_target SET active = false WHERE kind = 'national_portal'`);
    const neverSent = await dossierInProcess();
    await handle(neverSent.id);
    await activateNationalPortal();
    const inSync = await dossierInProcess();
    const pending = await dossierInProcess();
    const dead = await dossierInProcess();
    for (const d of [inSync, pending, dead]) await handle(d.id);
    const setStatus = async (d: { id: string }, statuses: string[]) => {
      const rows = await deliveriesOf(d.id);
      for (const [i, status] of statuses.entries()) {
        await ds.query(
          `UPDATE delivery SET status = $2::varchar, attempts = 3, last_error = $3,
                  delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
                  dead_at = CASE WHEN $2 = 'dead' THEN now() END
            WHERE id = $1`,
          [nth(rows, i).id, status, status === 'delivered' ? null : 'HTTP 503'],
        );
      }
    };
    await setStatus(inSync, ['delivered', 'delivered']);
    await setStatus(pending, ['delivered', 'pending']);
    await setStatus(dead, ['delivered', 'dead']);

    const report = await nationalReconciliation(ds, { from, to: new Date(Date.now() + 60_000) });
    expect(report.target).toEqual({ code: 'national-portal', active: true, url: 'http://127.0.0.1:9/national' });
    const stateOf = (d: { id: string }) => report.items.find((i) => i.dossierId === d.id);
    expect(stateOf(inSync)).toMatchObject({
      state: 'in_sync',
      status: 'in_process',
      nationalCode: 4,
      nationalName: 'Đang xử lý',
      lastDeliveredCode: 4,
      openDelivery: null,
    });
    expect(stateOf(pending)).toMatchObject({
      state: 'pending',
      lastDeliveredCode: 2,
      openDelivery: { attempts: 3, lastError: 'HTTP 503', deadAt: null },
    });
    expect(stateOf(dead)).toMatchObject({ state: 'dead_lettered', lastDeliveredCode: 2 });
    expect(stateOf(dead)?.openDelivery?.deadAt).toBeInstanceOf(Date);
    expect(stateOf(neverSent)).toMatchObject({ state: 'never_sent', lastDeliveredCode: null, openDelivery: null });
    expect(report.totals).toEqual({ dossiers: 4, inSync: 1, pending: 1, deadLettered: 1, neverSent: 1 });

    const before = await nationalReconciliation(ds, { from: new Date(from.getTime() - 3600_000), to: from });
    expect(before.items.map((i) => i.dossierId)).not.toContain(inSync.id);
  });
});

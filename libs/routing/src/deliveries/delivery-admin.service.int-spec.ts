import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { createDataSource } from '@app/database';
import {
  createForwardableDossiers,
  createTestDatabase,
  seedLienThongDatabase,
  TestDatabase,
  first,
  only,
} from '@app/testing';
import { DeliveryAdminService } from './delivery-admin.service';

const POLICE = '000.31.22.H56';
const BHXH = '000.40.17.H56';

const admin: Principal = {
  subject: 'admin-subject',
  kind: 'user',
  username: 'quantri',
  name: 'Bùi Quang Huy',
  email: null,
  roles: ['admin'],
  agency: '000.17.22.H56',
  agencyName: null,
  clientId: 'portal-web',
};
const clerk: Principal = { ...admin, subject: 'clerk-subject', username: 'tiepnhan', roles: ['clerk'] };

describe('DeliveryAdminService on PostgreSQL: target health, delivery lists, replay of dead letters', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: DeliveryAdminService;
  let dossierId: string;
  const ids = { waiting: '', failing: '', dead1: '', dead2: '', recent: '', old: '', bhxhDead: '' };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedLienThongDatabase(db.url);
    ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    service = new DeliveryAdminService(ds);
    dossierId = only(await createForwardableDossiers(db.url, 1), 'dossier');
    // Deliveries in every state, as the worker leaves them; a police circuit opened after five failures.
    const add = async (
      name: keyof typeof ids,
      target: string,
      values: { status: string; attempts: number; ageMinutes: number; deliveredHoursAgo?: number; error?: string },
    ) => {
      const row = first(
        await ds.query<Array<{ id: string }>>(
          `INSERT INTO delivery (target_id, source_key, dossier_id, event_type, payload, status, attempts, next_attempt_at,
                               last_attempt_at, last_status_code, last_error, delivered_at, dead_at, created_at)
         SELECT t.id, $2, $3, 'agency_case.opened', '{"type":"agency_case.opened"}', $4::text, $5::int,
                now() + interval '5 minutes', CASE WHEN $5::int > 0 THEN now() END, CASE WHEN $5::int > 0 THEN 503 END, $6,
                CASE WHEN $4::text = 'delivered' THEN now() - make_interval(hours => $7) END,
                CASE WHEN $4::text = 'dead' THEN now() END, now() - make_interval(mins => $8)
           FROM delivery_target t WHERE t.code = $1
         RETURNING id`,
          [
            target,
            `test:${name}`,
            dossierId,
            values.status,
            values.attempts,
            values.error ?? null,
            values.deliveredHoursAgo ?? 0,
            values.ageMinutes,
          ],
        ),
      );
      ids[name] = row.id;
    };
    await ds.query(
      `UPDATE delivery_target SET mode = 'push', url = 'https://congan.example.vn/hook',
                           secret = 'whsec_' || repeat('A', 32) WHERE code = ANY($1)`,
      [[POLICE, BHXH]],
    );
    await add('waiting', POLICE, { status: 'pending', attempts: 0, ageMinutes: 90 });
    await add('failing', POLICE, { status: 'pending', attempts: 3, ageMinutes: 30, error: 'HTTP 503' });
    await add('dead1', POLICE, { status: 'dead', attempts: 1, ageMinutes: 20, error: 'HTTP 410 Gone' });
    await add('dead2', POLICE, { status: 'dead', attempts: 9, ageMinutes: 10, error: 'timeout' });
    await add('recent', POLICE, { status: 'delivered', attempts: 1, ageMinutes: 60, deliveredHoursAgo: 1 });
    await add('old', POLICE, { status: 'delivered', attempts: 1, ageMinutes: 3000, deliveredHoursAgo: 48 });
    await add('bhxhDead', BHXH, { status: 'dead', attempts: 1, ageMinutes: 5, error: 'HTTP 400' });
    await ds.query(
      `INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, error, outcome)
       VALUES ($1, 1, now() - interval '20 minutes', 120, 410, 'HTTP 410 Gone', 'dead')`,
      [ids.dead1],
    );
    await ds.query(
      `UPDATE delivery_target SET consecutive_failures = 5, circuit_open_until = now() + interval '10 minutes',
                                  circuit_opened_count = 1 WHERE code = $1`,
      [POLICE],
    );
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('counts each target’s deliveries by state and shows its circuit and oldest pending age', async () => {
    const stats = await service.targetStats(admin);
    const police = stats.find((s) => s.code === POLICE);
    expect(police).toMatchObject({
      kind: 'agency',
      mode: 'push',
      hasSecret: true,
      pending: 2,
      failing: 1,
      dead: 2,
      deliveredLast24h: 1,
      circuit: 'open',
      consecutiveFailures: 5,
    });
    expect(police?.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(90 * 60);
    expect(police?.oldestPendingAgeSeconds).toBeLessThan(95 * 60);
    expect(stats.find((s) => s.code === BHXH)).toMatchObject({ dead: 1, pending: 0, circuit: 'closed' });
    expect(stats.find((s) => s.kind === 'national_portal')).toMatchObject({ mode: 'push', active: false, pending: 0 });
  });

  it('lists deliveries newest first by target and status, page by page', async () => {
    const dead = await service.list(admin, { target: POLICE, status: 'dead' });
    expect(dead.items.map((d) => d.id)).toEqual([ids.dead2, ids.dead1]);
    expect(dead.items[1]).toMatchObject({ lastError: 'HTTP 410 Gone', dossierId, failing: false });
    expect((await service.list(admin, { status: 'failing' })).items.map((d) => d.id)).toEqual([ids.failing]);

    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await service.list(admin, { target: POLICE, limit: 2, after });
      seen.push(...page.items.map((d) => d.id));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual([ids.dead2, ids.dead1, ids.failing, ids.recent, ids.waiting, ids.old]);

    await expect(service.list(admin, { after: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'after' }] },
    });
    await expect(service.list(admin, { target: 'no-such-target' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.list(clerk, {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('shows one delivery with every attempt', async () => {
    const one = await service.get(admin, ids.dead1);
    expect(one.attemptsHistory).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: 410,
        error: 'HTTP 410 Gone',
        outcome: 'dead',
        durationMs: 120,
      }),
    ]);
    await expect(service.get(admin, 'not-a-uuid')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('replays a dead letter in one transaction: pending again, audited, scheduled through the outbox', async () => {
    const replayed = await service.replay(admin, ids.dead1);
    expect(replayed).toMatchObject({ status: 'pending', attempts: 0, replayCount: 1, deadAt: null });
    expect(replayed.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const event = first(
      await ds.query<Array<{ payload: { deliveryIds: string[] } }>>(
        `SELECT payload FROM outbox_event WHERE event_type = 'delivery.scheduled' AND payload->'deliveryIds' ? $1`,
        [ids.dead1],
      ),
    );
    expect(event.payload.deliveryIds).toEqual([ids.dead1]);
    const audit = await ds.query<Array<{ actor_role: string; data: Record<string, unknown> }>>(
      `SELECT actor_role, data FROM dossier_event WHERE dossier_id = $1 AND action = 'delivery_replayed'`,
      [dossierId],
    );
    expect(audit).toEqual([
      { actor_role: 'admin', data: expect.objectContaining({ deliveryId: ids.dead1, target: POLICE, replayCount: 1 }) },
    ]);

    await expect(service.replay(admin, ids.dead1)).rejects.toMatchObject({ code: 'conflict' });
    await expect(service.replay(admin, ids.recent)).rejects.toMatchObject({ code: 'conflict' });
    await expect(service.replay(clerk, ids.dead2)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await service.get(admin, ids.dead2)).status).toBe('dead');
  });

  it('replays every dead letter of one target and leaves the others alone', async () => {
    expect(await service.replayAllDead(admin, POLICE)).toEqual({ target: POLICE, replayed: 1 });
    expect((await service.get(admin, ids.dead2)).status).toBe('pending');
    expect((await service.get(admin, ids.bhxhDead)).status).toBe('dead');
    expect(await service.replayAllDead(admin, POLICE)).toEqual({ target: POLICE, replayed: 0 });
    await expect(service.replayAllDead(admin, 'no-such-target')).rejects.toMatchObject({ code: 'not_found' });
    const stats = (await service.targetStats(admin)).find((s) => s.code === POLICE);
    expect(stats).toMatchObject({ dead: 0, pending: 4, failing: 1 });
  });
});

import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadWorkerConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { QUEUES } from '@app/queues';
import { generateWebhookSecret, planDeliveries } from '@app/routing';
import { createTestDatabase, eventually, TestDatabase, testRedisPrefix, WebhookReceiver, first } from '@app/testing';
import { WorkerModule } from './worker.module';

/**
 * The worker's runtime wired as in production (WorkerModule in a Nest context, real PostgreSQL and Redis, a real
 * HTTP receiver): a delivery planned in a transaction goes outbox → relay → outbox job → RoutingService → delivery
 * job → signed POST, retries on failure, and survives the loss of its queued jobs.
 */
describe('router worker pipeline', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let app: INestApplicationContext;
  let receiver: WebhookReceiver;
  const prefix = testRedisPrefix();
  const secret = generateWebhookSecret();
  let targetId = '';
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, applicationName: 'motcua-test-pipeline', poolSize: 4 });
    await dataSource.initialize();
    receiver = await WebhookReceiver.start({ secrets: [secret] });
    const target = first(
      await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO delivery_target (code, kind, mode, url, secret, timeout_ms)
       VALUES ('national-portal', 'national_portal', 'push', $1, $2, 2000) RETURNING id`,
        [receiver.url, secret],
      ),
    );
    targetId = target.id;
    const config = loadWorkerConfig({
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '4',
      OUTBOX_POLL_INTERVAL_MS: '200',
      RECONCILE_INTERVAL_SECONDS: '1',
      RECONCILE_GRACE_SECONDS: '1',
      DELIVERY_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1',
      CIRCUIT_FAILURE_THRESHOLD: '1000',
      DELIVERY_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`*${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await dataSource?.destroy();
    await db?.drop();
  });

  async function plan(count: number): Promise<string[]> {
    return dataSource.transaction((em) =>
      planDeliveries(
        em,
        Array.from({ length: count }, () => ({
          targetId,
          sourceKey: `pipeline:${++seq}`,
          dossierId: null,
          agencyCaseId: null,
          eventType: 'test.forwarded',
          payload: { n: seq, ghiChú: 'chuyển liên thông' },
        })),
      ),
    );
  }

  const statuses = async (ids: string[]) =>
    (
      await dataSource.query<Array<{ status: string; n: number }>>(
        `SELECT status, count(*)::int AS n FROM delivery WHERE id = ANY($1::uuid[]) GROUP BY status`,
        [ids],
      )
    ).reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: r.n }), {});

  it('delivers what a transaction planned, signed, once per delivery', async () => {
    const ids = await plan(30);
    await receiver.waitForEffects(30, 20_000);
    expect(receiver.rejectedArrivals()).toEqual([]);
    expect(new Set(receiver.effects().map((e) => e.id))).toEqual(new Set(ids));
    expect(await eventually(async () => (await statuses(ids)).delivered, 30)).toBe(30);
    const outbox = first(
      await dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox_event WHERE handled_at IS NULL`,
      ),
    );
    expect(outbox.n).toBe(0);
    const metrics = await app.get(Registry).metrics();
    expect(metrics).toMatch(/motcua_deliveries_total\{target="national-portal",outcome="delivered"[^}]*\} 30/);
    expect(metrics).toMatch(/motcua_deliveries\{target="national-portal",status="delivered"[^}]*\} 30/);
    expect(metrics).toMatch(/motcua_circuit_open\{target="national-portal"[^}]*\} 0/);
  });

  it('retries while the receiver is down and delivers when it is back, even after the queue lost its jobs', async () => {
    await receiver.down();
    const ids = await plan(10);
    // Every delivery has failed at least once and is waiting for its retry.
    expect(
      await eventually(
        async () =>
          Number(
            (
              await dataSource.query<Array<{ n: number }>>(
                `SELECT count(*)::int AS n FROM delivery WHERE id = ANY($1::uuid[]) AND attempts > 0`,
                [ids],
              )
            )[0]?.n,
          ),
        10,
        20_000,
      ),
    ).toBe(10);
    // Redis loses the delivery queue (as after a restart without persistence, or a FLUSHALL).
    await app.get<Queue>(getQueueToken(QUEUES.delivery)).obliterate({ force: true });
    await receiver.up();

    await receiver.waitForEffects(40, 30_000);
    expect(await eventually(async () => (await statuses(ids)).delivered, 10, 20_000)).toBe(10);
    const attempts = await dataSource.query<Array<{ outcome: string; n: number }>>(
      `SELECT outcome, count(*)::int AS n FROM delivery_attempt WHERE delivery_id = ANY($1::uuid[]) GROUP BY outcome`,
      [ids],
    );
    expect(Object.fromEntries(attempts.map((a) => [a.outcome, a.n]))).toMatchObject({ delivered: 10 });
    const metrics = await app.get(Registry).metrics();
    expect(metrics).toMatch(/motcua_reconciler_restored_total\{kind="delivery"[^}]*\} [1-9]/);
  });
});

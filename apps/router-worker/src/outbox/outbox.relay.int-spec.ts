import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadWorkerConfig, WorkerConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { bullPrefix, OUTBOX_JOBS, QUEUES } from '@app/queues';
import { createTestDatabase, eventually, TestDatabase, testRedisPrefix, nth } from '@app/testing';
import { OutboxRelay } from './outbox.relay';

describe('OutboxRelay on PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let queue: Queue;
  const prefix = testRedisPrefix();
  const relays: OutboxRelay[] = [];

  function config(env: Record<string, string>): WorkerConfig {
    return loadWorkerConfig({
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      ...env,
    });
  }

  function relay(env: Record<string, string> = {}): OutboxRelay {
    const r = new OutboxRelay(config(env), dataSource, queue);
    relays.push(r);
    return r;
  }

  async function insertEvents(count: number): Promise<string[]> {
    const rows = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload, correlation_id)
       SELECT 'test', gen_random_uuid(), 'test.event', jsonb_build_object('n', n), 'corr-' || n
         FROM generate_series(1, $1) AS n
       RETURNING id`,
      [count],
    );
    return rows.map((r) => r.id);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, applicationName: 'motcua-test-relay', poolSize: 12 });
    await dataSource.initialize();
    queue = new Queue(QUEUES.outbox, { connection: { host: '127.0.0.1', port: 6379 }, prefix: bullPrefix(prefix) });
  });

  afterAll(async () => {
    for (const r of relays) await r.onModuleDestroy();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await dataSource.destroy();
    await db.drop();
  });

  beforeEach(async () => {
    await queue.obliterate({ force: true });
    await dataSource.query(`DELETE FROM outbox_event`);
  });

  it('two relays racing enqueue every event exactly once, job id = event id, and mark them relayed', async () => {
    const ids = await insertEvents(1000);
    const a = relay({ OUTBOX_BATCH_SIZE: '37' });
    const b = relay({ OUTBOX_BATCH_SIZE: '37' });

    const counts = await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);

    // SKIP LOCKED: the relays claimed disjoint batches, whose sizes add up to the events, none twice.
    expect(counts.reduce((x, y) => x + y, 0)).toBe(ids.length);
    expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1);
    const jobs = await queue.getJobs(['waiting'], 0, -1);
    expect(jobs).toHaveLength(ids.length);
    expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(ids));
    const job = jobs.find((j) => j.id === ids[0])!;
    expect(job.name).toBe(OUTBOX_JOBS.event);
    expect(job.data).toEqual({ eventId: ids[0], correlationId: 'corr-1' });
    const left = nth(
      await dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox_event WHERE relayed_at IS NULL`,
      ),
      0,
    );
    expect(left.n).toBe(0);
    expect(await a.drain()).toBe(0);
  });

  it('relaying an event again (a commit lost after enqueueing) does not duplicate its job', async () => {
    const id = nth(await insertEvents(1), 0);
    const r = relay();
    expect(await r.drain()).toBe(1);
    await dataSource.query(`UPDATE outbox_event SET relayed_at = NULL WHERE id = $1`, [id]);
    expect(await r.drain()).toBe(1);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
  });

  it('is woken by NOTIFY without waiting for the poll, and listens again after its connection is killed', async () => {
    // A poll interval far beyond the test: only the notification can relay the event in time.
    const r = relay({ OUTBOX_POLL_INTERVAL_MS: '60000' });
    await r.onApplicationBootstrap();
    expect(r.isListening()).toBe(true);

    const first = nth(await insertEvents(1), 0);
    expect(await eventually(async () => (await queue.getJobState(first)) === 'waiting', true)).toBe(true);

    const { n } = nth(
      await dataSource.query<Array<{ n: number }>>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'motcua-worker-outbox-listen'`,
      ),
      0,
    );
    expect(n).toBe(1);
    expect(await eventually(() => Promise.resolve(r.isListening()), false)).toBe(false);
    expect(await eventually(() => Promise.resolve(r.isListening()), true)).toBe(true);

    const second = nth(await insertEvents(1), 0);
    expect(await eventually(async () => (await queue.getJobState(second)) === 'waiting', true)).toBe(true);
    await r.onModuleDestroy();
    expect(r.isListening()).toBe(false);
  });

  it('falls back to polling when notifications are lost', async () => {
    const r = relay({ OUTBOX_POLL_INTERVAL_MS: '100' });
    await r.onApplicationBootstrap();
    // Inserted with the trigger's notification suppressed: as if it had been sent while nobody listened.
    await dataSource.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      await em.query(
        `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload)
         VALUES ('test', gen_random_uuid(), 'test.silent', '{}')`,
      );
    });
    const { id } = nth(
      await dataSource.query<Array<{ id: string }>>(`SELECT id FROM outbox_event WHERE event_type = 'test.silent'`),
      0,
    );
    expect(await eventually(async () => (await queue.getJobState(id)) === 'waiting', true)).toBe(true);
    await r.onModuleDestroy();
  });
});

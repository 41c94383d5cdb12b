import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadWorkerConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { bullPrefix, DELIVERY_JOBS, deliveryJobId, OUTBOX_JOBS, QUEUES } from '@app/queues';
import { createTestDatabase, eventually, TestDatabase, testRedisPrefix, first, entry } from '@app/testing';
import { WorkerMetrics } from '../metrics/worker.metrics';
import { Reconciler } from './reconciler.service';

describe('Reconciler: PostgreSQL says what is due, Redis is re-filled from it', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const prefix = testRedisPrefix();
  const connection = { host: '127.0.0.1', port: 6379 };
  const queues: Record<string, Queue> = {};
  const queue = (name: string): Queue => entry(queues, name, 'queue');
  let registry: Registry;
  let reconciler: Reconciler;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, applicationName: 'motcua-test-reconciler', poolSize: 6 });
    await dataSource.initialize();
    for (const name of [QUEUES.maintenance, QUEUES.outbox, QUEUES.delivery]) {
      queues[name] = new Queue(name, { connection, prefix: bullPrefix(prefix) });
    }
    registry = new Registry();
    const metrics = new WorkerMetrics(
      registry,
      dataSource,
      queue(QUEUES.maintenance),
      queue(QUEUES.outbox),
      queue(QUEUES.delivery),
    );
    const config = loadWorkerConfig({
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      RECONCILE_GRACE_SECONDS: '30',
    });
    reconciler = new Reconciler(config, dataSource, queue(QUEUES.outbox), queue(QUEUES.delivery), metrics);
  });

  afterAll(async () => {
    for (const q of Object.values(queues)) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    await dataSource.destroy();
    await db.drop();
  });

  async function event(relayedSecondsAgo: number | null, handled = false): Promise<string> {
    const row = first(
      await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload, relayed_at, handled_at)
       VALUES ('test', gen_random_uuid(), 'test.event', '{}',
               CASE WHEN $1::int IS NULL THEN NULL ELSE now() - make_interval(secs => $1::int) END,
               CASE WHEN $2 THEN now() END)
       RETURNING id`,
        [relayedSecondsAgo, handled],
      ),
    );
    return row.id;
  }

  let targetId = '';
  async function delivery(status: string, dueSecondsAgo: number): Promise<{ id: string; jobId: string }> {
    if (!targetId) {
      const t = first(
        await dataSource.query<Array<{ id: string }>>(
          `INSERT INTO delivery_target (code, kind, mode, url, secret)
         VALUES ('national-portal-test', 'national_portal', 'push', 'http://127.0.0.1:9/hook',
                 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==') RETURNING id`,
        ),
      );
      targetId = t.id;
    }
    const row = first(
      await dataSource.query<Array<{ id: string; attempts: number; next_attempt_at: Date }>>(
        `INSERT INTO delivery (target_id, source_key, event_type, payload, status, attempts, next_attempt_at)
       VALUES ($1, gen_random_uuid()::text, 'test', '{}', $2, 2, now() - make_interval(secs => $3::int))
       RETURNING id, attempts, next_attempt_at`,
        [targetId, status, dueSecondsAgo],
      ),
    );
    return { id: row.id, jobId: deliveryJobId(row.id, row.attempts, row.next_attempt_at) };
  }

  it('re-adds what Redis lost, leaves alone what it still has, and ignores what is not overdue', async () => {
    const lostEvent = await event(120);
    const freshEvent = await event(5);
    const handledEvent = await event(120, true);
    const unrelayedEvent = await event(null);
    const queuedEvent = await event(120);
    await queue(QUEUES.outbox).add(
      OUTBOX_JOBS.event,
      { eventId: queuedEvent, correlationId: null },
      { jobId: queuedEvent },
    );

    const lostDelivery = await delivery('pending', 120);
    const dueSoon = await delivery('pending', 5);
    const delivered = await delivery('delivered', 120);
    const dead = await delivery('dead', 120);

    expect(await reconciler.reconcile()).toEqual({ outbox: 1, deliveries: 1 });

    expect(await queue(QUEUES.outbox).getJobState(lostEvent)).toBe('waiting');
    const restored = await queue(QUEUES.outbox).getJob(lostEvent);
    expect(restored).toMatchObject({ name: OUTBOX_JOBS.event, data: { eventId: lostEvent, correlationId: null } });
    for (const id of [freshEvent, handledEvent, unrelayedEvent]) {
      expect(await queue(QUEUES.outbox).getJobState(id)).toBe('unknown');
    }
    const job = await queue(QUEUES.delivery).getJob(lostDelivery.jobId);
    expect(job).toMatchObject({ name: DELIVERY_JOBS.attempt, data: { deliveryId: lostDelivery.id } });
    expect(await queue(QUEUES.delivery).getJobState(lostDelivery.jobId)).toBe('waiting');
    for (const d of [dueSoon, delivered, dead]) {
      expect(await queue(QUEUES.delivery).getJobState(d.jobId)).toBe('unknown');
    }

    // Nothing more to restore: the jobs are there now.
    expect(await reconciler.reconcile()).toEqual({ outbox: 0, deliveries: 0 });
    const text = await registry.metrics();
    expect(text).toMatch(/motcua_reconciler_restored_total\{kind="outbox"\} 1/);
    expect(text).toMatch(/motcua_reconciler_restored_total\{kind="delivery"\} 1/);
    expect(text).toMatch(/motcua_outbox_pending 4/);
    expect(text).toMatch(/motcua_deliveries\{target="national-portal-test",status="pending"\} 2/);
    expect(text).toMatch(/motcua_queue_jobs\{queue="outbox",state="waiting"\} 2/);
  });

  it('retries a failed job, and re-adds a completed one whose work PostgreSQL still shows as due', async () => {
    await queue(QUEUES.delivery).obliterate({ force: true });
    await dataSource.query(`UPDATE delivery SET status = 'delivered' WHERE status = 'pending'`);
    const failing = await delivery('pending', 300);
    const completed = await delivery('pending', 300);
    const worker = new Worker(
      QUEUES.delivery,
      (job) =>
        job.id === failing.jobId ? Promise.reject(new Error('database unavailable')) : Promise.resolve('skipped'),
      { connection, prefix: bullPrefix(prefix) },
    );
    try {
      await queue(QUEUES.delivery).add(DELIVERY_JOBS.attempt, { deliveryId: failing.id }, { jobId: failing.jobId });
      await queue(QUEUES.delivery).add(DELIVERY_JOBS.attempt, { deliveryId: completed.id }, { jobId: completed.jobId });
      expect(await eventually(() => queue(QUEUES.delivery).getJobState(failing.jobId), 'failed')).toBe('failed');
      expect(await eventually(() => queue(QUEUES.delivery).getJobState(completed.jobId), 'completed')).toBe(
        'completed',
      );
    } finally {
      await worker.close();
    }

    expect(await reconciler.reconcile()).toMatchObject({ deliveries: 2 });
    expect(await queue(QUEUES.delivery).getJobState(failing.jobId)).toBe('waiting');
    expect(await queue(QUEUES.delivery).getJobState(completed.jobId)).toBe('waiting');
  });

  it('runs in one worker at a time', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(4115001)`);
      expect(await reconciler.reconcile()).toBeNull();
      await holder.query('ROLLBACK');
      expect(await reconciler.reconcile()).not.toBeNull();
    } finally {
      await holder.end();
    }
  });
});

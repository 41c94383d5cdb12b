import { Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { bullPrefix, MAINTENANCE_JOBS, QUEUES, sessionKeys } from '@app/queues';
import {
  createTestDatabase,
  freePort,
  spawnApp,
  testRedisPrefix,
  TestDatabase,
  waitForHttp,
  WORKER_MAIN,
} from '@app/testing';

describe('router worker process', () => {
  let db: TestDatabase;
  const prefix = testRedisPrefix();
  const redis = new Redis('redis://127.0.0.1:6379');
  const connection = { host: '127.0.0.1', port: 6379 };
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    db = await createTestDatabase();
    queue = new Queue(QUEUES.maintenance, { connection, prefix: bullPrefix(prefix) });
    events = new QueueEvents(QUEUES.maintenance, { connection, prefix: bullPrefix(prefix) });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await events.close();
    const keys = await redis.keys(`*${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await db.drop();
  });

  async function startWorker() {
    const port = await freePort();
    const metricsPort = await freePort();
    const proc = spawnApp(WORKER_MAIN, [], {
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      WORKER_HEALTH_PORT: String(port),
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_CONCURRENCY: '2',
      LOG_LEVEL: 'info',
    });
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, proc);
    return { proc, port, metricsPort };
  }

  it('reports readiness and queue metrics, and registers its schedule', async () => {
    const { proc, port, metricsPort } = await startWorker();
    try {
      const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as Record<string, unknown>;
      expect(ready).toMatchObject({
        status: 'ok',
        checks: { database: { status: 'up' }, redis: { status: 'up' }, consumers: { status: 'up' } },
      });
      // Metrics have their own loopback listener; the health port does not serve them.
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/queue_jobs\{queue="maintenance",state="waiting"/);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toContain('prune-session-index-hourly');
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  });

  it('on SIGTERM finishes the job in progress, then exits 0', async () => {
    // Enough stale index entries that the prune job is still running when the signal arrives.
    const entries = 200_000;
    const key = sessionKeys.bySid(prefix, 'big');
    for (let i = 0; i < entries; i += 10_000) {
      await redis.sadd(key, ...Array.from({ length: 10_000 }, (_, j) => `stale-${i + j}`));
    }
    const { proc } = await startWorker();
    const job = await queue.add(MAINTENANCE_JOBS.pruneSessionIndex, {});
    const deadline = Date.now() + 20_000;
    while ((await job.getState()) !== 'active') {
      if (Date.now() > deadline) throw new Error(`job never became active:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toMatch(/SIGTERM received: finishing jobs in progress/);
    expect(await job.getState()).toBe('completed');
    const done = await queue.getJob(String(job.id));
    expect(done?.returnvalue).toMatchObject({ entriesRemoved: entries });
    expect(await redis.exists(key)).toBe(0);
  });
});

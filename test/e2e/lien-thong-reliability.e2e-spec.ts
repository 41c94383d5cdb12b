import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { bullPrefix, QUEUES } from '@app/queues';
import type { Principal } from '@app/auth';
import { createDataSource } from '@app/database';
import { DeliveryAdminService, generateWebhookSecret, verifyExchangeLog } from '@app/routing';
import {
  configureNonPushTarget,
  configurePushTarget,
  createForwardableDossiers,
  createTestDatabase,
  DossierForwarder,
  eventually,
  ForwardResult,
  metricValue,
  POLICE_AGENCY,
  PrivateRedis,
  seedLienThongDatabase,
  SOCIAL_INSURANCE_AGENCY,
  TestDatabase,
  testRedisPrefix,
  WebhookReceiver,
  WorkerProcess,
  first,
  nth,
} from '@app/testing';

/**
 * The liên thông worker under failure, end to end: real PostgreSQL, a private Redis server, two processes of the
 * built router worker, forwards through DossierService, and agencies played by real HTTP receivers that check every
 * message with the reference Standard Webhooks implementation and deduplicate on webhook-id.
 */

const ADMIN: Principal = {
  subject: 'test-admin',
  kind: 'user',
  username: 'quantri',
  name: 'Quản trị hệ thống',
  email: null,
  roles: ['admin'],
  agency: '000.17.22.H56',
  agencyName: 'Ủy ban nhân dân phường Thủy Biều',
  clientId: 'portal-web',
};

/** Short schedules so that retries, circuits and reconciliation happen within seconds. */
const WORKER_ENV = {
  WORKER_CONCURRENCY: '8',
  OUTBOX_POLL_INTERVAL_MS: '250',
  RECONCILE_INTERVAL_SECONDS: '1',
  RECONCILE_GRACE_SECONDS: '3',
  // Forty retries a second or two apart: an outage of the receiver during a test never exhausts them (a half-open
  // probe counts as an attempt), while the default schedule would space them over days.
  DELIVERY_RETRY_SCHEDULE: Array.from({ length: 40 }, (_, i) => (i < 4 ? 1 : 2)).join(','),
  // The default threshold: five deliveries failing together open the circuit on their second round of retries.
  CIRCUIT_FAILURE_THRESHOLD: '5',
  CIRCUIT_OPEN_SECONDS: '1',
  CIRCUIT_MAX_OPEN_SECONDS: '2',
};

interface CaseOpenedBody {
  type: string;
  case: { id: string; dossierId: string; dossierCode: string; agencyCode: string; stepCode: string };
  links: Record<string, string>;
}

interface DeliveryRow {
  id: string;
  agency_case_id: string;
  dossier_id: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  replay_count: number;
  last_status_code: number | null;
  last_error: string | null;
  target: string;
}

describe('liên thông worker reliability (built worker, private Redis, real receivers)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let redis: PrivateRedis;
  let forwarder: DossierForwarder;
  const prefix = testRedisPrefix();
  const workers: WorkerProcess[] = [];
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedLienThongDatabase(db.url);
    ds = createDataSource({ url: db.url, applicationName: 'motcua-test-reliability', poolSize: 4 });
    await ds.initialize();
    redis = await PrivateRedis.start();
    forwarder = await DossierForwarder.create(db.url);
    for (const name of ['worker-1', 'worker-2']) {
      workers.push(
        await WorkerProcess.start({
          name,
          databaseUrl: db.url,
          redisUrl: redis.url,
          redisPrefix: prefix,
          env: WORKER_ENV,
        }),
      );
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(receivers.map((r) => r.close()));
    await forwarder?.close();
    await ds?.destroy();
    await redis?.stop();
    await db?.drop();
  });

  async function receiver(secrets: string[]): Promise<WebhookReceiver> {
    const r = await WebhookReceiver.start({ secrets });
    receivers.push(r);
    return r;
  }

  function workerOutput(): string {
    return workers.map((w) => `===== ${w.name} =====\n${w.output().slice(-6000)}`).join('\n');
  }

  async function deliveriesOf(dossierIds: readonly string[]): Promise<DeliveryRow[]> {
    return ds.query<DeliveryRow[]>(
      `SELECT d.id, d.agency_case_id, d.dossier_id, d.status, d.attempts, d.replay_count, d.last_status_code,
              d.last_error, t.code AS target
         FROM delivery d JOIN delivery_target t ON t.id = d.target_id
        WHERE d.dossier_id = ANY($1::uuid[]) ORDER BY d.created_at`,
      [dossierIds],
    );
  }

  /** Forwards fresh dossiers through DossierService; resolves once every forward has committed. */
  async function forward(count: number): Promise<string[]> {
    const ids = await createForwardableDossiers(db.url, count);
    await forwarder.forwardAll(ids);
    return ids;
  }

  /** Waits for a receiver condition; on timeout the error also shows the deliveries' rows and their attempts. */
  async function explained(wait: Promise<void>, dossierIds: readonly string[]): Promise<void> {
    try {
      await wait;
    } catch (err) {
      const rows = await deliveriesOf(dossierIds);
      const attempts = await ds.query<unknown[]>(
        `SELECT a.delivery_id, a.attempt, a.started_at, a.outcome, a.status_code, a.error
           FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
          WHERE d.dossier_id = ANY($1::uuid[]) ORDER BY a.id`,
        [dossierIds],
      );
      const pending = rows.filter((r) => r.status !== 'delivered');
      throw new Error(
        `${(err as Error).message}\nnot delivered: ${JSON.stringify(pending, null, 1)}\n` +
          `attempts: ${JSON.stringify(attempts.slice(-40), null, 1)}`,
      );
    }
  }

  /**
   * Starts forwarding the dossiers in the background; `reached(n)` resolves once n forwards have committed, so the
   * test can strike at a given point of the burst.
   */
  function burstOf(dossierIds: readonly string[]) {
    let committed = 0;
    const waiters: Array<{ n: number; resolve: () => void }> = [];
    const done = forwarder.forwardAll(dossierIds, 8, (count) => {
      committed = count;
      for (const w of waiters.filter((x) => x.n <= count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
    return {
      done,
      committed: () => committed,
      reached: (n: number) =>
        n <= committed
          ? Promise.resolve()
          : Promise.race([new Promise<void>((resolve) => waiters.push({ n, resolve })), done.then(() => undefined)]),
    };
  }

  /** Delivery jobs in Redis that no worker has taken (waiting, prioritised or delayed). */
  async function waitingDeliveryJobs(): Promise<number> {
    const connection = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue(QUEUES.delivery, { connection, prefix: bullPrefix(prefix) });
    try {
      const counts = await queue.getJobCounts('wait', 'prioritized', 'delayed');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  /** A sum over both worker processes (per-process counters) of one metric sample. */
  async function metricSum(name: string, labels: Record<string, string>): Promise<number> {
    let sum = 0;
    for (const w of workers) sum += metricValue(await w.metrics(), name, labels) ?? 0;
    return sum;
  }

  it('delivers each opened case as a signed Standard Webhooks message, both signatures valid during a rotation', async () => {
    const policeSecret = generateWebhookSecret();
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const police = await receiver([policeSecret]);
    // Social insurance is rotating its secret: the worker signs with the new and the old one until the old expires.
    const bhxh = await receiver([oldSecret, newSecret]);
    await configurePushTarget(db.url, POLICE_AGENCY, { url: police.url, secret: policeSecret });
    await configurePushTarget(db.url, SOCIAL_INSURANCE_AGENCY, {
      url: bhxh.url,
      secret: newSecret,
      previousSecret: oldSecret,
    });

    const ids = await forward(3);
    await police.waitForEffects(3, 30_000, workerOutput);
    await bhxh.waitForEffects(3, 30_000, workerOutput);
    // The receivers have answered; each worker records the outcome right after.
    expect(await eventually(async () => (await deliveriesOf(ids)).every((d) => d.status === 'delivered'), true)).toBe(
      true,
    );

    expect(police.rejectedArrivals()).toEqual([]);
    expect(bhxh.rejectedArrivals()).toEqual([]);
    expect(police.arrivals.every((a) => a.signatureCount === 1 && a.verifiedBy[0])).toBe(true);
    // Two signatures, each valid on its own: a receiver still on the old secret and one already on the new accept it.
    expect(bhxh.arrivals.every((a) => a.signatureCount === 2 && a.verifiedBy.every(Boolean))).toBe(true);

    const deliveries = await deliveriesOf(ids);
    expect(deliveries).toHaveLength(6);
    for (const d of deliveries) {
      const at = d.target === POLICE_AGENCY ? police : bhxh;
      // The delivery's id is the webhook-id, and the receiver got the opened case it stands for.
      const effect = at.effectOf(d.id);
      expect(effect).toBeDefined();
      const body = effect?.body as CaseOpenedBody;
      expect(body).toMatchObject({
        type: 'agency_case.opened',
        case: { id: d.agency_case_id, dossierId: d.dossier_id, agencyCode: d.target },
      });
      expect(body.links.acknowledge).toBe(`/api/v1/agency-cases/${d.agency_case_id}/acknowledge`);
      expect(d).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 204 });
      // The exchange log keeps the exact message and the signature the agency received, in an intact hash chain.
      const logged = first(
        await ds.query<Array<{ body: string; signature: string }>>(
          `SELECT body, signature FROM exchange_log WHERE message_id = $1 AND direction = 'out'`,
          [d.id],
        ),
      );
      expect(logged.signature).toBe(first(at.arrivalsOf(d.id), 'arrival').signature);
      expect(JSON.parse(logged.body)).toEqual(body);
    }
    for (const id of ids) expect((await verifyExchangeLog(ds, { dossierId: id })).problems).toEqual([]);
  });

  it('retries while the receiver is down (refused, then 503) and delivers each message exactly once', async () => {
    // Five deliveries fail together at once, so the circuit opens only after each has failed once.
    const secret = generateWebhookSecret();
    const police = await receiver([secret]);
    await configurePushTarget(db.url, POLICE_AGENCY, { url: police.url, secret, timeoutMs: 2_000 });
    await configureNonPushTarget(db.url, SOCIAL_INSURANCE_AGENCY, 'inbox');
    await police.down();

    const ids = await forward(5);
    // Connection refused: every delivery fails at least once and is scheduled again.
    const failedOnce = async () =>
      (await deliveriesOf(ids)).filter((d) => d.status === 'pending' && d.attempts >= 1).length;
    if ((await eventually(failedOnce, 5, 20_000)) !== 5) {
      throw new Error(
        `not every delivery failed and waits for a retry:\n${JSON.stringify(await deliveriesOf(ids), null, 1)}`,
      );
    }
    const refused = await deliveriesOf(ids);
    expect(refused.every((d) => /network error/.test(d.last_error ?? ''))).toBe(true);

    // Back, but overloaded: answers 503 until told otherwise.
    police.answer(503);
    await police.up();
    // Attempts wait while the circuit is open, and while a half-open probe holds its lease (its timeout + 30 s).
    await explained(
      police.waitUntil(() => police.arrivals.some((a) => a.status === 503), 45_000, workerOutput),
      ids,
    );
    expect(police.effectCount()).toBe(0);

    police.answer(204);
    await explained(police.waitForEffects(5, 60_000, workerOutput), ids);
    // The receiver has answered; the worker records the outcome right after.
    expect(await eventually(async () => (await deliveriesOf(ids)).every((d) => d.status === 'delivered'), true)).toBe(
      true,
    );
    const deliveries = await deliveriesOf(ids);
    expect(deliveries.map((d) => d.status)).toEqual(Array(5).fill('delivered'));
    for (const d of deliveries) {
      expect(d.attempts).toBeGreaterThan(1);
      // Exactly one accepted arrival per message: retries stopped at the first 2xx.
      expect(police.arrivalsOf(d.id).filter((a) => a.status === 204)).toHaveLength(1);
      const attempts = await ds.query<Array<{ outcome: string }>>(
        `SELECT outcome FROM delivery_attempt WHERE delivery_id = $1 ORDER BY attempt`,
        [d.id],
      );
      expect(attempts.slice(0, -1).every((a) => a.outcome === 'retry')).toBe(true);
      expect(attempts.at(-1)?.outcome).toBe('delivered');
    }
    expect(police.effectCount()).toBe(5);
    expect(police.rejectedArrivals()).toEqual([]);
    const { retries } = first(
      await ds.query<Array<{ retries: number }>>(
        `SELECT count(*)::int AS retries FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
        WHERE d.dossier_id = ANY($1::uuid[]) AND a.outcome = 'retry'`,
        [ids],
      ),
    );
    expect(retries).toBeGreaterThanOrEqual(5);
    expect(await metricSum('motcua_deliveries_total', { target: POLICE_AGENCY, outcome: 'retry' })).toBeGreaterThan(0);
  }, 150_000);

  it('dead-letters on a permanent 4xx, shows it in the table and the metrics, and delivers after a replay', async () => {
    const secret = generateWebhookSecret();
    const police = await receiver([secret]);
    await configurePushTarget(db.url, POLICE_AGENCY, { url: police.url, secret });
    await configureNonPushTarget(db.url, SOCIAL_INSURANCE_AGENCY, 'inbox');
    police.answer(410);
    const deadBefore = await metricSum('motcua_deliveries_total', { target: POLICE_AGENCY, outcome: 'dead' });
    const deadRows = async () =>
      first(await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM delivery WHERE status = 'dead'`)).n;
    expect(await deadRows()).toBe(0);

    const ids = await forward(2);
    const dead = async () => (await deliveriesOf(ids)).filter((d) => d.status === 'dead').length;
    expect(await eventually(dead, 2, 20_000)).toBe(2);
    const rows = await deliveriesOf(ids);
    // A permanent refusal is not retried: one attempt, dead at once, the answer kept for the operator.
    expect(rows.map((d) => [d.attempts, d.last_status_code])).toEqual([
      [1, 410],
      [1, 410],
    ]);
    expect(rows.every((d) => /HTTP 410/.test(d.last_error ?? ''))).toBe(true);
    expect(police.effectCount()).toBe(0);
    // Every worker process reads the dead-letter gauge from PostgreSQL; the counters are per process.
    for (const w of workers) {
      expect(metricValue(await w.metrics(), 'motcua_deliveries', { target: POLICE_AGENCY, status: 'dead' })).toBe(2);
    }
    expect(await metricSum('motcua_deliveries_total', { target: POLICE_AGENCY, outcome: 'dead' })).toBe(deadBefore + 2);

    // The agency fixed its endpoint; the administrator replays.
    police.answer(204);
    const admin = new DeliveryAdminService(ds);
    for (const d of rows) await admin.replay(ADMIN, d.id);
    await police.waitForEffects(2, 20_000, workerOutput);
    expect(
      await eventually(async () => (await deliveriesOf(ids)).filter((d) => d.status === 'delivered').length, 2),
    ).toBe(2);
    const replayed = await deliveriesOf(ids);
    expect(replayed.map((d) => [d.status, d.replay_count, d.attempts])).toEqual([
      ['delivered', 1, 1],
      ['delivered', 1, 1],
    ]);
    // Same message, same webhook-id: the receiver sees the replay as the delivery it refused before.
    for (const d of replayed) expect(police.arrivalsOf(d.id).map((a) => a.status)).toEqual([410, 204]);
    const audit = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM dossier_event WHERE dossier_id = ANY($1::uuid[]) AND action = 'delivery_replayed'`,
      [ids],
    );
    expect(nth(audit, 0).n).toBe(2);
  });

  it('loses and duplicates nothing across 1,000 forwards with a worker SIGKILLed mid-burst and restarted', async () => {
    const policeSecret = generateWebhookSecret();
    const bhxhSecret = generateWebhookSecret();
    const police = await receiver([policeSecret]);
    const bhxh = await receiver([bhxhSecret]);
    await configurePushTarget(db.url, POLICE_AGENCY, { url: police.url, secret: policeSecret });
    await configurePushTarget(db.url, SOCIAL_INSURANCE_AGENCY, { url: bhxh.url, secret: bhxhSecret });
    const total = 1000;
    const ids = await createForwardableDossiers(db.url, total);

    const burst = burstOf(ids);
    // Mid-burst: forwards are still being committed and the workers are busy relaying and delivering.
    await burst.reached(300);
    await police.waitForEffects(50, 60_000, workerOutput);
    const victim = first(workers, 'worker');
    await victim.kill();
    const forwardedAtKill = burst.committed();
    const deliveredAtKill = police.effectCount() + bhxh.effectCount();
    // The other worker carries on alone for a while, then the killed one comes back.
    await burst.reached(700);
    await victim.restart();
    const results: ForwardResult[] = await burst.done;
    expect(results).toHaveLength(total);

    // Jobs the killed worker held stay "active" in Redis until their lock expires (BullMQ's stalled-job check).
    await explained(police.waitForEffects(total, 120_000, workerOutput), ids);
    await explained(bhxh.waitForEffects(total, 120_000, workerOutput), ids);

    // Every case opened at each agency reached it, each exactly once after dedupe on webhook-id, and no case came
    // under two webhook-ids (which no dedupe could catch).
    const cases = await ds.query<Array<{ id: string; agency: string }>>(
      `SELECT c.id, a.code AS agency FROM agency_case c JOIN agency a ON a.id = c.agency_id
        WHERE c.dossier_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(cases).toHaveLength(2 * total);
    for (const [agency, at] of [
      [POLICE_AGENCY, police],
      [SOCIAL_INSURANCE_AGENCY, bhxh],
    ] as const) {
      const expected = cases
        .filter((c) => c.agency === agency)
        .map((c) => c.id)
        .sort();
      const received = at
        .effects()
        .map((e) => (e.body as CaseOpenedBody).case.id)
        .sort();
      expect(received).toEqual(expected);
      expect(at.rejectedArrivals()).toEqual([]);
    }
    const deliveries = await deliveriesOf(ids);
    expect(deliveries).toHaveLength(2 * total);
    expect(await eventually(async () => (await deliveriesOf(ids)).every((d) => d.status === 'delivered'), true)).toBe(
      true,
    );
    const outbox = first(
      await ds.query<Array<{ unhandled: number }>>(
        `SELECT count(*)::int AS unhandled FROM outbox_event WHERE handled_at IS NULL`,
      ),
    );
    expect(outbox.unhandled).toBe(0);
    // At-least-once made visible: raw arrivals beyond the first of each webhook-id (a delivery in flight when its
    // worker died is sent again with the same id). Allowed, and reported.
    const duplicates = police.duplicateArrivals() + bhxh.duplicateArrivals();
    process.stdout.write(
      `[reliability] ${total} forwards, ${2 * total} deliveries: ${police.arrivals.length + bhxh.arrivals.length} raw ` +
        `arrivals, ${duplicates} duplicate arrivals deduped, 0 lost; ${victim.name} SIGKILLed with ` +
        `${forwardedAtKill}/${total} forwards committed and ${deliveredAtKill} messages received, then restarted\n`,
    );
    expect(victim.alive).toBe(true);
  }, 240_000);

  it('resumes after Redis restarts empty mid-burst: the reconciler restores every lost job', async () => {
    const secret = generateWebhookSecret();
    const police = await receiver([secret]);
    // The police holds every message open until it is released (well within the sender's timeout), so the workers'
    // delivery slots fill up and the remaining deliveries provably wait in Redis when it dies.
    await configurePushTarget(db.url, POLICE_AGENCY, { url: police.url, secret, timeoutMs: 120_000 });
    await configureNonPushTarget(db.url, SOCIAL_INSURANCE_AGENCY, 'inbox');
    police.hang();
    const total = 300;
    const ids = await createForwardableDossiers(db.url, total);
    const burst = burstOf(ids);

    await burst.reached(120);
    // Jobs that no worker has taken: waiting in Redis and nowhere else.
    let queued = await waitingDeliveryJobs();
    for (const deadline = Date.now() + 60_000; queued < 20 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 100));
      queued = await waitingDeliveryJobs();
    }
    const held = police.heldCount();
    const restoredBefore = await metricSum('motcua_reconciler_restored_total', { kind: 'delivery' });
    const outboxRestoredBefore = await metricSum('motcua_reconciler_restored_total', { kind: 'outbox' });
    // Redis dies and comes back with no data: every waiting and delayed job of both queues is gone.
    await redis.restart();
    const forwardedAtRestart = burst.committed();
    await burst.done;
    police.release(204);

    await explained(police.waitForEffects(total, 90_000, workerOutput), ids);
    expect(await eventually(async () => (await deliveriesOf(ids)).every((d) => d.status === 'delivered'), true)).toBe(
      true,
    );
    const received = new Set(police.effects().map((e) => (e.body as CaseOpenedBody).case.dossierId));
    expect(ids.every((id) => received.has(id))).toBe(true);
    expect(police.effectCount()).toBe(total);
    // PostgreSQL knew what was due; only the reconciler can have put the lost jobs back.
    const restored = (await metricSum('motcua_reconciler_restored_total', { kind: 'delivery' })) - restoredBefore;
    const outboxRestored =
      (await metricSum('motcua_reconciler_restored_total', { kind: 'outbox' })) - outboxRestoredBefore;
    process.stdout.write(
      `[reliability] Redis restarted empty with ${queued} delivery jobs waiting, ${held} held by the agency and ` +
        `${forwardedAtRestart}/${total} forwards committed: reconciler restored ${restored} delivery and ` +
        `${outboxRestored} outbox jobs, ${police.duplicateArrivals()} duplicate arrivals deduped, 0 lost\n`,
    );
    expect(queued).toBeGreaterThanOrEqual(20);
    expect(restored).toBeGreaterThanOrEqual(queued);
    for (const w of workers) {
      expect(w.alive).toBe(true);
      const ready = await fetch(`${w.healthUrl}/health/ready`);
      expect(ready.status).toBe(200);
    }
  }, 180_000);
});

/**
 * Liên thông delivery benchmark: forwards per second delivered to a local webhook receiver and commit-to-receipt
 * latency, next to a bare BullMQ add/process loop making the same signed HTTP call to the same receiver, measured in
 * the same run; with one and with two worker processes.
 *
 *   npm run bench:lien-thong -- [--forwards 500] [--runs 5] [--single 30] [--forward-concurrency 8]
 *                                [--worker-concurrency 8] [--workers 1,2]
 *
 * System: a clerk's forward_to_agency through DossierService (one transaction: dossier, audit, outbox event) →
 * the built router worker (dist/apps/router-worker/main.js) relays the outbox event, opens the agency cases, plans
 * a push delivery for the police's case, relays the delivery.scheduled event, signs and POSTs the webhook.
 * Commit = the forward transaction has committed (DossierService.act resolved); receipt = the receiver has the
 * whole request. Baseline: Queue.add of a job (the "commit" is add() resolving), a bare BullMQ Worker in its own
 * process signing the same body with the same secret and POSTing it to the same receiver.
 *
 * Runs against the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) with a database and key prefix
 * of its own, both removed at the end. Build the worker first: npx nest build router-worker.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { runMigrations } from '@app/database';
import { bullPrefix } from '@app/queues';
import { generateWebhookSecret, signWebhook } from '@app/routing';
import {
  configureNonPushTarget,
  configurePushTarget,
  createForwardableDossiers,
  DossierForwarder,
  POLICE_AGENCY,
  REPO_ROOT,
  seedLienThongDatabase,
  SOCIAL_INSURANCE_AGENCY,
  WebhookReceiver,
  WORKER_MAIN,
  WorkerProcess,
  nth,
  only,
} from '@app/testing';

const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = 'redis://127.0.0.1:6379';
const BASELINE_QUEUE = 'bench-baseline';
const BASELINE_JOB = 'deliver';

interface Options {
  forwards: number;
  /** Items sent one at a time (the next after the previous arrived) for the unloaded latency. */
  single: number;
  runs: number;
  forwardConcurrency: number;
  workerConcurrency: number;
  workerCounts: number[];
}

function parseOptions(argv: string[]): Options {
  const opts: Options = {
    forwards: 500,
    single: 30,
    runs: 5,
    forwardConcurrency: 8,
    workerConcurrency: 8,
    workerCounts: [1, 2],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === undefined) break;
    const value = argv[i + 1];
    const int = (name: string, min: number, max: number): number => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer ${min}–${max}`);
      i++;
      return n;
    };
    switch (flag) {
      case '--forwards':
        opts.forwards = int(flag, 10, 9999);
        break;
      case '--single':
        opts.single = int(flag, 5, 1000);
        break;
      case '--runs':
        opts.runs = int(flag, 1, 50);
        break;
      case '--forward-concurrency':
        opts.forwardConcurrency = int(flag, 1, 64);
        break;
      case '--worker-concurrency':
        opts.workerConcurrency = int(flag, 1, 256);
        break;
      case '--workers':
        opts.workerCounts = (value ?? '').split(',').map(Number);
        if (opts.workerCounts.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) {
          throw new Error('--workers is a comma list of process counts 1–8, e.g. 1,2');
        }
        i++;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

/** One measured run: how many items, from the first commit's start to the last receipt, and each item's latency. */
interface RunResult {
  items: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p95: number;
}

/** Where a forward's time goes, medians over one system run (from the rows' own timestamps). */
interface Stages {
  /** Forward committed → its outbox event relayed into BullMQ. */
  relayMs: number;
  /** Relayed → handled: agency cases opened, push delivery planned. */
  openMs: number;
  /** Delivery planned → delivered (delivery.scheduled relayed and handled, attempt job, signed POST). */
  deliverMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return nth(sorted, rank, 'latency');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? nth(sorted, mid) : (nth(sorted, mid - 1) + nth(sorted, mid)) / 2;
}

function summarise(items: number, startedAt: number, latencies: number[], lastReceipt: number): RunResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const elapsedMs = lastReceipt - startedAt;
  return {
    items,
    elapsedMs,
    perSecond: (items * 1000) / elapsedMs,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
  };
}

const now = () => performance.timeOrigin + performance.now();

/** Runs `count` lanes that each take the next index until all `total` are done. */
async function lanes(total: number, count: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, total) }, async () => {
      while (next < total) await fn(next++);
    }),
  );
}

class Bench {
  private dbName = `motcua_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  private prefix = `bench${randomBytes(3).toString('hex')}`;
  private secret = generateWebhookSecret();
  private receiver!: WebhookReceiver;
  private forwarder!: DossierForwarder;
  private baselineQueue!: Queue;
  private tmp = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  private bodyFile = join(this.tmp, 'body.json');
  private baselineRun = 0;

  constructor(private readonly opts: Options) {}

  get dbUrl(): string {
    return `postgres://postgres@127.0.0.1:5432/${this.dbName}`;
  }

  async setUp(): Promise<void> {
    await admin((c) => c.query(`CREATE DATABASE ${this.dbName}`));
    await runMigrations(this.dbUrl);
    await seedLienThongDatabase(this.dbUrl);
    this.receiver = await WebhookReceiver.start({ secrets: [this.secret] });
    await configurePushTarget(this.dbUrl, POLICE_AGENCY, { url: this.receiver.url, secret: this.secret });
    // One push delivery per forward: social insurance works its cases in the portal inbox.
    await configureNonPushTarget(this.dbUrl, SOCIAL_INSURANCE_AGENCY, 'inbox');
    this.forwarder = await DossierForwarder.create(this.dbUrl, { poolSize: this.opts.forwardConcurrency + 2 });
    this.baselineQueue = new Queue(BASELINE_QUEUE, {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: bullPrefix(`${this.prefix}-base`),
      defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 },
    });
  }

  async tearDown(): Promise<void> {
    await this.forwarder?.close().catch(() => undefined);
    await this.baselineQueue?.close().catch(() => undefined);
    await this.receiver?.close().catch(() => undefined);
    const redis = new Redis(REDIS_URL);
    for (const pattern of [`{${this.prefix}:bull}*`, `{${this.prefix}-base:bull}*`, `${this.prefix}:*`]) {
      let cursor = '0';
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = nextCursor;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
    await redis.quit();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`)).catch(() => undefined);
    rmSync(this.tmp, { recursive: true, force: true });
  }

  /** System: `n` real forwards, `forwardConcurrency` at a time, until the receiver has every delivery. */
  async systemRun(n: number): Promise<RunResult & { dossierIds: string[] }> {
    const ids = await createForwardableDossiers(this.dbUrl, n);
    const wanted = new Set(ids);
    const before = this.receiver.effectCount();
    const committed = new Map<string, number>();
    const startedAt = now();
    await lanes(n, this.opts.forwardConcurrency, async (i) => {
      const r = await this.forwarder.forward(nth(ids, i, 'dossier'));
      committed.set(r.dossierId, r.committedAt);
    });
    await this.receiver.waitForEffects(before + n, 120_000 + n * 100);
    const latencies: number[] = [];
    let last = 0;
    for (const e of this.receiver.effects().slice(before)) {
      const dossierId = (e.body as { case?: { dossierId?: string } }).case?.dossierId;
      if (!dossierId || !wanted.has(dossierId)) throw new Error(`unexpected delivery ${e.id} for dossier ${dossierId}`);
      latencies.push(e.arrivedAt - (committed.get(dossierId) ?? NaN));
      last = Math.max(last, e.arrivedAt);
    }
    return { ...summarise(n, startedAt, latencies, last), dossierIds: ids };
  }

  /** Medians of the stage durations of the given dossiers' forwards. */
  async stagesOf(dossierIds: readonly string[]): Promise<Stages> {
    const c = new Client({ connectionString: this.dbUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ relay: number; open: number; deliver: number }>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.relayed_at - e.created_at)) * 1000 AS relay,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.handled_at - e.relayed_at)) * 1000 AS open,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - d.created_at)) * 1000
                  AS deliver
           FROM outbox_event e
           JOIN delivery d ON d.dossier_id = e.aggregate_id
          WHERE e.event_type = 'dossier.status_changed' AND e.aggregate_id = ANY($1::uuid[])`,
        [dossierIds],
      );
      const row = only(rows, 'stage timing');
      return { relayMs: Number(row.relay), openMs: Number(row.open), deliverMs: Number(row.deliver) };
    } finally {
      await c.end();
    }
  }

  /** Unloaded latency: `n` forwards one at a time, each after the previous one's webhook arrived. */
  async systemSingles(n: number): Promise<number[]> {
    const ids = await createForwardableDossiers(this.dbUrl, n);
    const latencies: number[] = [];
    for (const id of ids) {
      const before = this.receiver.effectCount();
      const { committedAt } = await this.forwarder.forward(id);
      await this.receiver.waitForEffects(before + 1, 60_000);
      latencies.push(nth(this.receiver.effects(), before, 'effect').arrivedAt - committedAt);
    }
    return latencies;
  }

  /** The baseline's unloaded latency: `n` jobs one at a time. */
  async baselineSingles(n: number): Promise<number[]> {
    const run = ++this.baselineRun;
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const before = this.receiver.effectCount();
      const id = `single-${run}-${i}`;
      await this.baselineQueue.add(BASELINE_JOB, { id }, { jobId: id });
      const addedAt = now();
      await this.receiver.waitForEffects(before + 1, 60_000);
      latencies.push(nth(this.receiver.effects(), before, 'effect').arrivedAt - addedAt);
    }
    return latencies;
  }

  /** The body of a real delivery, so the baseline sends exactly as many bytes. */
  async captureBody(): Promise<number> {
    const c = new Client({ connectionString: this.dbUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ payload: unknown }>(`SELECT payload FROM delivery ORDER BY created_at LIMIT 1`);
      if (rows.length === 0) throw new Error('no delivery to copy the body from');
      const body = JSON.stringify(nth(rows, 0, 'delivery').payload);
      writeFileSync(this.bodyFile, body);
      return Buffer.byteLength(body);
    } finally {
      await c.end();
    }
  }

  /** Baseline: `n` jobs added `forwardConcurrency` at a time, until the receiver has every POST. */
  async baselineRunOf(n: number): Promise<RunResult> {
    const run = ++this.baselineRun;
    const before = this.receiver.effectCount();
    const added = new Map<string, number>();
    const startedAt = now();
    await lanes(n, this.opts.forwardConcurrency, async (i) => {
      const id = `base-${run}-${i}`;
      await this.baselineQueue.add(BASELINE_JOB, { id }, { jobId: id });
      added.set(id, now());
    });
    await this.receiver.waitForEffects(before + n, 120_000 + n * 100);
    const latencies: number[] = [];
    let last = 0;
    for (const e of this.receiver.effects().slice(before)) {
      const at = added.get(e.id);
      if (at === undefined) throw new Error(`unexpected baseline delivery ${e.id}`);
      latencies.push(e.arrivedAt - at);
      last = Math.max(last, e.arrivedAt);
    }
    return summarise(n, startedAt, latencies, last);
  }

  async startSystemWorkers(count: number): Promise<WorkerProcess[]> {
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        WorkerProcess.start({
          name: `worker-${i + 1}`,
          databaseUrl: this.dbUrl,
          redisUrl: REDIS_URL,
          redisPrefix: this.prefix,
          env: { WORKER_CONCURRENCY: String(this.opts.workerConcurrency), LOG_LEVEL: 'warn' },
        }),
      ),
    );
  }

  startBaselineWorkers(count: number): Promise<ChildProcess[]> {
    return Promise.all(
      Array.from({ length: count }, () => {
        const child = spawn(
          process.execPath,
          ['-r', join(REPO_ROOT, 'scripts', 'ts-register.js'), __filename, '--baseline-worker'],
          {
            env: {
              ...process.env,
              BENCH_REDIS_PREFIX: bullPrefix(`${this.prefix}-base`),
              BENCH_CONCURRENCY: String(this.opts.workerConcurrency),
              BENCH_RECEIVER_URL: this.receiver.url,
              BENCH_SECRET: this.secret,
              BENCH_BODY_FILE: this.bodyFile,
            },
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        return new Promise<ChildProcess>((resolve, reject) => {
          child.stdout?.on('data', (d: Buffer) => {
            if (d.toString().includes('ready')) resolve(child);
          });
          child.once('exit', (code) => reject(new Error(`baseline worker exited (${code}) before it was ready`)));
        });
      }),
    );
  }
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

interface Row {
  workers: number;
  system: RunResult[];
  baseline: RunResult[];
  stages: Stages[];
  systemSingle: number[];
  baselineSingle: number[];
}

function spread(values: number[], digits: number): string {
  const fmt = (v: number) => v.toFixed(digits);
  return `${fmt(median(values))} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
}

function report(opts: Options, bodyBytes: number, rows: Row[]): void {
  const lines = [
    '',
    `Liên thông delivery benchmark — ${opts.forwards} forwards per burst, ${opts.runs} measured bursts after a ` +
      `warm-up, forwards issued ${opts.forwardConcurrency} at a time; WORKER_CONCURRENCY=${opts.workerConcurrency} ` +
      `per worker process (the baseline Worker's concurrency the same); webhook body ${bodyBytes} bytes; ` +
      `Node ${process.version}, ${cpus().length} CPUs.`,
    'Median of the bursts (min–max). Latency = commit (forward committed / job added) → whole request at the receiver.',
    '',
    '| worker processes | system forwards/s | baseline jobs/s | ratio | system p50 ms | baseline p50 ms | ' +
      'system p95 ms | baseline p95 ms |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const sys = (k: keyof RunResult) => r.system.map((x) => x[k]);
    const base = (k: keyof RunResult) => r.baseline.map((x) => x[k]);
    const ratio = median(sys('perSecond')) / median(base('perSecond'));
    lines.push(
      `| ${r.workers} | ${spread(sys('perSecond'), 1)} | ${spread(base('perSecond'), 1)} | ${ratio.toFixed(2)} | ` +
        `${spread(sys('p50'), 0)} | ${spread(base('p50'), 0)} | ${spread(sys('p95'), 0)} | ${spread(base('p95'), 0)} |`,
    );
  }
  lines.push(
    '',
    `Unloaded latency: ${opts.single} items one at a time (each sent after the previous one arrived), ms.`,
    '',
    '| worker processes | system p50 | system p95 | baseline p50 | baseline p95 | p50 ratio |',
    '|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const s = [...r.systemSingle].sort((a, b) => a - b);
    const b = [...r.baselineSingle].sort((a, b2) => a - b2);
    lines.push(
      `| ${r.workers} | ${percentile(s, 50).toFixed(1)} | ${percentile(s, 95).toFixed(1)} | ` +
        `${percentile(b, 50).toFixed(1)} | ${percentile(b, 95).toFixed(1)} | ` +
        `${(percentile(s, 50) / percentile(b, 50)).toFixed(1)}× |`,
    );
  }
  lines.push(
    '',
    'Where a burst forward spends its time (system, medians of the per-burst medians, ms): commit → outbox relayed; ' +
      'relayed → cases opened and delivery planned; planned → delivered.',
    '',
    '| worker processes | relay | open + plan | deliver |',
    '|---|---|---|---|',
  );
  for (const r of rows) {
    const m = (k: keyof Stages) => median(r.stages.map((x) => x[k])).toFixed(0);
    lines.push(`| ${r.workers} | ${m('relayMs')} | ${m('openMs')} | ${m('deliverMs')} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (!existsSync(WORKER_MAIN)) throw new Error('build the worker first: npx nest build router-worker');
  const bench = new Bench(opts);
  const rows: Row[] = [];
  let bodyBytes = 0;
  const log = (m: string) => process.stderr.write(`${m}\n`);
  try {
    await bench.setUp();
    for (const workers of opts.workerCounts) {
      const system = await bench.startSystemWorkers(workers);
      const baseline: ChildProcess[] = [];
      try {
        log(`[${workers} worker process(es)] warm-up`);
        await bench.systemRun(Math.max(20, Math.round(opts.forwards / 5)));
        bodyBytes = await bench.captureBody();
        baseline.push(...(await bench.startBaselineWorkers(workers)));
        await bench.baselineRunOf(Math.max(20, Math.round(opts.forwards / 5)));
        const row: Row = { workers, system: [], baseline: [], stages: [], systemSingle: [], baselineSingle: [] };
        for (let run = 1; run <= opts.runs; run++) {
          // Interleaved, so drift of the machine (caches, autovacuum) touches both sides alike.
          const s = await bench.systemRun(opts.forwards);
          const b = await bench.baselineRunOf(opts.forwards);
          row.system.push(s);
          row.baseline.push(b);
          row.stages.push(await bench.stagesOf(s.dossierIds));
          log(
            `[${workers}] burst ${run}: system ${s.perSecond.toFixed(1)}/s p50 ${s.p50.toFixed(0)} ms ` +
              `p95 ${s.p95.toFixed(0)} ms; baseline ${b.perSecond.toFixed(1)}/s p50 ${b.p50.toFixed(0)} ms ` +
              `p95 ${b.p95.toFixed(0)} ms`,
          );
        }
        row.systemSingle = await bench.systemSingles(opts.single);
        row.baselineSingle = await bench.baselineSingles(opts.single);
        rows.push(row);
      } finally {
        await Promise.all(baseline.map(stopChild));
        await Promise.all(system.map((w) => w.stop()));
      }
    }
    report(opts, bodyBytes, rows);
  } finally {
    await bench.tearDown();
  }
}

/** The baseline's consumer process: a bare BullMQ Worker making the same signed POST to the same receiver. */
async function baselineWorker(): Promise<void> {
  const env = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is required`);
    return v;
  };
  const url = env('BENCH_RECEIVER_URL');
  const secret = env('BENCH_SECRET');
  const body = readFileSync(env('BENCH_BODY_FILE'), 'utf8');
  const worker = new Worker(
    BASELINE_QUEUE,
    async (job) => {
      const id = (job.data as { id: string }).id;
      const headers = signWebhook([secret], id, body);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`receiver answered ${res.status}`);
    },
    {
      connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
      prefix: env('BENCH_REDIS_PREFIX'),
      concurrency: Number(env('BENCH_CONCURRENCY')),
    },
  );
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    // Exit even if closing fails: the benchmark is waiting for this process to end.
    void worker.close().finally(() => process.exit(0));
  });
}

const entry = process.argv.includes('--baseline-worker') ? baselineWorker : main;
entry().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

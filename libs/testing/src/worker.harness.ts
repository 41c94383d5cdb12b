import { freePort, RunningProcess, spawnApp, TEST_ALLOWED_NETWORKS, waitForHttp, WORKER_MAIN } from './app-process';

export interface WorkerProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_PREFIX: BullMQ keys of this test alone. */
  redisPrefix: string;
  /** Any other worker settings (WORKER_CONCURRENCY, DELIVERY_RETRY_SCHEDULE, RECONCILE_*, …). */
  env?: Record<string, string>;
  /** A name for this worker in failure messages (several may run side by side). */
  name?: string;
}

/**
 * The built router worker (dist/apps/router-worker/main.js) run as a real process with its own database, Redis and
 * key prefix. It can be killed without warning (SIGKILL, as a crashed host would) and started again with the same
 * settings on a fresh health port; the output of every incarnation is kept for failure messages.
 */
export class WorkerProcess {
  private proc: RunningProcess | null = null;
  private port = 0;
  private metricsPort = 0;
  private readonly previousOutput: string[] = [];
  /** How many times this worker was started. */
  starts = 0;

  private constructor(private readonly options: WorkerProcessOptions) {}

  static async start(options: WorkerProcessOptions): Promise<WorkerProcess> {
    const worker = new WorkerProcess(options);
    await worker.boot();
    return worker;
  }

  get name(): string {
    return this.options.name ?? 'worker';
  }

  get healthUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The worker's metrics listener (loopback, apart from the health port). */
  get metricsUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}`;
  }

  get pid(): number | undefined {
    return this.proc?.child.pid;
  }

  get alive(): boolean {
    const child = this.proc?.child;
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  /** Every incarnation's output, oldest first. */
  output(): string {
    return [...this.previousOutput, this.proc?.output() ?? ''].join(`\n----- ${this.name} restarted -----\n`);
  }

  /** The worker's Prometheus metrics as text. */
  async metrics(): Promise<string> {
    const res = await fetch(`${this.metricsUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`${this.name} /metrics answered ${res.status}`);
    return res.text();
  }

  /** Kills the process at once (SIGKILL): no graceful shutdown, jobs in flight are abandoned mid-way. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    await proc.stop('SIGKILL');
  }

  /** Graceful stop (SIGTERM); resolves with the exit code or signal. */
  async stop(): Promise<number | string | null> {
    const proc = this.proc;
    if (!proc) return null;
    return proc.stop('SIGTERM');
  }

  /** Starts the worker again with the same settings (after kill() or stop()). */
  async restart(): Promise<void> {
    if (this.alive) await this.kill();
    await this.boot();
  }

  private async boot(): Promise<void> {
    if (this.proc) this.previousOutput.push(this.proc.output());
    this.port = await freePort();
    this.metricsPort = await freePort();
    this.proc = spawnApp(WORKER_MAIN, [], {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.options.databaseUrl,
      REDIS_URL: this.options.redisUrl,
      REDIS_PREFIX: this.options.redisPrefix,
      WORKER_HEALTH_PORT: String(this.port),
      WORKER_METRICS_PORT: String(this.metricsPort),
      // The tests' agency receivers listen on loopback, which push deliveries may not reach by default.
      DELIVERY_ALLOWED_NETWORKS: TEST_ALLOWED_NETWORKS,
      ...this.options.env,
    });
    this.starts += 1;
    await waitForHttp(`${this.healthUrl}/health/ready`, this.proc, 30_000);
  }
}

/** The value of one Prometheus sample, e.g. metricValue(text, 'delivery_dead_total', { agency: 'x' }); null if absent. */
export function metricValue(metrics: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of metrics.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const [, key, value] of (match[3] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined && value !== undefined) got[key] = value;
    }
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[4]);
  }
  return null;
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { QUEUES } from '@app/queues';
import type { AttemptReport } from '@app/routing';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;
export type RestoredKind = 'outbox' | 'delivery';

/**
 * The worker's Prometheus metrics. Counters and the duration histogram are per process; the queue, delivery, circuit
 * and outbox gauges are read at scrape time from Redis and PostgreSQL (the system of record), so every worker
 * process reports the same figures for them and they survive restarts.
 */
@Injectable()
export class WorkerMetrics {
  private readonly logger = new Logger(WorkerMetrics.name);
  private readonly attempts: Counter<'target' | 'outcome'>;
  private readonly duration: Histogram<'target'>;
  private readonly restoredTotal: Counter<'kind'>;

  constructor(
    registry: Registry,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.maintenance) maintenanceQueue: Queue,
    @InjectQueue(QUEUES.outbox) outboxQueue: Queue,
    @InjectQueue(QUEUES.delivery) deliveryQueue: Queue,
  ) {
    const queues = [maintenanceQueue, outboxQueue, deliveryQueue];
    const guard = this.guard.bind(this);
    this.attempts = new Counter({
      name: 'motcua_deliveries_total',
      help: 'Delivery attempts by target and outcome (delivered, retry, dead; postponed: no attempt, circuit open or target inactive)',
      labelNames: ['target', 'outcome'] as const,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'motcua_delivery_duration_seconds',
      help: 'Duration of delivery HTTP attempts by target',
      labelNames: ['target'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.restoredTotal = new Counter({
      name: 'motcua_reconciler_restored_total',
      help: 'Jobs the reconciler re-enqueued or retried because Redis had lost or failed them, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    });
    for (const kind of ['outbox', 'delivery'] as const) this.restoredTotal.inc({ kind }, 0);
    new Gauge({
      name: 'motcua_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        await guard('queue_jobs', async () => {
          for (const queue of queues) {
            const counts = await queue.getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }
        });
      },
    });
    new Gauge({
      name: 'motcua_deliveries',
      help: 'Deliveries by target and status (pending, delivered, dead), read from PostgreSQL',
      labelNames: ['target', 'status'] as const,
      registers: [registry],
      collect: async function (this: Gauge<'target' | 'status'>) {
        await guard('deliveries', async () => {
          const rows = await dataSource.query<Array<{ code: string; status: string; n: number }>>(
            `SELECT t.code, s.status, count(d.id)::int AS n
               FROM delivery_target t
              CROSS JOIN (VALUES ('pending'), ('delivered'), ('dead')) AS s (status)
               LEFT JOIN delivery d ON d.target_id = t.id AND d.status = s.status
              WHERE t.mode = 'push'
              GROUP BY t.code, s.status`,
          );
          this.reset();
          for (const r of rows) this.set({ target: r.code, status: r.status }, r.n);
        });
      },
    });
    new Gauge({
      name: 'motcua_circuit_open',
      help: 'Whether a push target’s circuit is open (1) or not (0; half-open counts as 0)',
      labelNames: ['target'] as const,
      registers: [registry],
      collect: async function (this: Gauge<'target'>) {
        await guard('circuit_open', async () => {
          const rows = await dataSource.query<Array<{ code: string; open: boolean }>>(
            `SELECT code, coalesce(circuit_open_until > now(), false) AS open FROM delivery_target WHERE mode = 'push'`,
          );
          this.reset();
          for (const r of rows) this.set({ target: r.code }, r.open ? 1 : 0);
        });
      },
    });
    new Gauge({
      name: 'motcua_outbox_pending',
      help: 'Outbox events whose effects are not applied yet (relayed or not)',
      registers: [registry],
      collect: async function (this: Gauge) {
        await guard('outbox_pending', async () => {
          const [row] = await dataSource.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM outbox_event WHERE handled_at IS NULL`,
          );
          this.set(row?.n ?? 0);
        });
      },
    });
    new Gauge({
      name: 'motcua_outbox_unrelayed',
      help: 'Outbox events not yet relayed to the queue',
      registers: [registry],
      collect: async function (this: Gauge) {
        await guard('outbox_unrelayed', async () => {
          const [row] = await dataSource.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM outbox_event WHERE relayed_at IS NULL`,
          );
          this.set(row?.n ?? 0);
        });
      },
    });
  }

  /** Counts what one call of DeliverySender.attempt did (skipped and not-due calls are not counted). */
  recordAttempt(report: AttemptReport): void {
    if (!report.targetCode) return;
    switch (report.result) {
      case 'delivered':
      case 'retry':
      case 'dead':
        this.attempts.inc({ target: report.targetCode, outcome: report.result });
        if (report.durationMs !== null) this.duration.observe({ target: report.targetCode }, report.durationMs / 1000);
        return;
      case 'postponed':
        this.attempts.inc({ target: report.targetCode, outcome: 'postponed' });
        return;
      case 'not_due':
      case 'skipped':
        return;
    }
  }

  restored(kind: RestoredKind, count: number): void {
    if (count > 0) this.restoredTotal.inc({ kind }, count);
  }

  /** A scrape must not fail because one source is down: the gauge keeps its last value and the error is logged. */
  private async guard(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger.warn({ err, metric: name }, 'metric not refreshed');
    }
  }
}

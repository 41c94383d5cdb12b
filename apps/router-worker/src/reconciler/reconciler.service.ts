import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { deliveryJobId, OUTBOX_JOBS, QUEUES } from '@app/queues';
import { deliveryAttemptJob } from '../deliveries/delivery.jobs';
import { WorkerMetrics } from '../metrics/worker.metrics';
import type { OutboxJobData } from '../outbox/outbox.relay';

/** One reconciler at a time across every worker process (transaction-scoped advisory lock). */
const RECONCILER_LOCK = 4_115_001;
/** Rows examined per page, and pages per pass: a pass is bounded whatever the backlog. */
const PAGE_SIZE = 200;
const MAX_PAGES = 25;
const MAX_RETRY_WAIT_MS = 3600_000;

export interface ReconcileReport {
  /** Outbox events whose job was missing (re-added) or failed (retried). */
  outbox: number;
  /** Pending, due deliveries whose attempt job was missing (re-added) or failed (retried). */
  deliveries: number;
}

type Restore = 'none' | 'added' | 'retried';

/**
 * Makes Redis a disposable copy of what PostgreSQL says is due. Every RECONCILE_INTERVAL_SECONDS one worker:
 * (a) looks at outbox events relayed but not handled for longer than the grace period and re-adds their job when
 * Redis no longer has it, or retries it when it failed; (b) does the same for pending deliveries whose attempt is
 * overdue by the grace period. A Redis restart, a FLUSHALL, or a worker killed between two writes therefore delays
 * work by at most interval + grace, never loses it. Re-adding is safe: job ids are the event id and the delivery's
 * schedule point, and the handlers are idempotent.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Reconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.outbox) private readonly outboxQueue: Queue,
    @InjectQueue(QUEUES.delivery) private readonly deliveryQueue: Queue,
    private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.reconcile.intervalSeconds * 1000);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.reconcile()
      .catch((err: unknown) => this.logger.error({ err }, 'reconciler pass failed; the next one retries'))
      .finally(() => (this.running = null));
  }

  /** One pass; null when another worker holds the reconciler lock. */
  async reconcile(): Promise<ReconcileReport | null> {
    return this.dataSource.transaction(async (em) => {
      const [lock] = await em.query<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        RECONCILER_LOCK,
      ]);
      if (!lock?.locked) return null;
      const report: ReconcileReport = { outbox: await this.outbox(em), deliveries: await this.deliveries(em) };
      this.metrics.restored('outbox', report.outbox);
      this.metrics.restored('delivery', report.deliveries);
      if (report.outbox + report.deliveries > 0) {
        this.logger.warn(report, 'reconciler re-enqueued work that Redis had lost or failed');
      }
      return report;
    });
  }

  private async outbox(em: EntityManager): Promise<number> {
    let restored = 0;
    let cursor: { at: Date; id: string } | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows: Array<{ id: string; correlation_id: string | null; relayed_at: Date }> = await em.query(
        `SELECT id, correlation_id, relayed_at FROM outbox_event
          WHERE handled_at IS NULL AND relayed_at < now() - make_interval(secs => $1)
            AND ($2::timestamptz IS NULL OR (relayed_at, id) > ($2::timestamptz, $3::uuid))
          ORDER BY relayed_at, id
          LIMIT $4`,
        [this.config.reconcile.graceSeconds, cursor?.at ?? null, cursor?.id ?? null, PAGE_SIZE],
      );
      const results = await Promise.all(
        rows.map((r) =>
          this.restore(this.outboxQueue, r.id, () =>
            this.outboxQueue.add(
              OUTBOX_JOBS.event,
              { eventId: r.id, correlationId: r.correlation_id } satisfies OutboxJobData,
              { jobId: r.id },
            ),
          ),
        ),
      );
      restored += results.filter((x) => x !== 'none').length;
      const last = rows.at(-1);
      if (rows.length < PAGE_SIZE || !last) break;
      cursor = { at: last.relayed_at, id: last.id };
    }
    return restored;
  }

  private async deliveries(em: EntityManager): Promise<number> {
    let restored = 0;
    let cursor: { at: Date; id: string } | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows: Array<{ id: string; attempts: number; next_attempt_at: Date }> = await em.query(
        `SELECT id, attempts, next_attempt_at FROM delivery
          WHERE status = 'pending' AND next_attempt_at <= now() - make_interval(secs => $1)
            AND ($2::timestamptz IS NULL OR (next_attempt_at, id) > ($2::timestamptz, $3::uuid))
          ORDER BY next_attempt_at, id
          LIMIT $4`,
        [this.config.reconcile.graceSeconds, cursor?.at ?? null, cursor?.id ?? null, PAGE_SIZE],
      );
      const now = Date.now();
      const results = await Promise.all(
        rows.map((r) => {
          const job = deliveryAttemptJob({ id: r.id, attempts: r.attempts, nextAttemptAt: r.next_attempt_at }, now);
          return this.restore(this.deliveryQueue, deliveryJobId(r.id, r.attempts, r.next_attempt_at), () =>
            this.deliveryQueue.add(job.name, job.data, job.opts),
          );
        }),
      );
      restored += results.filter((x) => x !== 'none').length;
      const last = rows.at(-1);
      if (rows.length < PAGE_SIZE || !last) break;
      cursor = { at: last.next_attempt_at, id: last.id };
    }
    return restored;
  }

  /**
   * A failed job is retried at once the first time; if it fails again (a poison event, a database problem that
   * lasts) each further retry waits twice as long since its last failure, up to an hour, so one bad job cannot keep
   * the worker busy; it stays visible as failed in the queue and as pending in the metrics meanwhile.
   */
  private retryDue(job: Job): boolean {
    const extra = job.attemptsMade - Math.max(job.opts.attempts ?? 1, 1);
    if (extra <= 0) return true;
    const waitMs = Math.min(this.config.reconcile.graceSeconds * 1000 * 2 ** Math.min(extra, 20), MAX_RETRY_WAIT_MS);
    return Date.now() - (job.finishedOn ?? 0) >= waitMs;
  }

  /**
   * Puts one job back when Redis has no live copy: missing → added; failed → retried (see retryDue); completed
   * although PostgreSQL says the work is still due (its run was skipped, e.g. the row was locked by a worker that
   * then died) → removed and added again. Waiting, delayed and active jobs are left alone.
   */
  private async restore(queue: Queue, jobId: string, add: () => Promise<unknown>): Promise<Restore> {
    const state = await queue.getJobState(jobId);
    switch (state) {
      case 'unknown':
        await add();
        return 'added';
      case 'failed': {
        const job = await queue.getJob(jobId);
        if (!job) {
          await add();
          return 'added';
        }
        if (!this.retryDue(job)) return 'none';
        await job.retry('failed');
        return 'retried';
      }
      case 'completed': {
        const job = await queue.getJob(jobId);
        await job?.remove();
        await add();
        return 'added';
      }
      case 'waiting':
      case 'waiting-children':
      case 'prioritized':
      case 'delayed':
      case 'active':
        return 'none';
    }
  }
}

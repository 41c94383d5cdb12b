import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import type { Principal } from '@app/auth';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { DomainError } from '@app/observability';
import { bullPrefix, QueueName, QUEUES, redisOptionsFromUrl } from '@app/queues';

/** The job states an operator watches, in the order the page shows them. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** How many failed jobs of each queue the page lists (newest first). */
export const FAILED_SHOWN = 20;
/** The longest failure reason shown: the first line, cut here. */
export const REASON_MAX = 300;

export interface QueueOverview {
  name: QueueName;
  paused: boolean;
  counts: Record<JobState, number>;
  failed: FailedJob[];
}

export interface FailedJob {
  id: string;
  name: string;
  reason: string;
  attemptsMade: number;
  failedAt: Date | null;
}

export function isQueueName(value: unknown): value is QueueName {
  return typeof value === 'string' && (Object.values(QUEUES) as string[]).includes(value);
}

/** A failure reason fit for a page: its first line, control characters dropped, at most REASON_MAX characters. */
export function failureExcerpt(reason: string | undefined | null): string {
  const line = (reason ?? '').split(/\r?\n/, 1)[0] ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = line.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean.length > REASON_MAX ? `${clean.slice(0, REASON_MAX - 1)}…` : clean;
}

/**
 * The operator's view of the worker's BullMQ queues (same Redis connection and key prefix): the jobs per state, the
 * failed jobs with their reason, and a retry of one failed job. Jobs are safe to run twice (the worker's handlers
 * are idempotent and PostgreSQL holds the state), so a retry cannot apply an effect twice. The queues are opened on
 * first use, so a portal whose admins never look holds no extra Redis connections.
 */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueDashboard.name);
  private queues: Map<QueueName, Queue> | null = null;

  constructor(@Inject(PORTAL_CONFIG) private readonly config: PortalConfig) {}

  private queue(name: QueueName): Queue {
    if (!this.queues) {
      // Fail fast: a page waits for Redis at most two retries, never until it comes back.
      const connection = {
        ...redisOptionsFromUrl(this.config.redis.url),
        retryStrategy: undefined,
        maxRetriesPerRequest: 2,
      };
      const prefix = bullPrefix(this.config.redis.prefix);
      this.queues = new Map(
        Object.values(QUEUES).map((n) => {
          const q = new Queue(n, { connection, prefix });
          q.on('error', (err) => this.logger.warn({ err, queue: n }, 'queue connection error'));
          return [n, q] as const;
        }),
      );
    }
    const q = this.queues.get(name);
    if (!q) throw new DomainError('not_found', `No queue ${name}.`);
    return q;
  }

  /** Every queue with its job counts per state and its newest failed jobs. */
  async overview(): Promise<QueueOverview[]> {
    return Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const q = this.queue(name);
        const [counts, paused, failed] = await Promise.all([
          q.getJobCounts(...JOB_STATES),
          q.isPaused(),
          q.getFailed(0, FAILED_SHOWN - 1),
        ]);
        return {
          name,
          paused,
          counts: Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as Record<JobState, number>,
          failed: failed
            .filter((j): j is Job => Boolean(j?.id))
            .map((j) => ({
              id: j.id ?? '',
              name: j.name,
              reason: failureExcerpt(j.failedReason),
              attemptsMade: j.attemptsMade,
              failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
            })),
        };
      }),
    );
  }

  /** Runs a failed job again. 404 when there is no such job, 409 when it is no longer failed. */
  async retry(principal: Principal, name: QueueName, jobId: string): Promise<void> {
    const job = await Job.fromId(this.queue(name), jobId);
    if (!job) throw new DomainError('not_found', `No job ${jobId} in queue ${name}.`);
    const state = await job.getState();
    if (state !== 'failed') {
      throw new DomainError('conflict', `Job ${jobId} is ${state}, not failed: only a failed job can be retried.`);
    }
    await job.retry('failed');
    this.logger.log(
      { queue: name, jobId, jobName: job.name, by: principal.subject },
      'failed job retried by an administrator',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const queues = this.queues;
    this.queues = null;
    if (queues) await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
  }
}

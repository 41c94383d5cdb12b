import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { OUTBOX_JOBS, QUEUES } from '@app/queues';

/** The channel the outbox_event insert trigger notifies (payload: the event id). */
export const OUTBOX_CHANNEL = 'outbox_event';
/** Notifications arriving within this window are served by one relay pass. */
const NOTIFY_DEBOUNCE_MS = 10;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

export interface OutboxJobData {
  eventId: string;
  correlationId: string | null;
}

/**
 * Relays committed outbox events into the outbox queue. Woken by LISTEN/NOTIFY (a dedicated connection, re-opened
 * when it drops) and by a polling fallback, it claims batches of unrelayed events with FOR UPDATE SKIP LOCKED, adds
 * them as jobs whose id is the event id, and marks them relayed in the same transaction. Several relays (worker
 * processes) run side by side: each claims different rows. If the commit fails after the jobs were added, the
 * events are relayed again and BullMQ drops the duplicate ids; the handlers are idempotent besides.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Events this process relayed since it started (for logs and tests). */
  relayedCount = 0;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.outbox) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.config.outbox.pollIntervalMs);
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of [this.pollTimer, this.debounceTimer, this.reconnectTimer]) if (timer) clearTimeout(timer);
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.running;
  }

  /** Asks for a relay pass; passes never overlap within a process, and a request during a pass runs one more. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err }, 'outbox relay pass failed; the next poll retries'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Relays batches until one comes back short (nothing more to claim right now). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < this.config.outbox.batchSize || this.stopped) return total;
    }
  }

  /** Claims, enqueues and marks one batch; returns how many events it relayed. */
  async relayBatch(): Promise<number> {
    const relayed = await this.dataSource.transaction(async (em) => {
      const rows = await em.query<Array<{ id: string; correlation_id: string | null }>>(
        `SELECT id, correlation_id FROM outbox_event
          WHERE relayed_at IS NULL
          ORDER BY created_at
          LIMIT $1
            FOR UPDATE SKIP LOCKED`,
        [this.config.outbox.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.queue.addBulk(
        rows.map((r) => ({
          name: OUTBOX_JOBS.event,
          data: { eventId: r.id, correlationId: r.correlation_id } satisfies OutboxJobData,
          opts: { jobId: r.id },
        })),
      );
      await em.query(`UPDATE outbox_event SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
    this.relayedCount += relayed;
    return relayed;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: 'motcua-worker-outbox-listen',
      keepAlive: true,
    });
    const lost = (why: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      this.logger.warn({ err: why }, 'outbox LISTEN connection lost; polling until it is back');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', () => {
      if (this.debounceTimer) return;
      this.debounceTimer = setTimeout(() => {
        this.debounceTimer = null;
        this.wake();
      }, NOTIFY_DEBOUNCE_MS);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      this.logger.warn({ err }, 'cannot LISTEN for outbox events yet; polling meanwhile');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    // Events committed while nobody listened are picked up now rather than at the next poll.
    this.wake();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen();
    }, delay);
  }

  /** Whether the LISTEN connection is up (the polling fallback keeps relaying either way). */
  isListening(): boolean {
    return this.listener !== null;
  }
}

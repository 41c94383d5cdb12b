import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { MessageSender, SendReport } from '@app/messages';

export const MESSAGE_SENDER = Symbol('MESSAGE_SENDER');
export const MESSAGE_POLL_INTERVAL_MS = Symbol('MESSAGE_POLL_INTERVAL_MS');

/**
 * Runs the message sender (e-mail and SMS) in the worker: a pass right after boot, then every MAIL_POLL_INTERVAL_MS, and at
 * once when the outbox processor has planned messages (`wake`). Passes never overlap in one process; several worker
 * processes run side by side safely (each pass claims its own rows). Mail server failures are recorded per message
 * by the sender; an error here (database down…) is logged and the next pass tries again.
 */
@Injectable()
export class MessageDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessageDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly outcomes: Counter<'channel' | 'outcome'>;

  constructor(
    @Inject(MESSAGE_SENDER) private readonly sender: MessageSender,
    @Inject(MESSAGE_POLL_INTERVAL_MS) private readonly pollIntervalMs: number,
    registry: Registry,
  ) {
    this.outcomes = new Counter({
      name: 'motcua_citizen_messages_total',
      help: 'Messages about dossiers by channel and outcome of the attempt (sent, failed: will retry, given_up)',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    });
    for (const channel of sender.channels) {
      for (const outcome of ['sent', 'failed', 'given_up']) this.outcomes.inc({ channel, outcome }, 0);
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Starts a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      // Keep going while full batches come back: a backlog drains without waiting for the next tick.
      for (;;) {
        const report = await this.sender.runOnce();
        this.count(report);
        if (report.sent + report.failed + report.givenUp === 0 || this.stopped) break;
      }
    } catch (err) {
      this.logger.error({ err }, 'message sender pass failed');
    }
  }

  private count(report: SendReport): void {
    for (const channel of ['email', 'sms'] as const) {
      const counts = report.channels[channel];
      if (counts.sent) this.outcomes.inc({ channel, outcome: 'sent' }, counts.sent);
      if (counts.failed) this.outcomes.inc({ channel, outcome: 'failed' }, counts.failed);
      if (counts.givenUp) this.outcomes.inc({ channel, outcome: 'given_up' }, counts.givenUp);
    }
    if (report.failed + report.givenUp > 0) this.logger.warn({ ...report }, 'some messages were not sent');
  }
}

import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { DeadlineScanner, ScanResult } from '@app/routing';

/** Session advisory lock: one scanning worker at a time (SKIP LOCKED in the scanner would make two safe anyway). */
const SCAN_LOCK = `hashtextextended('motcua:deadline-scan', 0)`;

const RESULT_KINDS: ReadonlyArray<[keyof ScanResult, string]> = [
  ['caseNearDue', 'case_near_due'],
  ['caseOverdue', 'case_overdue'],
  ['dossierNearDue', 'dossier_near_due'],
  ['dossierOverdue', 'dossier_overdue'],
  ['dossierClosed', 'dossier_closed'],
  ['intakeAlerted', 'national_dossier_arrived'],
  ['intakeNearDue', 'national_receipt_near_due'],
  ['intakeOverdue', 'national_receipt_overdue'],
];

/**
 * Runs the deadline scan in the worker process: right after boot, then every DEADLINE_SCAN_INTERVAL_SECONDS, one
 * scan at a time across all workers (pg_try_advisory_lock; a worker that dies releases it with its connection).
 * No timer lives in memory: a scan finds every transition from PostgreSQL, so a restart across a due time only
 * delays the flag until the next scan. On shutdown it stops scheduling and waits for a scan in progress.
 */
@Injectable()
export class DeadlineScanRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeadlineScanRunner.name);
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;
  private stopped = false;
  private readonly transitions: Counter<'kind'>;
  private readonly lastScan: Gauge;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scanner: DeadlineScanner,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    registry: Registry,
  ) {
    this.transitions = new Counter({
      name: 'motcua_deadline_transitions_total',
      help: 'Deadline transitions recorded by this worker, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    });
    this.lastScan = new Gauge({
      name: 'motcua_deadline_last_scan_timestamp_seconds',
      help: 'When this worker last completed a deadline scan (unix time)',
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inFlight = this.tick().finally(() => {
        this.inFlight = null;
        this.schedule(this.config.deadlines.scanIntervalSeconds * 1000);
      });
    }, delayMs);
  }

  /** One guarded scan; errors are logged and the next interval tries again. */
  async tick(): Promise<ScanResult | null> {
    const session = this.dataSource.createQueryRunner();
    try {
      await session.connect();
      const [lock] = (await session.query(`SELECT pg_try_advisory_lock(${SCAN_LOCK}) AS locked`)) as Array<{
        locked: boolean;
      }>;
      if (!lock?.locked) return null;
      try {
        const result = await this.scanner.scan();
        for (const [key, kind] of RESULT_KINDS) if (result[key] > 0) this.transitions.inc({ kind }, result[key]);
        this.lastScan.set(Date.now() / 1000);
        if (RESULT_KINDS.some(([key]) => result[key] > 0))
          this.logger.log({ ...result }, 'deadline transitions recorded');
        return result;
      } finally {
        await session.query(`SELECT pg_advisory_unlock(${SCAN_LOCK})`);
      }
    } catch (err) {
      this.logger.error({ err }, 'deadline scan failed; retrying at the next interval');
      return null;
    } finally {
      await session.release();
    }
  }
}

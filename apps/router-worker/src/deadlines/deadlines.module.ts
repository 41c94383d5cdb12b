import { DynamicModule, Module } from '@nestjs/common';
import { WorkerConfig } from '@app/config';
import { RegimeModule } from '@app/regimes';
import { DEADLINE_SCAN_OPTIONS, DeadlineScanner, DeadlineScanOptions } from '@app/routing';
import { DeadlineScanRunner } from './deadline-scan.runner';

/** Near-due and overdue transitions of agency steps and dossiers, scanned from PostgreSQL by the worker. */
@Module({})
export class DeadlinesModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    const options: DeadlineScanOptions = { nearDueWindowMs: config.deadlines.nearDueHours * 3600 * 1000 };
    return {
      module: DeadlinesModule,
      imports: [RegimeModule],
      providers: [{ provide: DEADLINE_SCAN_OPTIONS, useValue: options }, DeadlineScanner, DeadlineScanRunner],
    };
  }
}

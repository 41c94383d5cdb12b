import { Controller, Get, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { WORKER_CONFIG, WorkerConfig } from '@app/config';
import { checkOidcIssuer, HealthCheck, runHealthChecks } from '@app/observability';
import { WorkerLifecycle } from './worker-lifecycle.service';
import { WORKER_REDIS } from './worker.tokens';

/** The worker's HTTP surface: liveness and readiness (metrics have their own loopback listener, see main.ts). */
@Controller()
export class WorkerHealthController {
  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
    private readonly lifecycle: WorkerLifecycle,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const checks: HealthCheck[] = [
      { name: 'database', check: () => this.dataSource.query('SELECT 1') },
      { name: 'redis', check: () => this.redis.ping() },
      {
        name: 'consumers',
        check: () =>
          this.lifecycle.isRunning() ? Promise.resolve() : Promise.reject(new Error('queue consumers are not running')),
      },
    ];
    const issuer = this.config.oidcIssuer;
    if (issuer) checks.push({ name: 'identityProvider', check: () => checkOidcIssuer(issuer) });
    const report = await runHealthChecks(checks);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}

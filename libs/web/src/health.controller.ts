import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { WEB_APP_CONFIG, WebAppConfig } from '@app/config';
import { Public, REDIS } from '@app/auth';
import { checkOidcIssuer, runHealthChecks } from '@app/observability';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(WEB_APP_CONFIG) private readonly config: WebAppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up and serving. */
  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Every dependency answers: database, Redis, identity provider. 503 with details otherwise. */
  @Public()
  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const report = await runHealthChecks([
      { name: 'database', check: () => this.dataSource.query('SELECT 1') },
      { name: 'redis', check: () => this.redis.ping() },
      { name: 'identityProvider', check: () => checkOidcIssuer(this.config.oidc.issuer) },
    ]);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}

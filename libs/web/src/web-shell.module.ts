import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type Redis from 'ioredis';
import RedisStore from 'connect-redis';
import { Registry } from 'prom-client';
import { WEB_APP_CONFIG, WebAppConfig } from '@app/config';
import { AuthGuard, AuthModule, REDIS, SESSION_STORE } from '@app/auth';
import { createMetricsRegistry } from '@app/observability';
import { createRedis, sessionKeys } from '@app/queues';
import { AuthController } from './auth.controller';
import { BodyParserMiddleware } from './body-parser.middleware';
import { CsrfMiddleware } from './csrf.middleware';
import { HealthController } from './health.controller';
import { LanguageController } from './language.controller';
import { SessionPrincipalMiddleware } from './session-principal.middleware';
import { WebProblemFilter } from './web-problem.filter';
import { WEB_SHELL_OPTIONS, WebShellOptions } from './web-shell.options';

/**
 * What every web app of the ward shares: its config under WEB_APP_CONFIG, the Redis connection and the session store
 * keyed by the app's own prefix, metrics, sign-in through Keycloak (/auth/login, callback, logout, step-up,
 * back-channel logout), health, the language switch, the auth guard and the error pages. The app applies the
 * middleware in its `configure()`: SessionPrincipalMiddleware, BearerAuthMiddleware, BodyParserMiddleware,
 * CsrfMiddleware, then its own view locals.
 */
@Global()
@Module({})
export class WebShellModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(config: WebAppConfig, options: WebShellOptions, appName: string): DynamicModule {
    return {
      module: WebShellModule,
      imports: [AuthModule],
      controllers: [HealthController, AuthController, LanguageController],
      providers: [
        { provide: WEB_APP_CONFIG, useValue: config },
        { provide: WEB_SHELL_OPTIONS, useValue: options },
        { provide: REDIS, useFactory: () => createRedis(config.redis.url, 'command', `motcua-${appName}`) },
        {
          provide: SESSION_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis) =>
            new RedisStore({
              client: redis,
              prefix: sessionKeys.session(config.redis.prefix),
              ttl: config.session.maxAgeSeconds,
            }),
        },
        { provide: Registry, useFactory: () => createMetricsRegistry(appName) },
        SessionPrincipalMiddleware,
        BodyParserMiddleware,
        CsrfMiddleware,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_FILTER, useClass: WebProblemFilter },
      ],
      exports: [
        WEB_APP_CONFIG,
        WEB_SHELL_OPTIONS,
        REDIS,
        SESSION_STORE,
        Registry,
        AuthModule,
        SessionPrincipalMiddleware,
        BodyParserMiddleware,
        CsrfMiddleware,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { PortalConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { Agency, AgencyModule } from '@app/agency';
import { AuthGuard, AuthModule, BearerAuthMiddleware, UserProfile } from '@app/auth';
import { loggerParams } from '@app/observability';
import { CoreModule } from './infra/core.module';
import { BodyParserMiddleware } from './infra/body-parser.middleware';
import { CsrfMiddleware } from './infra/csrf.middleware';
import { HealthController } from './infra/health.controller';
import { SessionPrincipalMiddleware } from './infra/session.middleware';
import { AgencyController } from './api/agency.controller';
import { MeController } from './api/me.controller';
import { AuthController } from './web/auth.controller';
import { PagesController } from './web/pages.controller';
import { ViewLocalsMiddleware } from './web/view-locals.middleware';
import { PortalProblemFilter } from './web/portal-problem.filter';
import { DossierWebModule } from './dossiers/dossier-web.module';
import { Dossier } from '@app/dossiers';
import { Procedure, ProcedureVersion } from '@app/procedures';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CALENDAR_ENTITIES } from '@app/calendar';
import { CalendarWebModule } from './calendar/calendar-web.module';
import { LienThongWebModule } from './lien-thong/lien-thong-web.module';
import { NotificationsWebModule } from './lien-thong/notifications/notifications-web.module';
import { MessagesWebModule } from './messages/messages-web.module';

export const PORTAL_ENTITIES = [Agency, UserProfile, Dossier, Procedure, ProcedureVersion, ...CALENDAR_ENTITIES];

@Module({})
export class PortalModule implements NestModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: PortalModule,
      imports: [
        CoreModule.forRoot(config),
        LoggerModule.forRoot(loggerParams('portal', config.logLevel)),
        DatabaseModule.forRoot({
          url: config.database.url,
          entities: PORTAL_ENTITIES,
          applicationName: 'motcua-portal',
        }),
        AuthModule,
        AgencyModule,
        DossierWebModule.forRoot(config),
        CatalogueModule,
        CalendarWebModule,
        LienThongWebModule.forRoot(config),
        NotificationsWebModule,
        MessagesWebModule,
      ],
      controllers: [HealthController, AuthController, PagesController, MeController, AgencyController],
      providers: [
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_FILTER, useClass: PortalProblemFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      // Who is calling first (a bad bearer token is refused before its body is read), then the body, then CSRF.
      .apply(
        SessionPrincipalMiddleware,
        BearerAuthMiddleware,
        BodyParserMiddleware,
        CsrfMiddleware,
        ViewLocalsMiddleware,
      )
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { PortalConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { Agency, AgencyModule } from '@app/agency';
import { BearerAuthMiddleware, UserProfile } from '@app/auth';
import { loggerParams } from '@app/observability';
import { CoreModule } from './infra/core.module';
import {
  BodyParserMiddleware,
  CsrfMiddleware,
  SessionPrincipalMiddleware,
  WebShellModule,
  WebShellOptions,
} from '@app/web';
import { AgencyController } from './api/agency.controller';
import { MeController } from './api/me.controller';
import { PagesController } from './web/pages.controller';
import { ViewLocalsMiddleware } from './web/view-locals.middleware';
import { DossierWebModule } from './dossiers/dossier-web.module';
import { Dossier } from '@app/dossiers';
import { Procedure, ProcedureVersion } from '@app/procedures';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CALENDAR_ENTITIES } from '@app/calendar';
import { CalendarWebModule } from './calendar/calendar-web.module';
import { LienThongWebModule } from './lien-thong/lien-thong-web.module';
import { NotificationsWebModule } from './lien-thong/notifications/notifications-web.module';
import { MessagesWebModule } from './messages/messages-web.module';
import { translate } from './i18n/messages';
import { resultBodyLimit } from './lien-thong/result-body.parser';

/** Dossiers forwarded by the national portal: up to 20 dossiers with their file links (no file content). */
export const NATIONAL_BODY_LIMIT = 1024 * 1024;

/** The portal's part of the shared web shell: its dictionary, its upload forms, its large bodies. */
export function portalShellOptions(config: PortalConfig): WebShellOptions {
  return {
    translate,
    // Page forms that send files: their token is checked once the upload interceptor has read the body.
    multipartFormRoutes: [
      /^\/dossiers\/[^/]+\/files$/,
      /^\/desk\/dossiers\/[^/]+\/results$/,
      /^\/agency\/cases\/[^/]+\/result$/,
    ],
    largeBodyRoutes: [
      // An agency's result carries its documents as base64 in JSON.
      {
        path: /^\/api\/v1\/agency-cases\/[^/]+\/result$/,
        limit: resultBodyLimit(config.files.maxFileBytes),
        field: 'documents',
        tooLarge: (limit) => `the result is larger than ${limit} bytes; send fewer or smaller documents`,
      },
      { path: /^\/api\/v1\/national-portal\/DongBoHoSoMC$/, limit: NATIONAL_BODY_LIMIT },
    ],
  };
}

export const PORTAL_ENTITIES = [Agency, UserProfile, Dossier, Procedure, ProcedureVersion, ...CALENDAR_ENTITIES];

@Module({})
export class PortalModule implements NestModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: PortalModule,
      imports: [
        WebShellModule.forRoot(config, portalShellOptions(config), 'portal'),
        CoreModule.forRoot(config),
        LoggerModule.forRoot(loggerParams('portal', config.logLevel)),
        DatabaseModule.forRoot({
          url: config.database.url,
          entities: PORTAL_ENTITIES,
          applicationName: 'motcua-portal',
        }),
        AgencyModule,
        DossierWebModule.forRoot(config),
        CatalogueModule,
        CalendarWebModule,
        LienThongWebModule.forRoot(config),
        NotificationsWebModule,
        MessagesWebModule,
      ],
      controllers: [PagesController, MeController, AgencyController],
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

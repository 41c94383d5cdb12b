import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { FEEDBACK_CONFIG, FeedbackConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { Agency, AgencyModule } from '@app/agency';
import { BearerAuthMiddleware, UserProfile } from '@app/auth';
import { CALENDAR_ENTITIES } from '@app/calendar';
import { loggerParams } from '@app/observability';
import {
  BodyParserMiddleware,
  CsrfMiddleware,
  SessionPrincipalMiddleware,
  WebShellModule,
  WebShellOptions,
} from '@app/web';
import { translate } from './i18n/messages';
import { FeedbackViewLocalsMiddleware } from './web/view-locals.middleware';
import { HomeController } from './web/home.controller';
import { FeedbackModule } from '@app/feedback';
import { ReportPagesController } from './reports/report-pages.controller';
import { StaffPagesController } from './reports/staff-pages.controller';

/** The feedback app's part of the shared web shell. */
export function feedbackShellOptions(): WebShellOptions {
  return {
    translate,
    // Third-party apps post with their Open311 API key, never with a browser session.
    csrfExemptPrefixes: ['/open311/'],
    machinePrefixes: ['/open311/'],
    // Page forms that send photos: their token is checked once the upload interceptor has read the body.
    multipartFormRoutes: [/^\/reports\/new$/, /^\/unit\/reports\/[^/]+\/answer$/],
  };
}

@Module({})
export class FeedbackAppModule implements NestModule {
  static forRoot(config: FeedbackConfig): DynamicModule {
    return {
      module: FeedbackAppModule,
      imports: [
        WebShellModule.forRoot(config, feedbackShellOptions(), 'feedback'),
        LoggerModule.forRoot(loggerParams('feedback', config.logLevel)),
        DatabaseModule.forRoot({
          url: config.database.url,
          entities: [Agency, UserProfile, ...CALENDAR_ENTITIES],
          applicationName: 'motcua-feedback',
        }),
        AgencyModule,
        FeedbackModule.forRoot({ maxPhotoBytes: config.files.maxPhotoBytes }),
      ],
      controllers: [HomeController, ReportPagesController, StaffPagesController],
      providers: [{ provide: FEEDBACK_CONFIG, useValue: config }, FeedbackViewLocalsMiddleware],
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
        FeedbackViewLocalsMiddleware,
      )
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import session, { Store } from 'express-session';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import passport from 'passport';
import { Registry } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';
import { PortalConfig } from '@app/config';
import { SESSION_STORE } from '@app/auth';
import { createValidationPipe, httpMetricsMiddleware } from '@app/observability';
import { PortalModule } from './portal.module';
import { packageDir, PUBLIC_DIR, VIEWS_DIR } from './portal-paths';
import { createViewEnvironment } from './web/page-language';

/** Builds the portal application (not yet listening): used by main.ts and by tests alike. */
export async function createPortalApp(config: PortalConfig): Promise<NestExpressApplication> {
  // Bodies are parsed by BodyParserMiddleware, after authentication, with each route's own limit.
  const app = await NestFactory.create<NestExpressApplication>(PortalModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (config.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');

  app.use(httpMetricsMiddleware(app.get(Registry)));
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  const identityOrigin = new URL(config.oidc.issuer).origin;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // The sign-out form ends in a redirect to Keycloak, "Nộp trực tuyến" in one to the payment gateway's page;
          // browsers apply form-action to those redirects.
          formAction: [
            "'self'",
            identityOrigin,
            ...(config.payments ? [new URL(config.payments.paymentUrl).origin] : []),
          ],
          upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      strictTransportSecurity: config.publicUrl.startsWith('https:'),
    }),
  );
  app.use(
    session({
      store: app.get<Store>(SESSION_STORE),
      name: config.session.cookieName,
      secret: config.session.secret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.session.cookieSecure,
        maxAge: config.session.maxAgeSeconds * 1000,
        path: '/',
      },
    }),
  );
  app.use(passport.initialize());

  app.useStaticAssets(PUBLIC_DIR, { prefix: '/public', maxAge: '1h', index: false });
  const env = createViewEnvironment([VIEWS_DIR, join(packageDir('govuk-frontend'), 'dist')], {
    noCache: config.nodeEnv === 'development',
  });
  env.express(app.getHttpAdapter().getInstance());
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('njk');

  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Một Cửa API')
      .setDescription(
        'REST API of the one-stop-shop portal. Authenticate with a Keycloak access token (audience motcua-api).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import session, { Store } from 'express-session';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import passport from 'passport';
import { Registry } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';
import type { WebAppConfig } from '@app/config';
import { SESSION_STORE } from '@app/auth';
import { createValidationPipe, httpMetricsMiddleware } from '@app/observability';
import { createViewEnvironment } from './page-language';
import type { Translate } from './lang';

/** Finds an installed package's folder by walking up from `from` (works from source and from the bundle). */
export function packageDir(name: string, from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package ${name} not found above ${from}`);
    dir = parent;
  }
}

export interface WebAppSetup {
  /** The app's own views (layout.njk, pages/error.njk, …); GOV.UK Frontend's are added after them. */
  viewsDir: string;
  /** Compiled public files (CSS, scripts, images), served under /public. */
  publicDir: string;
  translate: Translate;
  /** Origins page forms may end up at besides the app and Keycloak (e.g. a payment gateway's page). */
  formActionOrigins?: readonly string[];
  /** Origins images may come from besides the app (e.g. a map's tile server). */
  imageOrigins?: readonly string[];
  openApi: { title: string; description: string };
}

/**
 * Builds a web app of the ward (not yet listening) the same way for every app: logging, metrics, a CSP with a nonce
 * per response for scripts, the session cookie, passport, static files, Nunjucks with GOV.UK Frontend, validation
 * and the OpenAPI document under /api/docs. Bodies are parsed by BodyParserMiddleware, after authentication, with each
 * route's own limit.
 */
export async function createWebApp(
  root: DynamicModule,
  config: WebAppConfig,
  setup: WebAppSetup,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(root, { bufferLogs: true, bodyParser: false });
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
          imgSrc: ["'self'", 'data:', ...(setup.imageOrigins ?? [])],
          // The sign-out form ends in a redirect to Keycloak (and an app may post to a gateway's page); browsers apply
          // form-action to those redirects.
          formAction: ["'self'", identityOrigin, ...(setup.formActionOrigins ?? [])],
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

  app.useStaticAssets(setup.publicDir, { prefix: '/public', maxAge: '1h', index: false });
  const env = createViewEnvironment(
    [setup.viewsDir, join(packageDir('govuk-frontend'), 'dist')],
    { noCache: config.nodeEnv === 'development' },
    setup.translate,
  );
  env.express(app.getHttpAdapter().getInstance());
  app.setBaseViewsDir(setup.viewsDir);
  app.setViewEngine('njk');

  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(setup.openApi.title)
      .setDescription(setup.openApi.description)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

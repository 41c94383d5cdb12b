import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { OidcSessionService, SessionIndexService } from '@app/auth';

/**
 * Turns a signed-in session into `req.principal`, renewing tokens server-side near expiry. When Keycloak says the
 * session is gone (refresh rejected) the portal session ends too.
 */
@Injectable()
export class SessionPrincipalMiddleware implements NestMiddleware {
  private readonly logger = new Logger(SessionPrincipalMiddleware.name);

  constructor(
    @Inject(OidcSessionService) private readonly oidc: OidcSessionService,
    @Inject(SessionIndexService) private readonly index: SessionIndexService,
  ) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const auth = req.session?.auth;
    if (!auth) return next();
    try {
      const outcome = await this.oidc.ensureFresh(req.sessionID, auth);
      switch (outcome.kind) {
        case 'fresh':
          req.principal = auth.principal;
          req.authMethod = 'session';
          break;
        case 'refreshed':
          req.session.auth = outcome.auth;
          req.principal = outcome.auth.principal;
          req.authMethod = 'session';
          break;
        case 'ended':
          this.logger.log(
            { reason: outcome.reason, sub: auth.principal.subject },
            'session ended by identity provider',
          );
          await this.index.remove(req.sessionID, auth.sid, auth.principal.subject);
          delete req.session.auth;
          break;
      }
      next();
    } catch (err) {
      next(err);
    }
  }
}

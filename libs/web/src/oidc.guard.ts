import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { NATIONAL_IDENTITY_PROVIDER } from '@app/auth';
import { DomainError } from '@app/observability';
import { safeReturnTo } from './return-to';
import { langOf } from './lang';

/** Runs the OIDC strategy: on /auth/login it redirects to Keycloak, on /auth/callback it completes the sign-in. */
@Injectable()
export class OidcGuard extends PassportAuthGuard('oidc') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.path === '/auth/login') req.session.returnTo = safeReturnTo(req.query['returnTo']);
    return (await super.canActivate(context)) as boolean;
  }

  /**
   * Keycloak's sign-in page speaks the app's language (`ui_locales` on the authorization request);
   * `/auth/login?with=vneid` goes straight to the national identity provider, `&level=2` asking it for level 2.
   */
  override getAuthenticateOptions(context: ExecutionContext): {
    uiLocales: string;
    idpHint?: string;
    acrValues?: string;
  } {
    const req = context.switchToHttp().getRequest<Request>();
    const options: { uiLocales: string; idpHint?: string; acrValues?: string } = { uiLocales: langOf(req) };
    if (req.path === '/auth/login' && req.query['with'] === NATIONAL_IDENTITY_PROVIDER) {
      options.idpHint = NATIONAL_IDENTITY_PROVIDER;
      if (req.query['level'] === '2') options.acrValues = '2';
    }
    return options;
  }

  override handleRequest<T>(err: unknown, user: T | false): T {
    if (err || !user) {
      const reason = err instanceof Error ? err.message : 'the identity provider did not confirm the sign-in';
      throw new DomainError('login_failed', `Sign-in failed: ${reason}`);
    }
    return user;
  }
}

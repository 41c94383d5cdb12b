import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/observability';
import { WEB_SHELL_OPTIONS, WebShellOptions } from './web-shell.options';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Called by Keycloak, not browsers: it authenticates with its own logout token. */
const BACKCHANNEL_LOGOUT = '/auth/backchannel-logout';

export function csrfTokenOf(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws csrf_failed unless `sent` is the session's token. */
export function verifyFormToken(req: Request, sent: string | undefined): void {
  const expected = req.session?.csrfToken;
  if (!expected || !sent || !same(expected, sent)) {
    throw new DomainError(
      'csrf_failed',
      'The form has expired or was not sent from this site. Reload the page and try again.',
    );
  }
}

/**
 * Synchronizer-token CSRF protection for every state-changing request that rides on the session cookie. Requests
 * with a bearer token carry no ambient credential and are not subject to it. The token comes in the X-CSRF-Token
 * header or the form's `_csrf` field, never in the URL (URLs end up in logs, histories and Referer headers).
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  private readonly exemptPrefixes: readonly string[];
  private readonly multipartRoutes: readonly RegExp[];

  constructor(@Inject(WEB_SHELL_OPTIONS) options: WebShellOptions) {
    this.exemptPrefixes = options.csrfExemptPrefixes ?? [];
    this.multipartRoutes = options.multipartFormRoutes ?? [];
  }

  use(req: Request, _res: Response, next: NextFunction): void {
    // Only requests that ride on a signed-in session carry an ambient credential worth forging; anonymous ones and
    // bearer calls are left to the auth guard (401/403).
    if (
      SAFE_METHODS.has(req.method) ||
      req.path === BACKCHANNEL_LOGOUT ||
      this.exemptPrefixes.some((p) => req.path.startsWith(p)) ||
      req.headers.authorization ||
      !req.session?.auth
    ) {
      return next();
    }
    const header = req.get('x-csrf-token');
    if (header === undefined && req.is('multipart/form-data') && this.multipartRoutes.some((r) => r.test(req.path))) {
      req.csrfPending = true;
      return next();
    }
    const body = req.body as Record<string, unknown> | undefined;
    try {
      verifyFormToken(req, header ?? (typeof body?._csrf === 'string' ? body._csrf : undefined));
    } catch (err) {
      return next(err);
    }
    next();
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** A multipart page form whose token MultipartCsrfInterceptor checks once the body is parsed. */
    csrfPending?: boolean;
  }
}

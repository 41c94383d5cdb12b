import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/observability';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Endpoints called by servers, not browsers: they authenticate by their own means (logout token, bearer). */
const EXEMPT_PATHS = ['/auth/backchannel-logout'];

export function csrfTokenOf(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Synchronizer-token CSRF protection for every state-changing request that rides on the session cookie. Requests
 * with a bearer token carry no ambient credential and are not subject to it.
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    // Only requests that ride on a signed-in session carry an ambient credential worth forging; anonymous ones and
    // bearer calls are left to the auth guard (401/403).
    if (
      SAFE_METHODS.has(req.method) ||
      EXEMPT_PATHS.includes(req.path) ||
      req.headers.authorization ||
      !req.session?.auth
    ) {
      return next();
    }
    const expected = req.session?.csrfToken;
    const body = req.body as Record<string, unknown> | undefined;
    // Multipart bodies are parsed later (by the route's upload interceptor), so such forms carry the token in the
    // query of their action URL.
    const query = req.is('multipart/form-data') && typeof req.query._csrf === 'string' ? req.query._csrf : undefined;
    const sent = req.get('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? query;
    if (!expected || !sent || !same(expected, sent)) {
      return next(
        new DomainError(
          'csrf_failed',
          'The form has expired or was not sent from this site. Reload the page and try again.',
        ),
      );
    }
    next();
  }
}

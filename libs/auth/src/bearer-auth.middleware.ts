import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/observability';
import { TokenVerifier } from './token-verifier.service';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * Verifies a bearer token before anything reads the request's body: a caller with a bad or forged token gets its
 * 401 at once, and no body is parsed on its behalf (the route's body limit then applies to authenticated callers
 * only where it is larger than the general one). The guard reuses the principal set here.
 */
@Injectable()
export class BearerAuthMiddleware implements NestMiddleware {
  constructor(private readonly verifier: TokenVerifier) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    if (header === undefined) return next();
    try {
      req.principal = await verifyBearerHeader(this.verifier, header);
      req.authMethod = 'bearer';
      next();
    } catch (err) {
      delete req.principal;
      delete req.authMethod;
      next(err);
    }
  }
}

/** The principal of an `Authorization: Bearer <token>` header; throws DomainError('invalid_token'). */
export async function verifyBearerHeader(verifier: TokenVerifier, header: string) {
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) throw new DomainError('invalid_token', 'Authorization header must be "Bearer <token>".');
  const { principal } = await verifier.verifyAccessToken(token);
  return principal;
}

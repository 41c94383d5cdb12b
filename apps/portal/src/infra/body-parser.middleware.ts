import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { json, urlencoded, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { DomainError, FieldProblem } from '@app/observability';
import { resultBodyLimit } from '../lien-thong/result-body.parser';
import { inputProblems, inputRulesError } from './input-rules';

/** The general limit of JSON and form bodies (as Express's default). */
export const GENERAL_BODY_LIMIT = 100 * 1024;

/** An agency's result carries its documents as base64 in JSON: POST /api/v1/agency-cases/:id/result. */
const RESULT_PATH = /^\/api\/v1\/agency-cases\/[^/]+\/result$/;
/** Dossiers forwarded by the national portal: up to 20 dossiers with their file links (no file content). */
const NATIONAL_PATH = /^\/api\/v1\/national-portal\/DongBoHoSoMC$/;
export const NATIONAL_BODY_LIMIT = 1024 * 1024;

function errorType(err: unknown): string | undefined {
  const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Parses JSON and form bodies after authentication (BearerAuthMiddleware and the session run first), with the
 * route's own limit: the large limit of an agency's result only for an authenticated caller, the general one
 * otherwise. Then every string of the body and the query is checked for what PostgreSQL cannot store (NUL,
 * unpaired surrogates) and the body's depth is bounded, so such input is a 400 naming the field, never a 500.
 * Multipart bodies are left to the route's upload interceptor.
 */
@Injectable()
export class BodyParserMiddleware implements NestMiddleware {
  private readonly general: { json: RequestHandler; form: RequestHandler };
  private readonly result: { json: RequestHandler; limit: number };
  private readonly national = json({ limit: NATIONAL_BODY_LIMIT });

  constructor(@Inject(PORTAL_CONFIG) config: PortalConfig) {
    this.general = {
      json: json({ limit: GENERAL_BODY_LIMIT }),
      form: urlencoded({ extended: true, limit: GENERAL_BODY_LIMIT }),
    };
    const limit = resultBodyLimit(config.files.maxFileBytes);
    this.result = { json: json({ limit }), limit };
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const authenticatedPost = req.method === 'POST' && req.principal !== undefined;
    const large = authenticatedPost && RESULT_PATH.test(req.path);
    const national = authenticatedPost && NATIONAL_PATH.test(req.path);
    const parseJson = large ? this.result.json : national ? this.national : this.general.json;
    const limit = large ? this.result.limit : national ? NATIONAL_BODY_LIMIT : GENERAL_BODY_LIMIT;
    parseJson(req, res, (jsonErr?: unknown) => {
      if (jsonErr) return next(this.problem(jsonErr, limit, large));
      this.general.form(req, res, (formErr?: unknown) => {
        if (formErr) return next(this.problem(formErr, GENERAL_BODY_LIMIT, false));
        const problems: FieldProblem[] = [...inputProblems(req.body, ''), ...inputProblems(req.query, 'query.')];
        if (problems.length > 0) return next(inputRulesError(problems));
        next();
      });
    });
  }

  private problem(err: unknown, limit: number, result: boolean): unknown {
    switch (errorType(err)) {
      case 'entity.too.large': {
        const field = result ? 'documents' : 'body';
        const message = result
          ? `the result is larger than ${limit} bytes; send fewer or smaller documents`
          : `is larger than ${limit} bytes`;
        return new DomainError('payload_too_large', `${field} ${message}`, {
          errors: [{ field, messages: [message] }],
        });
      }
      case 'entity.parse.failed':
        return new DomainError('validation_failed', 'body is not valid JSON', {
          errors: [{ field: 'body', messages: ['is not valid JSON'] }],
        });
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new DomainError('validation_failed', 'body has an unsupported encoding or charset', {
          errors: [{ field: 'body', messages: ['must be UTF-8 without content encoding'] }],
        });
      case 'request.aborted':
      case 'request.size.invalid':
        return new DomainError('bad_request', 'The request body was not received whole.');
      case undefined:
      default:
        return err;
    }
  }
}

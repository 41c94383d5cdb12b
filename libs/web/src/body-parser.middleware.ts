import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { json, urlencoded, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError, FieldProblem } from '@app/observability';
import { inputProblems, inputRulesError } from './input-rules';
import { LargeBodyRoute, WEB_SHELL_OPTIONS, WebShellOptions } from './web-shell.options';

/** The general limit of JSON and form bodies (as Express's default). */
export const GENERAL_BODY_LIMIT = 100 * 1024;

function errorType(err: unknown): string | undefined {
  const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Parses JSON and form bodies after authentication (BearerAuthMiddleware and the session run first), with the
 * route's own limit: the larger limit of an app's large-body routes (an agency's result, the national portal's batch)
 * only for an authenticated POST, the general one otherwise. Then every string of the body and the query is checked
 * for what PostgreSQL cannot store (NUL, unpaired surrogates) and the body's depth is bounded, so such input is a 400
 * naming the field, never a 500. Multipart bodies are left to the route's upload interceptor.
 */
@Injectable()
export class BodyParserMiddleware implements NestMiddleware {
  private readonly general = {
    json: json({ limit: GENERAL_BODY_LIMIT }),
    form: urlencoded({ extended: true, limit: GENERAL_BODY_LIMIT }),
  };
  private readonly large: { route: LargeBodyRoute; json: RequestHandler }[];

  constructor(@Inject(WEB_SHELL_OPTIONS) options: WebShellOptions) {
    this.large = (options.largeBodyRoutes ?? []).map((route) => ({ route, json: json({ limit: route.limit }) }));
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const authenticatedPost = req.method === 'POST' && req.principal !== undefined;
    const large = authenticatedPost ? this.large.find((l) => l.route.path.test(req.path)) : undefined;
    const parseJson = large?.json ?? this.general.json;
    parseJson(req, res, (jsonErr?: unknown) => {
      if (jsonErr) return next(this.problem(jsonErr, large?.route));
      this.general.form(req, res, (formErr?: unknown) => {
        if (formErr) return next(this.problem(formErr, undefined));
        const problems: FieldProblem[] = [...inputProblems(req.body, ''), ...inputProblems(req.query, 'query.')];
        if (problems.length > 0) return next(inputRulesError(problems));
        next();
      });
    });
  }

  private problem(err: unknown, route: LargeBodyRoute | undefined): unknown {
    switch (errorType(err)) {
      case 'entity.too.large': {
        const limit = route?.limit ?? GENERAL_BODY_LIMIT;
        const field = route?.field ?? 'body';
        const message = route?.tooLarge ? route.tooLarge(limit) : `is larger than ${limit} bytes`;
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

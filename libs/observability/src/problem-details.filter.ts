import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, FieldProblem } from './domain.error';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  correlationId?: string;
  errors?: FieldProblem[];
  /** RFC 9457 extension members a domain error chose to disclose (e.g. the status an action needs). */
  [extension: string]: unknown;
}

/** Renders a problem as an HTML page for browsers; returns false to fall back to problem+json. */
export type HtmlProblemRenderer = (req: Request, res: Response, problem: ProblemDetails) => boolean;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function codeForStatus(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replace(/\s+/g, '_');
}

/** Every error leaves as RFC 9457 application/problem+json with the correlation id; never a stack trace. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly renderHtml?: HtmlProblemRenderer) {}

  toProblem(exception: unknown, req: Request): ProblemDetails {
    const correlationId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined;
    if (exception instanceof DomainError) {
      return {
        // Extensions first: the standard members below always win over a same-named extension.
        ...(exception.details.extensions ?? {}),
        type: `urn:motcua:problem:${exception.code}`,
        title: TITLES[exception.status] ?? 'Error',
        status: exception.status,
        detail: exception.message,
        instance: req.originalUrl,
        code: exception.code,
        correlationId,
        ...(exception.details.errors ? { errors: exception.details.errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      let detail: string | undefined;
      if (typeof body === 'string') detail = body;
      else if (body && typeof body === 'object' && 'message' in body) {
        const m = body.message;
        detail = Array.isArray(m) ? m.join('; ') : String(m);
      }
      return {
        type: 'about:blank',
        title: TITLES[status] ?? 'Error',
        status,
        detail,
        instance: req.originalUrl,
        code: codeForStatus(status),
        correlationId,
      };
    }
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return {
      type: 'about:blank',
      title: TITLES[status] ?? 'Internal Server Error',
      status,
      detail: 'An unexpected error occurred. Quote the correlation id when reporting it.',
      instance: req.originalUrl,
      code: 'internal_error',
      correlationId,
    };
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const problem = this.toProblem(exception, req);
    if (problem.status >= 500) {
      this.logger.error({ err: exception, correlationId: problem.correlationId }, 'request failed');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const retryAfter = exception instanceof DomainError ? exception.details.retryAfterSeconds : undefined;
    if (problem.status === 429 && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    if (problem.status === 401 && req.headers.authorization?.startsWith('Bearer ')) {
      res.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
    }
    if (this.renderHtml && this.renderHtml(req, res, problem)) return;
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

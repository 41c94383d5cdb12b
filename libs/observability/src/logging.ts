import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Takes a well-formed incoming correlation id (or X-Request-Id) or makes one, and echoes it on the response. */
export function correlationIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[CORRELATION_HEADER] ?? req.headers['x-request-id'];
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  const id = candidate && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
  res.setHeader('X-Correlation-Id', id);
  return id;
}

/** A URL as logged: the values of secret-bearing query parameters (a CSRF token, codes and keys) replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:_csrf|csrf|token|access_token|code|key|state)=)[^&#]*/gi, '$1[redacted]');
}

/** Structured JSON logs (pino) with the correlation id on every line of a request; secrets redacted. */
export function loggerParams(app: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { app },
      genReqId: correlationIdFor,
      customAttributeKeys: { reqId: 'correlationId' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

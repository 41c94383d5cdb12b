import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** The answer that carries documents as base64 in JSON: POST /api/v1/agency-cases/:id/result. */
const RESULT_PATH = /^\/api\/v1\/agency-cases\/[^/]+\/result$/;

/** Room for three documents of the largest size allowed, base64-encoded, plus the rest of the answer. */
export function resultBodyLimit(maxFileBytes: number): number {
  return Math.ceil((maxFileBytes * 4) / 3) * 3 + 1024 * 1024;
}

function tooLarge(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'entity.too.large';
}

/**
 * The JSON body of an agency's result is parsed here with a limit fit for documents (the portal's general JSON
 * limit stays small). Only requests that carry a credential are read this far; the others are left to the general
 * parser and then to the auth guard. Mounted before the general parser, which skips a body already read.
 */
export function agencyResultBodyParser(maxFileBytes: number): RequestHandler {
  const limit = resultBodyLimit(maxFileBytes);
  const parse = json({ limit });
  return function agencyResultBody(req: Request, res: Response, next: NextFunction): void {
    const credential = req.headers.authorization !== undefined || req.session?.auth !== undefined;
    if (req.method !== 'POST' || !credential || !RESULT_PATH.test(req.path)) return next();
    parse(req, res, (err?: unknown) => {
      if (!tooLarge(err)) return next(err);
      const message = `the result is larger than ${limit} bytes; send fewer or smaller documents`;
      res
        .status(413)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'urn:motcua:problem:payload_too_large',
            title: 'Payload Too Large',
            status: 413,
            detail: `documents: ${message}`,
            instance: req.originalUrl,
            code: 'payload_too_large',
            errors: [{ field: 'documents', messages: [message] }],
          }),
        );
    });
  };
}

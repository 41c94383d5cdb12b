import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { of } from 'rxjs';
import { DomainError } from '@app/observability';
import { CsrfMiddleware } from './csrf.middleware';
import { MultipartCsrfInterceptor } from './multipart-csrf.interceptor';

const TOKEN = 'session-csrf-token-0123456789abcdef';

const OPTIONS = {
  translate: (_lang: string, key: string) => key,
  multipartFormRoutes: [
    /^\/dossiers\/[^/]+\/files$/,
    /^\/desk\/dossiers\/[^/]+\/results$/,
    /^\/agency\/cases\/[^/]+\/result$/,
  ],
  csrfExemptPrefixes: ['/open311/'],
};

function request(opts: {
  path: string;
  multipart?: boolean;
  header?: string;
  body?: Record<string, unknown>;
  query?: Record<string, unknown>;
}): Request {
  return {
    method: 'POST',
    path: opts.path,
    headers: {},
    session: { auth: {}, csrfToken: TOKEN },
    body: opts.body,
    query: opts.query ?? {},
    get: (name: string) => (name.toLowerCase() === 'x-csrf-token' ? opts.header : undefined),
    is: (type: string) => (opts.multipart && type === 'multipart/form-data' ? type : false),
  } as unknown as Request;
}

function runMiddleware(req: Request): unknown {
  let passed: unknown = 'not called';
  new CsrfMiddleware(OPTIONS).use(req, {} as never, (err?: unknown) => (passed = err));
  return passed;
}

function runInterceptor(req: Request): { handled: boolean } {
  const state = { handled: false };
  const context = { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
  const next: CallHandler = {
    handle: () => {
      state.handled = true;
      return of(null);
    },
  };
  new MultipartCsrfInterceptor().intercept(context, next);
  return state;
}

describe('CSRF of multipart page forms', () => {
  it('defers a registered upload form to the check after the body is parsed, which refuses a missing token', () => {
    const req = request({ path: '/dossiers/123/files', multipart: true });
    expect(runMiddleware(req)).toBeUndefined();
    expect(req.csrfPending).toBe(true);
    // multer has parsed the body: no token in it.
    req.body = { purpose: 'application' };
    expect(() => runInterceptor(req)).toThrow(DomainError);
  });

  it('never takes the token from the URL', () => {
    const req = request({ path: '/desk/dossiers/1/results', multipart: true, query: { _csrf: TOKEN } });
    runMiddleware(req);
    req.body = {};
    expect(() => runInterceptor(req)).toThrow(/expired or was not sent from this site/);
    const other = request({ path: '/desk/dossiers/1/receive', body: {}, query: { _csrf: TOKEN } });
    expect(runMiddleware(other)).toBeInstanceOf(DomainError);
  });

  it('lets the handler run once the body carries the session token', () => {
    const req = request({ path: '/agency/cases/9/result', multipart: true });
    runMiddleware(req);
    req.body = { _csrf: TOKEN, summary: 'Xong' };
    expect(runInterceptor(req).handled).toBe(true);
    expect(req.csrfPending).toBe(false);
  });

  it('refuses a multipart request to any other route unless the header carries the token', () => {
    expect(runMiddleware(request({ path: '/admin/procedures/1', multipart: true }))).toBeInstanceOf(DomainError);
    expect(runMiddleware(request({ path: '/admin/procedures/1', multipart: true, header: TOKEN }))).toBeUndefined();
  });

  it('leaves the exempt prefixes and the back-channel logout to their own authentication', () => {
    expect(runMiddleware(request({ path: '/open311/v2/requests.json', body: {} }))).toBeUndefined();
    expect(runMiddleware(request({ path: '/auth/backchannel-logout', body: {} }))).toBeUndefined();
    expect(runMiddleware(request({ path: '/open311x', body: {} }))).toBeInstanceOf(DomainError);
  });
});

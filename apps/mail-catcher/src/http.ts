import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { log } from './log';
import { messageJson, type MailStore } from './mail-store';
import { renderClearConfirm, renderError, renderList, renderMessage, STYLES } from './page';
import { sameSiteForm } from '@app/plain-http';
import { ESMS_SEND_PATHS, EsmsAccount, handleSend } from './esms-api';
import { OUTAGE_MODES, OutageMode, smsJson, type SmsStore } from './sms-store';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** No script at all on any page; the form posts only to the catcher itself. */
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The message page: the mail's HTML is in a sandboxed srcdoc frame, which inherits this policy, so it allows the
 * inline styles and images mail relies on. Nothing from the mail is ever put in the page itself unescaped, and the
 * frame runs no script (sandbox without allow-scripts, and no script-src here).
 */
const MESSAGE_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data: cid: http: https:; font-src data:; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string, csp = PAGE_CSP): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': csp,
  });
  res.end(html);
}

/** What a person reads on an error page (the JSON API answers with the English message instead). */
const HTML_ERRORS: Readonly<Record<number, string>> = {
  400: 'Số yêu cầu giả lập sự cố phải là số nguyên từ 0 đến 1000.',
  403: 'Biểu mẫu này chỉ gửi được từ chính trang của hộp thư thử nghiệm.',
  404: 'Không tìm thấy trang hoặc thư này (thư cũ bị xóa khi hộp thư đầy, và mọi thư mất khi khởi động lại).',
  405: 'Địa chỉ này không nhận phương thức đó.',
  500: 'Hộp thư thử nghiệm gặp lỗi; xem nhật ký của nó.',
};

export interface HttpContext {
  /** True while both the SMTP and the HTTP listener accept connections. */
  ready(): boolean;
  /** Where senders reach the SMTP side, shown on the page. */
  smtpAddress(): string;
  /** The SMS gateway's side: what it took, and the account it accepts. */
  sms: SmsStore;
  account: EsmsAccount;
}

/** An outage asked for: how many of the next send requests fail, and how. */
function outageOf(values: URLSearchParams | Record<string, unknown>): { requests: number; mode: OutageMode } {
  const get = (name: string) =>
    values instanceof URLSearchParams ? values.get(name) : (values[name] as string | number | undefined);
  const requests = Number(get('requests') ?? NaN);
  const mode = String(get('mode') ?? 'unavailable') as OutageMode;
  if (!Number.isInteger(requests) || requests < 0 || requests > 1000)
    throw new HttpError(400, 'requests must be a whole number from 0 to 1000');
  if (!OUTAGE_MODES.includes(mode)) throw new HttpError(400, `mode must be one of ${OUTAGE_MODES.join(', ')}`);
  return { requests, mode };
}

async function readSmall(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > 4096) throw new HttpError(413, 'request too large');
  }
  return text;
}

/** The page, the JSON API, the SMS gateway's API and health. */
export function createHttpServer(store: MailStore, context: HttpContext): Server {
  const sms = context.sms;
  /** The routes that read a request body. */
  async function handleAsync(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (ESMS_SEND_PATHS.includes(path)) {
      if (method !== 'POST') {
        res.setHeader('allow', 'POST');
        throw new HttpError(405, `${method} is not allowed here (POST)`);
      }
      await handleSend(req, res, context.account, sms);
      return true;
    }
    if (path === '/api/sms/outage' && method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await readSmall(req)) || '{}') as Record<string, unknown>;
      } catch {
        throw new HttpError(400, 'the body must be JSON: {"requests": n, "mode": "unavailable" | "lost_answer"}');
      }
      const { requests, mode } = outageOf(body);
      sms.startOutage(requests, mode);
      log('info', 'sms outage set', { requests, mode, via: 'api' });
      sendJson(res, 200, { outage: sms.outageState() });
      return true;
    }
    if (path === '/sms/outage' && method === 'POST') {
      if (!sameSiteForm(req)) throw new HttpError(403, 'the form is posted from the catcher page only');
      const { requests, mode } = outageOf(new URLSearchParams(await readSmall(req)));
      sms.startOutage(requests, mode);
      log('info', 'sms outage set', { requests, mode, via: 'page' });
      res.writeHead(303, { location: `/?su-co=${requests}#tin-nhan`, 'cache-control': 'no-store' });
      res.end();
      return true;
    }
    return false;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://mail-catcher.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const notAllowed = (allowed: string): never => {
      res.setHeader('allow', allowed);
      throw new HttpError(405, `${method} is not allowed here (${allowed})`);
    };
    const readable = () => method === 'GET' || method === 'HEAD';

    if (path === '/health') {
      if (!readable()) notAllowed('GET, HEAD');
      return context.ready()
        ? sendJson(res, 200, { status: 'ok', messages: store.list().length })
        : sendJson(res, 503, { status: 'unavailable' });
    }
    if (path === '/') {
      if (!readable()) notAllowed('GET, HEAD');
      const cleared = url.searchParams.get('da-xoa');
      return sendHtml(
        res,
        200,
        renderList({
          messages: store.list(),
          capacity: store.capacity,
          smtpAddress: context.smtpAddress(),
          sms: sms.list(),
          outage: sms.outageState(),
          ...(cleared && /^\d{1,6}$/.test(cleared) ? { cleared: Number(cleared) } : {}),
        }),
      );
    }
    if (path === '/styles.css') {
      if (!readable()) notAllowed('GET, HEAD');
      res.writeHead(200, {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(STYLES);
    }
    const page = /^\/messages\/([^/]+)$/.exec(path);
    if (page) {
      if (!readable()) notAllowed('GET, HEAD');
      const message = store.get(decodeURIComponent(page[1] ?? ''));
      if (!message) throw new HttpError(404, 'no such message');
      return sendHtml(res, 200, renderMessage(message), MESSAGE_CSP);
    }
    if (path === '/clear') {
      if (readable()) return sendHtml(res, 200, renderClearConfirm(store.list().length + sms.list().length));
      if (method !== 'POST') notAllowed('GET, HEAD, POST');
      if (!sameSiteForm(req)) throw new HttpError(403, 'the form is posted from the catcher page only');
      req.resume();
      const count = store.clear() + sms.clear();
      log('info', 'messages cleared', { count, via: 'page' });
      res.writeHead(303, { location: `/?da-xoa=${count}`, 'cache-control': 'no-store' });
      return void res.end();
    }
    if (path === '/api/messages') {
      if (method === 'DELETE') {
        const count = store.clear();
        log('info', 'messages cleared', { count, via: 'api' });
        return sendJson(res, 200, { deleted: count });
      }
      if (!readable()) notAllowed('GET, HEAD, DELETE');
      return sendJson(res, 200, store.list().map(messageJson));
    }
    const api = /^\/api\/messages\/([^/]+)$/.exec(path);
    if (api) {
      if (!readable()) notAllowed('GET, HEAD');
      const message = store.get(decodeURIComponent(api[1] ?? ''));
      if (!message) throw new HttpError(404, 'no such message');
      return sendJson(res, 200, messageJson(message));
    }
    if (path === '/api/sms') {
      if (method === 'DELETE') {
        const count = sms.clear();
        log('info', 'sms cleared', { count, via: 'api' });
        return sendJson(res, 200, { deleted: count });
      }
      if (!readable()) notAllowed('GET, HEAD, DELETE');
      return sendJson(res, 200, sms.list().map(smsJson));
    }
    if (path.startsWith('/api/')) throw new HttpError(404, `no such endpoint ${path}`);
    throw new HttpError(404, `no such page ${path}`);
  }

  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown): void => {
    const known = err instanceof HttpError;
    const status = known ? err.status : err instanceof URIError ? 404 : 500;
    const message = known ? err.message : status === 404 ? 'no such message' : 'internal error';
    if (status === 500)
      log('error', 'request failed', { path: req.url, error: err instanceof Error ? err.stack : String(err) });
    if (res.headersSent) return void res.destroy();
    req.resume();
    const url = req.url ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/MainService.svc/') || url === '/health') {
      return sendJson(res, status, { error: status === 500 ? 'internal_error' : 'request_refused', message });
    }
    sendHtml(res, status, renderError(status, HTML_ERRORS[status] ?? 'Yêu cầu không thực hiện được.'));
  };

  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mail-catcher.invalid').pathname;
    handleAsync(req, res, path)
      .then((handled) => {
        if (!handled) handle(req, res);
      })
      .catch((err: unknown) => fail(req, res, err));
  });
}

import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { headerOf, sameSiteForm } from '@app/plain-http';
import { IpnDispatcher, resultQuery } from './ipn';
import { log } from './log';
import { renderError, renderList, renderPayment, renderRefusal, STYLES } from './page';
import { checkPaymentRequest, MerchantAccount, PaymentRefusal, REFUSALS } from './payment-request';
import { recordPayment } from './payments';
import { answerQuerydr } from './querydr';
import {
  DEFAULT_DELAY_MS,
  IPN_MODES,
  IpnMode,
  IpnOptions,
  MAX_DELAY_MS,
  PaymentChoice,
  SandboxStore,
  SandboxTransaction,
} from './store';

const FORM_LIMIT = 64 * 1024;
const JSON_LIMIT = 64 * 1024;

export const PAYMENT_PATH = '/paymentv2/vpcpay.html';
export const COMPLETE_PATH = '/paymentv2/complete';
export const QUERYDR_PATH = '/merchant_webapi/api/transaction';

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

/** No script on any page. The payment form's answer redirects to the merchant, so its origin may be a target too. */
function pageCsp(formTarget?: string): string {
  return `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'${
    formTarget ? ` ${formTarget}` : ''
  }; base-uri 'none'; frame-ancestors 'none'`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string, csp = pageCsp()): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': csp,
  });
  res.end(html);
}

function sendRefusal(res: ServerResponse, refusal: PaymentRefusal): void {
  log('warn', 'payment refused', { code: refusal.code, reason: refusal.detail });
  res.setHeader('x-vnpay-error-code', refusal.code);
  sendHtml(res, 400, renderRefusal(refusal));
}

function redirect(res: ServerResponse, status: 302 | 303, location: string): void {
  res.writeHead(status, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end();
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `the body is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, JSON_LIMIT);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
}

/**
 * IPN options from a form or a JSON body: `ipn` one of the modes, `delayMs` whole milliseconds (default 3,000).
 * Null when `ipn` is not given at all.
 */
export function ipnOptionsOf(values: { ipn?: unknown; delayMs?: unknown }): IpnOptions | null {
  const { ipn, delayMs } = values;
  if (ipn === undefined || ipn === null || ipn === '') return null;
  if (typeof ipn !== 'string' || !(IPN_MODES as readonly string[]).includes(ipn))
    throw new HttpError(400, `ipn must be one of ${IPN_MODES.join(', ')}`);
  let delay = DEFAULT_DELAY_MS;
  if (delayMs !== undefined && delayMs !== null && delayMs !== '') {
    delay =
      typeof delayMs === 'number'
        ? delayMs
        : typeof delayMs === 'string' && /^\d{1,9}$/.test(delayMs)
          ? Number(delayMs)
          : NaN;
    if (!Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_MS)
      throw new HttpError(400, `delayMs must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}`);
  }
  return { ipn: ipn as IpnMode, delayMs: delay };
}

const CHOICES: readonly PaymentChoice[] = ['success', 'failure', 'cancel'];

/** The merchant's return URL with the result query added (before any fragment). */
export function returnLocation(returnUrl: string, query: string): string {
  const hashAt = returnUrl.indexOf('#');
  const base = hashAt < 0 ? returnUrl : returnUrl.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : returnUrl.slice(hashAt);
  return `${base}${base.includes('?') ? '&' : '?'}${query}${hash}`;
}

export interface SandboxContext {
  account: MerchantAccount;
  ipnUrl: string | null;
  ipnMaxAttempts: number;
  store: SandboxStore;
  ipn: IpnDispatcher;
  ready(): boolean;
}

/** What a person reads on an error page (the JSON API answers with the English message instead). */
const HTML_ERRORS: Readonly<Record<number, string>> = {
  400: 'Yêu cầu không hợp lệ.',
  403: 'Biểu mẫu này chỉ gửi được từ chính trang của cổng thanh toán thử nghiệm.',
  404: 'Không tìm thấy trang này.',
  405: 'Địa chỉ này không nhận phương thức đó.',
  409: 'Chưa cấu hình địa chỉ IPN (VNPAY_SANDBOX_IPN_URL).',
  413: 'Dữ liệu gửi lên quá lớn.',
  500: 'Cổng thanh toán thử nghiệm gặp lỗi; xem nhật ký của nó.',
};

/** The payment pages, the merchant API (querydr), the sandbox's page and JSON API, and health. */
export function createSandboxServer(ctx: SandboxContext): Server {
  const { account, store } = ctx;

  /** Sends a transaction's IPN as its options say; resolves when the redirect may go. */
  async function dispatchIpn(tx: SandboxTransaction): Promise<void> {
    if (tx.ipnState !== 'pending') return;
    const report = (err: unknown) =>
      log('error', 'ipn failed', { txnRef: tx.txnRef, error: err instanceof Error ? err.message : String(err) });
    switch (tx.ipnMode) {
      case 'before_return':
        return ctx.ipn.start(tx).catch(report);
      case 'delayed':
        return ctx.ipn.startAfter(tx, tx.ipnDelayMs);
      case 'normal':
        // Sent while the browser follows the redirect, as VNPay does: neither waits for the other.
        setImmediate(() => void ctx.ipn.start(tx).catch(report));
        return;
      case 'none':
        return;
    }
  }

  async function complete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameSiteForm(req)) throw new HttpError(403, 'the form is posted from the payment page only');
    const values = new URLSearchParams(await readBody(req, FORM_LIMIT));
    const now = new Date();
    const checked = checkPaymentRequest(values.get('query') ?? '', account, now);
    if (!checked.ok) return sendRefusal(res, checked.refusal);
    const request = checked.request;
    if (store.paid(request.tmnCode, request.txnRef))
      return sendRefusal(res, { ...REFUSALS.duplicate, detail: `đơn hàng ${request.txnRef} đã được thanh toán` });
    const choice = values.get('choice') as PaymentChoice | null;
    if (!choice || !CHOICES.includes(choice)) throw new HttpError(400, 'choice must be success, failure or cancel');
    const asked = ipnOptionsOf({ ipn: values.get('ipn'), delayMs: values.get('delayMs') });
    const next = store.takeNextOptions();
    const ipn = asked ?? next ?? { ipn: 'normal', delayMs: DEFAULT_DELAY_MS };
    const tx = recordPayment({ store, account, request, choice, ipn, ipnUrl: ctx.ipnUrl, now });
    log('info', 'payment completed', {
      txnRef: tx.txnRef,
      transactionNo: tx.transactionNo,
      amount: tx.amount,
      responseCode: tx.responseCode,
      ipn: tx.ipnState === 'pending' ? tx.ipnMode : tx.ipnState,
    });
    await dispatchIpn(tx);
    redirect(res, 302, returnLocation(tx.returnUrl, resultQuery(tx.resultParams)));
  }

  function transactionOf(encoded: string): SandboxTransaction {
    const txnRef = decodeURIComponent(encoded);
    const tx = store.latest(account.tmnCode, txnRef);
    if (!tx) throw new HttpError(404, `no transaction with vnp_TxnRef ${txnRef}`);
    return tx;
  }

  async function resend(tx: SandboxTransaction) {
    if (!tx.ipnUrl) throw new HttpError(409, 'no IPN URL is configured (VNPAY_SANDBOX_IPN_URL)');
    return ctx.ipn.resend(tx);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://vnpay-sandbox.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const readable = method === 'GET' || method === 'HEAD';
    const notAllowed = (allowed: string): never => {
      res.setHeader('allow', allowed);
      throw new HttpError(405, `${method} is not allowed here (${allowed})`);
    };

    if (path === '/health') {
      if (!readable) notAllowed('GET, HEAD');
      return ctx.ready()
        ? sendJson(res, 200, { status: 'ok', transactions: store.count() })
        : sendJson(res, 503, { status: 'unavailable' });
    }
    if (path === '/styles.css') {
      if (!readable) notAllowed('GET, HEAD');
      res.writeHead(200, {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(STYLES);
    }
    if (path === PAYMENT_PATH) {
      if (!readable) notAllowed('GET, HEAD');
      const rawQuery = url.search.replace(/^\?/, '');
      const checked = checkPaymentRequest(rawQuery, account, new Date());
      if (!checked.ok) return sendRefusal(res, checked.refusal);
      const request = checked.request;
      if (store.paid(request.tmnCode, request.txnRef))
        return sendRefusal(res, { ...REFUSALS.duplicate, detail: `đơn hàng ${request.txnRef} đã được thanh toán` });
      const fromQuery = ipnOptionsOf({
        ipn: url.searchParams.get('ipn'),
        delayMs: url.searchParams.get('delayMs'),
      });
      log('info', 'payment page shown', { txnRef: request.txnRef, amount: request.amount });
      return sendHtml(
        res,
        200,
        renderPayment({
          account,
          request,
          options: fromQuery ?? store.nextOptions() ?? { ipn: 'normal', delayMs: DEFAULT_DELAY_MS },
          ipnUrl: ctx.ipnUrl,
        }),
        pageCsp(new URL(request.returnUrl).origin),
      );
    }
    if (path === COMPLETE_PATH) {
      if (method !== 'POST') notAllowed('POST');
      return complete(req, res);
    }
    if (path === QUERYDR_PATH) {
      if (method !== 'POST') notAllowed('POST');
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (err) {
        if (!(err instanceof HttpError) || err.status !== 400) throw err;
        body = null;
      }
      const answer = answerQuerydr(body, account, store);
      log('info', 'querydr answered', {
        txnRef: answer['vnp_TxnRef'],
        requestId: (body as Record<string, unknown> | null)?.['vnp_RequestId'],
        responseCode: answer['vnp_ResponseCode'],
      });
      return sendJson(res, 200, answer);
    }
    if (path === '/') {
      if (!readable) notAllowed('GET, HEAD');
      const resent = Number(url.searchParams.get('gui-lai') ?? NaN);
      const resentTx = Number.isInteger(resent) ? store.list().find((t) => t.seq === resent) : undefined;
      const last = resentTx?.ipnAttempts.at(-1);
      const flash =
        url.searchParams.get('da-luu') === '1'
          ? 'Đã lưu tùy chọn IPN cho giao dịch tiếp theo.'
          : resentTx && last
            ? `Đã gửi lại IPN của đơn hàng ${resentTx.txnRef}: ${
                last.accepted ? 'đơn vị đã xác nhận' : 'đơn vị chưa xác nhận'
              }${last.rspCode ? ` (RspCode ${last.rspCode})` : last.error ? ` (${last.error})` : ''}.`
            : undefined;
      return sendHtml(
        res,
        200,
        renderList({
          account,
          ipnUrl: ctx.ipnUrl,
          maxAttempts: ctx.ipnMaxAttempts,
          transactions: store.list(),
          nextOptions: store.nextOptions(),
          ...(flash ? { flash } : {}),
        }),
      );
    }
    if (path === '/options') {
      if (method !== 'POST') notAllowed('POST');
      if (!sameSiteForm(req)) throw new HttpError(403, 'the form is posted from the sandbox page only');
      const values = new URLSearchParams(await readBody(req, FORM_LIMIT));
      const options = ipnOptionsOf({ ipn: values.get('ipn'), delayMs: values.get('delayMs') });
      store.setNextOptions(options);
      log('info', 'ipn options set', { ...options, via: 'page' });
      return redirect(res, 303, '/?da-luu=1#tuy-chon');
    }
    const formResend = /^\/transactions\/([^/]+)\/ipn$/.exec(path);
    if (formResend) {
      if (method !== 'POST') notAllowed('POST');
      if (!sameSiteForm(req)) throw new HttpError(403, 'the form is posted from the sandbox page only');
      req.resume();
      const tx = transactionOf(formResend[1] ?? '');
      await resend(tx);
      return redirect(res, 303, `/?gui-lai=${tx.seq}`);
    }
    if (path === '/api/options') {
      if (readable) return sendJson(res, 200, { next: store.nextOptions() });
      if (method !== 'POST') notAllowed('GET, HEAD, POST');
      const body = await readJson(req);
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new HttpError(400, 'the body must be a JSON object: {"ipn": "normal" | …, "delayMs": n}');
      const options = ipnOptionsOf(body);
      if (!options) throw new HttpError(400, `ipn is required: one of ${IPN_MODES.join(', ')}`);
      store.setNextOptions(options);
      log('info', 'ipn options set', { ...options, via: 'api' });
      return sendJson(res, 200, { next: options });
    }
    if (path === '/api/transactions') {
      if (!readable) notAllowed('GET, HEAD');
      return sendJson(res, 200, store.list());
    }
    const api = /^\/api\/transactions\/([^/]+)(\/ipn)?$/.exec(path);
    if (api) {
      const tx = transactionOf(api[1] ?? '');
      if (api[2]) {
        if (method !== 'POST') notAllowed('POST');
        req.resume();
        const attempt = await resend(tx);
        return sendJson(res, 200, { attempt, transaction: tx });
      }
      if (!readable) notAllowed('GET, HEAD');
      return sendJson(res, 200, tx);
    }
    if (path.startsWith('/api/')) throw new HttpError(404, `no such endpoint ${path}`);
    throw new HttpError(404, `no such page ${path}`);
  }

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const known = err instanceof HttpError;
      const status = known ? err.status : err instanceof URIError ? 404 : 500;
      const message = known ? err.message : status === 404 ? 'no such transaction' : 'internal error';
      if (status === 500)
        log('error', 'request failed', { path: req.url, error: err instanceof Error ? err.stack : String(err) });
      if (res.headersSent) return void res.destroy();
      req.resume();
      const path = req.url ?? '/';
      const wantsJson =
        path.startsWith('/api/') ||
        path.startsWith('/merchant_webapi/') ||
        path === '/health' ||
        /^application\/json\b/i.test(headerOf(req, 'accept') ?? '');
      if (wantsJson)
        return sendJson(res, status, { error: status === 500 ? 'internal_error' : 'request_refused', message });
      sendHtml(res, status, renderError(status, HTML_ERRORS[status] ?? 'Yêu cầu không thực hiện được.'));
    });
  });
}

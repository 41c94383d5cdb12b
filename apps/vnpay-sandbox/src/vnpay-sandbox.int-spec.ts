import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningVnpaySandbox, startVnpaySandbox, VnpaySandboxOptions } from './sandbox';
import { pipeHash, QUERYDR_REQUEST_FIELDS, QUERYDR_RESPONSE_FIELDS, signedQuery, verifySecureHash } from './signing';
import type { IpnAttempt, SandboxTransaction } from './store';
import { vnpDate } from './vietnam-time';

const TMN_CODE = 'TESTTMN1';
const SECRET = 'TESTHASHSECRET0123456789ABCDEFGH';

/** How the merchant answers one IPN: a JSON answer (after an optional delay). */
interface Answer {
  RspCode: string;
  Message: string;
  delayMs?: number;
}

/** The merchant's side: an IPN endpoint answering from a script (default 00), and a return URL nobody fetches. */
class Merchant {
  readonly calls: Array<{ params: URLSearchParams; at: number }> = [];
  private readonly script: Answer[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Merchant> {
    const self: { merchant?: Merchant } = {};
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://merchant.invalid');
      const merchant = self.merchant;
      if (url.pathname !== '/ipn' || !merchant) return void res.writeHead(404).end();
      merchant.calls.push({ params: url.searchParams, at: Date.now() });
      const answer = merchant.script.shift() ?? { RspCode: '00', Message: 'Confirm Success' };
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ RspCode: answer.RspCode, Message: answer.Message }));
      }, answer.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self.merchant = new Merchant(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self.merchant;
  }

  get ipnUrl(): string {
    return `${this.url}/ipn`;
  }

  get returnUrl(): string {
    return `${this.url}/payments/vnpay/return`;
  }

  answerNext(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  callsFor(txnRef: string): URLSearchParams[] {
    return this.calls.filter((c) => c.params.get('vnp_TxnRef') === txnRef).map((c) => c.params);
  }

  async waitForCalls(txnRef: string, count: number, timeoutMs = 10_000): Promise<URLSearchParams[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsFor(txnRef).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.callsFor(txnRef);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

let refs = 0;
const newRef = (what: string) => `HS-${what}-${Date.now()}-${++refs}`;

/** A payment request as a merchant signs it. */
function paymentParams(merchant: Merchant, txnRef: string, overrides: Record<string, string> = {}) {
  return {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: TMN_CODE,
    vnp_Amount: '5000000',
    vnp_CurrCode: 'VND',
    vnp_TxnRef: txnRef,
    vnp_OrderInfo: `Lệ phí hồ sơ <b>${txnRef}</b> & phí dịch vụ`,
    vnp_OrderType: 'other',
    vnp_Locale: 'vn',
    vnp_ReturnUrl: merchant.returnUrl,
    vnp_IpAddr: '127.0.0.1',
    vnp_CreateDate: vnpDate(new Date()),
    vnp_ExpireDate: vnpDate(new Date(Date.now() + 15 * 60_000)),
    ...overrides,
  };
}

function paymentUrl(sandbox: RunningVnpaySandbox, params: Record<string, string>, secret = SECRET): string {
  return `${sandbox.url}/paymentv2/vpcpay.html?${signedQuery(secret, params)}`;
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Opens the payment page and presses a button on it, as a browser would; returns the sandbox's answer. */
async function pay(
  sandbox: RunningVnpaySandbox,
  params: Record<string, string>,
  choice: 'success' | 'failure' | 'cancel',
  extra: Record<string, string> = {},
): Promise<Response> {
  const page = await fetch(paymentUrl(sandbox, params));
  const html = await page.text();
  expect(page.status).toBe(200);
  const hidden = /name="query" value="([^"]*)"/.exec(html);
  expect(hidden).not.toBeNull();
  return fetch(`${sandbox.url}/paymentv2/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: unescape(hidden?.[1] ?? ''), choice, ...extra }).toString(),
    redirect: 'manual',
  });
}

/** The result parameters a redirect carries, after checking it goes to the return URL. */
function returned(res: Response, merchant: Merchant): URLSearchParams {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(merchant.returnUrl);
  return location.searchParams;
}

async function transaction(sandbox: RunningVnpaySandbox, txnRef: string): Promise<SandboxTransaction> {
  const res = await fetch(`${sandbox.url}/api/transactions/${encodeURIComponent(txnRef)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SandboxTransaction;
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    value = await probe();
  }
  return value;
}

function options(merchant: Merchant, more: Partial<VnpaySandboxOptions> = {}): VnpaySandboxOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    tmnCode: TMN_CODE,
    hashSecret: SECRET,
    merchantName: 'Một Cửa – phường Thủy Xuân',
    ipnUrl: merchant.ipnUrl,
    ipnMaxAttempts: 3,
    ipnRetryMs: 50,
    stateFile: null,
    ...more,
  };
}

async function querydr(sandbox: RunningVnpaySandbox, fields: Record<string, string>, secret = SECRET) {
  const body = { ...fields, vnp_SecureHash: pipeHash(secret, QUERYDR_REQUEST_FIELDS, fields) };
  const res = await fetch(`${sandbox.url}/merchant_webapi/api/transaction`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, string>;
}

let requestIds = 0;
function querydrFields(txnRef: string, transactionDate: string, more: Record<string, string> = {}) {
  return {
    vnp_RequestId: `rq${Date.now()}${++requestIds}`,
    vnp_Version: '2.1.0',
    vnp_Command: 'querydr',
    vnp_TmnCode: TMN_CODE,
    vnp_TxnRef: txnRef,
    vnp_TransactionDate: transactionDate,
    vnp_CreateDate: vnpDate(new Date()),
    vnp_IpAddr: '127.0.0.1',
    vnp_OrderInfo: `Truy van giao dich ${txnRef}`,
    ...more,
  };
}

describe('the VNPay sandbox', () => {
  let merchant: Merchant;
  let sandbox: RunningVnpaySandbox;

  beforeAll(async () => {
    merchant = await Merchant.start();
    sandbox = await startVnpaySandbox(options(merchant));
  });

  afterAll(async () => {
    await sandbox?.close();
    await merchant?.close();
  });

  describe('the payment page', () => {
    it('refuses a request whose checksum does not match: Sai chữ ký (code=97)', async () => {
      const params = paymentParams(merchant, newRef('sig'));
      const tampered = paymentUrl(sandbox, params).replace('vnp_Amount=5000000', 'vnp_Amount=100000');
      const res = await fetch(tampered);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-vnpay-error-code')).toBe('97');
      expect(await res.text()).toContain('Sai chữ ký (code=97)');
      const wrongSecret = await fetch(paymentUrl(sandbox, params, 'ANOTHERSECRET0123456789ABCDEFGHI'));
      expect(await wrongSecret.text()).toContain('Sai chữ ký (code=97)');
    });

    it('refuses an unknown terminal, a bad parameter and an expired request with their codes', async () => {
      const unknown = await fetch(
        paymentUrl(sandbox, paymentParams(merchant, newRef('tmn'), { vnp_TmnCode: 'OTHER001' })),
      );
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain('Website chưa được phê duyệt (code=02)');
      const tooSmall = await fetch(
        paymentUrl(sandbox, paymentParams(merchant, newRef('amt'), { vnp_Amount: '100000' })),
      );
      expect(tooSmall.status).toBe(400);
      expect(await tooSmall.text()).toMatch(/code=03[\s\S]*vnp_Amount/);
      const expired = await fetch(
        paymentUrl(
          sandbox,
          paymentParams(merchant, newRef('exp'), { vnp_ExpireDate: vnpDate(new Date(Date.now() - 60_000)) }),
        ),
      );
      expect(expired.status).toBe(400);
      expect(expired.headers.get('x-vnpay-error-code')).toBe('11');
    });

    it('shows the order with the amount in VND, escaped, under a policy that runs no script', async () => {
      const txnRef = newRef('page');
      const res = await fetch(paymentUrl(sandbox, paymentParams(merchant, txnRef)));
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('script-src');
      expect(csp).toContain(`form-action 'self' ${merchant.url}`);
      const html = await res.text();
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain('50.000\u00a0₫');
      expect(html).toContain(`Lệ phí hồ sơ &lt;b&gt;${txnRef}&lt;/b&gt; &amp; phí dịch vụ`);
      expect(html).not.toContain('<script');
      for (const label of ['Thanh toán thành công', 'Thanh toán thất bại', 'Hủy giao dịch'])
        expect(html).toContain(label);
      // Every form control has its label.
      for (const [, id] of html.matchAll(/<input[^>]*\bid="([^"]+)"/g)) expect(html).toContain(`for="${id}"`);
    });
  });

  describe('a payment', () => {
    it('succeeds: signed redirect to the return URL and the same signed parameters in the IPN', async () => {
      const txnRef = newRef('ok');
      const params = paymentParams(merchant, txnRef);
      const result = returned(await pay(sandbox, params, 'success'), merchant);
      expect(verifySecureHash(SECRET, result)).toBe(true);
      expect(Object.fromEntries(result)).toMatchObject({
        vnp_Amount: '5000000',
        vnp_BankCode: 'NCB',
        vnp_CardType: 'ATM',
        vnp_OrderInfo: params.vnp_OrderInfo,
        vnp_ResponseCode: '00',
        vnp_TmnCode: TMN_CODE,
        vnp_TransactionStatus: '00',
        vnp_TxnRef: txnRef,
      });
      expect(result.get('vnp_TransactionNo')).toMatch(/^[1-9]\d*$/);
      expect(result.get('vnp_BankTranNo')).toMatch(/^VNP\d+$/);
      expect(result.get('vnp_PayDate')).toMatch(/^\d{14}$/);
      expect([...result.keys()]).toEqual([
        'vnp_Amount',
        'vnp_BankCode',
        'vnp_BankTranNo',
        'vnp_CardType',
        'vnp_OrderInfo',
        'vnp_PayDate',
        'vnp_ResponseCode',
        'vnp_TmnCode',
        'vnp_TransactionNo',
        'vnp_TransactionStatus',
        'vnp_TxnRef',
        'vnp_SecureHash',
      ]);

      const [ipn] = await merchant.waitForCalls(txnRef, 1);
      expect(ipn).toBeDefined();
      expect(verifySecureHash(SECRET, ipn as URLSearchParams)).toBe(true);
      expect(Object.fromEntries(ipn as URLSearchParams)).toEqual(Object.fromEntries(result));

      const tx = await eventually(
        () => transaction(sandbox, txnRef),
        (t) => t.ipnState === 'confirmed',
      );
      expect(tx.ipnAttempts).toHaveLength(1);
      expect(tx.ipnAttempts[0]).toMatchObject({
        attempt: 1,
        trigger: 'auto',
        httpStatus: 200,
        rspCode: '00',
        accepted: true,
      });

      // Paid once: the same order cannot be paid again.
      const again = await fetch(paymentUrl(sandbox, { ...params, vnp_CreateDate: vnpDate(new Date()) }));
      expect(again.status).toBe(400);
      expect(await again.text()).toContain('Giao dịch đã tồn tại (code=01)');
    });

    it('fails with code 51 and is cancelled with code 24, both with transaction status 02', async () => {
      const failedRef = newRef('fail');
      const failed = returned(await pay(sandbox, paymentParams(merchant, failedRef), 'failure'), merchant);
      expect(verifySecureHash(SECRET, failed)).toBe(true);
      expect(failed.get('vnp_ResponseCode')).toBe('51');
      expect(failed.get('vnp_TransactionStatus')).toBe('02');
      expect(failed.get('vnp_BankTranNo')).toBeNull();

      const cancelledRef = newRef('cancel');
      const cancelled = returned(await pay(sandbox, paymentParams(merchant, cancelledRef), 'cancel'), merchant);
      expect(verifySecureHash(SECRET, cancelled)).toBe(true);
      expect(cancelled.get('vnp_ResponseCode')).toBe('24');
      expect(cancelled.get('vnp_TransactionStatus')).toBe('02');
      expect(cancelled.get('vnp_TransactionNo')).toBe('0');

      const ipns = await merchant.waitForCalls(cancelledRef, 1);
      expect(ipns[0]?.get('vnp_ResponseCode')).toBe('24');
      // A failed order may be paid again.
      const retry = returned(await pay(sandbox, paymentParams(merchant, failedRef), 'success'), merchant);
      expect(retry.get('vnp_ResponseCode')).toBe('00');
    });

    it('refuses a completion posted from another site', async () => {
      const res = await fetch(`${sandbox.url}/paymentv2/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
        body: new URLSearchParams({
          query: signedQuery(SECRET, paymentParams(merchant, newRef('csrf'))),
          choice: 'success',
        }).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBe(403);
    });

    it('checks the signed query again on completion', async () => {
      const query = signedQuery(SECRET, paymentParams(merchant, newRef('post'))).replace(
        'vnp_Amount=5000000',
        'vnp_Amount=500000',
      );
      const res = await fetch(`${sandbox.url}/paymentv2/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query, choice: 'success' }).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Sai chữ ký (code=97)');
    });
  });

  describe('the IPN', () => {
    it('is retried while the merchant answers 99, and stops at its 00', async () => {
      const txnRef = newRef('retry');
      merchant.answerNext({ RspCode: '99', Message: 'Unknown error' });
      returned(await pay(sandbox, paymentParams(merchant, txnRef), 'success'), merchant);
      const tx = await eventually(
        () => transaction(sandbox, txnRef),
        (t) => t.ipnState === 'confirmed',
      );
      expect(tx.ipnAttempts.map((a: IpnAttempt) => [a.attempt, a.rspCode, a.accepted])).toEqual([
        [1, '99', false],
        [2, '00', true],
      ]);
      const calls = await merchant.waitForCalls(txnRef, 2);
      expect(calls).toHaveLength(2);
      expect(calls[1]?.toString()).toBe(calls[0]?.toString());
    });

    it('gives up after the last attempt the merchant does not confirm', async () => {
      const txnRef = newRef('giveup');
      const bad = { RspCode: '97', Message: 'Invalid Checksum' };
      merchant.answerNext(bad, bad, bad);
      returned(await pay(sandbox, paymentParams(merchant, txnRef), 'success'), merchant);
      const tx = await eventually(
        () => transaction(sandbox, txnRef),
        (t) => t.ipnState === 'gave_up',
      );
      expect(tx.ipnAttempts.map((a) => a.rspCode)).toEqual(['97', '97', '97']);
    });

    it('goes before the redirect when asked through the options API, for the next payment only', async () => {
      const set = await fetch(`${sandbox.url}/api/options`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ipn: 'before_return' }),
      });
      expect(set.status).toBe(200);
      const txnRef = newRef('before');
      merchant.answerNext({ RspCode: '00', Message: 'Confirm Success', delayMs: 300 });
      const res = await pay(sandbox, paymentParams(merchant, txnRef), 'success');
      returned(res, merchant);
      // The merchant had the IPN, and had answered it, before the browser was sent back.
      expect(merchant.callsFor(txnRef)).toHaveLength(1);
      expect((await transaction(sandbox, txnRef)).ipnAttempts[0]?.rspCode).toBe('00');
      expect(((await (await fetch(`${sandbox.url}/api/options`)).json()) as { next: unknown }).next).toBeNull();
    });

    it('is not sent when the page says "không gửi IPN", and the resend API sends it on demand', async () => {
      const txnRef = newRef('none');
      returned(await pay(sandbox, paymentParams(merchant, txnRef), 'success', { ipn: 'none' }), merchant);
      const tx = await transaction(sandbox, txnRef);
      expect(tx.ipnState).toBe('skipped');
      await new Promise((r) => setTimeout(r, 300));
      expect(merchant.callsFor(txnRef)).toHaveLength(0);

      const resent = await fetch(`${sandbox.url}/api/transactions/${encodeURIComponent(txnRef)}/ipn`, {
        method: 'POST',
      });
      expect(resent.status).toBe(200);
      const body = (await resent.json()) as { attempt: IpnAttempt; transaction: SandboxTransaction };
      expect(body.attempt).toMatchObject({ attempt: 1, trigger: 'resend', rspCode: '00', accepted: true });
      expect(body.transaction.ipnState).toBe('confirmed');
      const [call] = merchant.callsFor(txnRef);
      expect(verifySecureHash(SECRET, call as URLSearchParams)).toBe(true);
    });

    it('is sent again, the same, on each resend of a confirmed payment', async () => {
      const txnRef = newRef('repeat');
      returned(await pay(sandbox, paymentParams(merchant, txnRef), 'success'), merchant);
      await merchant.waitForCalls(txnRef, 1);
      merchant.answerNext({ RspCode: '02', Message: 'Order already confirmed' });
      const resent = await fetch(`${sandbox.url}/api/transactions/${encodeURIComponent(txnRef)}/ipn`, {
        method: 'POST',
      });
      const body = (await resent.json()) as { attempt: IpnAttempt };
      expect(body.attempt).toMatchObject({ attempt: 2, trigger: 'resend', rspCode: '02', accepted: true });
      const calls = merchant.callsFor(txnRef);
      expect(calls).toHaveLength(2);
      expect(calls[1]?.toString()).toBe(calls[0]?.toString());
    });

    it('comes after the redirect, late, when delayed', async () => {
      const txnRef = newRef('delayed');
      returned(
        await pay(sandbox, paymentParams(merchant, txnRef), 'success', { ipn: 'delayed', delayMs: '400' }),
        merchant,
      );
      expect(merchant.callsFor(txnRef)).toHaveLength(0);
      expect(await merchant.waitForCalls(txnRef, 1)).toHaveLength(1);
    });

    it('answers 404 for a reference it never saw', async () => {
      const res = await fetch(`${sandbox.url}/api/transactions/NO-SUCH-REF/ipn`, { method: 'POST' });
      expect(res.status).toBe(404);
    });
  });

  describe('querydr', () => {
    let txnRef: string;
    let createDate: string;
    let result: URLSearchParams;

    beforeAll(async () => {
      txnRef = newRef('query');
      const params = paymentParams(merchant, txnRef);
      createDate = params.vnp_CreateDate;
      result = returned(await pay(sandbox, params, 'success'), merchant);
    });

    const signedAnswer = (answer: Record<string, string>) =>
      expect(answer['vnp_SecureHash']).toBe(pipeHash(SECRET, QUERYDR_RESPONSE_FIELDS, answer));

    it('finds a payment by reference and its creation date, signed', async () => {
      const answer = await querydr(sandbox, querydrFields(txnRef, createDate));
      expect(answer).toMatchObject({
        vnp_Command: 'querydr',
        vnp_ResponseCode: '00',
        vnp_TmnCode: TMN_CODE,
        vnp_TxnRef: txnRef,
        vnp_Amount: '5000000',
        vnp_BankCode: 'NCB',
        vnp_PayDate: result.get('vnp_PayDate'),
        vnp_TransactionNo: result.get('vnp_TransactionNo'),
        vnp_TransactionType: '01',
        vnp_TransactionStatus: '00',
        vnp_PromotionCode: '',
        vnp_PromotionAmount: '',
      });
      expect(answer['vnp_ResponseId']).toMatch(/^\w+$/);
      signedAnswer(answer);
    });

    it('answers 91 for an unknown payment, 97 for a bad checksum, 94 for a reused request id, 02 for another terminal', async () => {
      const missing = await querydr(sandbox, querydrFields(newRef('nothing'), createDate));
      expect(missing['vnp_ResponseCode']).toBe('91');
      signedAnswer(missing);

      const badChecksum = await querydr(sandbox, querydrFields(txnRef, createDate), 'WRONGSECRET0123456789ABCDEFGHIJK');
      expect(badChecksum['vnp_ResponseCode']).toBe('97');

      const fields = querydrFields(txnRef, createDate);
      expect((await querydr(sandbox, fields))['vnp_ResponseCode']).toBe('00');
      const duplicate = await querydr(sandbox, fields);
      expect(duplicate['vnp_ResponseCode']).toBe('94');
      signedAnswer(duplicate);

      const other = await querydr(sandbox, querydrFields(txnRef, createDate, { vnp_TmnCode: 'OTHER001' }));
      expect(other['vnp_ResponseCode']).toBe('02');

      const res = await fetch(`${sandbox.url}/merchant_webapi/api/transaction`, { method: 'POST', body: 'not json' });
      expect(((await res.json()) as Record<string, string>)['vnp_ResponseCode']).toBe('03');
    });
  });

  it('lists the payments newest first with their IPN answers on its page', async () => {
    const res = await fetch(`${sandbox.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('Thành công (mã 00)');
    expect(html).toContain('Khách hàng hủy giao dịch (mã 24)');
    expect(html).toContain('RspCode 99 – Unknown error');
    expect(html).not.toContain('<script');
    const list = (await (await fetch(`${sandbox.url}/api/transactions`)).json()) as SandboxTransaction[];
    expect(list.length).toBeGreaterThan(5);
    expect(list.map((t) => t.seq)).toEqual([...list.map((t) => t.seq)].sort((a, b) => b - a));
  });
});

describe('the VNPay sandbox with a state file', () => {
  let merchant: Merchant;
  let dir: string;

  beforeAll(async () => {
    merchant = await Merchant.start();
    dir = mkdtempSync(join(tmpdir(), 'vnpay-sandbox-'));
  });

  afterAll(async () => {
    await merchant?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps payments, numbering and used request ids across a restart', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startVnpaySandbox(options(merchant, { stateFile }));
    const txnRef = newRef('restart');
    const params = paymentParams(merchant, txnRef);
    let result: URLSearchParams;
    const fields = querydrFields(txnRef, params.vnp_CreateDate);
    try {
      result = returned(await pay(first, params, 'success'), merchant);
      await eventually(
        () => transaction(first, txnRef),
        (t) => t.ipnState === 'confirmed',
      );
      expect((await querydr(first, fields))['vnp_ResponseCode']).toBe('00');
    } finally {
      await first.close();
    }

    const second = await startVnpaySandbox(options(merchant, { stateFile }));
    try {
      const tx = await transaction(second, txnRef);
      expect(tx).toMatchObject({
        responseCode: '00',
        ipnState: 'confirmed',
        transactionNo: result.get('vnp_TransactionNo'),
      });
      expect(tx.ipnAttempts).toHaveLength(1);
      const answer = await querydr(second, querydrFields(txnRef, params.vnp_CreateDate));
      expect(answer).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionNo: result.get('vnp_TransactionNo') });
      expect((await querydr(second, fields))['vnp_ResponseCode']).toBe('94');
      const again = await fetch(paymentUrl(second, { ...params, vnp_CreateDate: vnpDate(new Date()) }));
      expect(await again.text()).toContain('Giao dịch đã tồn tại (code=01)');
      const next = returned(await pay(second, paymentParams(merchant, newRef('after')), 'success'), merchant);
      expect(Number(next.get('vnp_TransactionNo'))).toBeGreaterThan(Number(result.get('vnp_TransactionNo')));
    } finally {
      await second.close();
    }
  });
});

import { join } from 'node:path';
import { freePort, REPO_ROOT, RunningProcess, spawnApp, waitForHttp } from './app-process';

export const VNPAY_SANDBOX_MAIN = join(REPO_ROOT, 'dist', 'apps', 'vnpay-sandbox', 'main.js');

/** When the sandbox sends a payment's IPN: with the redirect, before it, some time after it, or not at all. */
export type VnpayIpnMode = 'normal' | 'before_return' | 'delayed' | 'none';

/** One IPN call the sandbox made to the merchant, and the merchant's answer. */
export interface VnpayIpnAttempt {
  attempt: number;
  trigger: 'auto' | 'resend';
  at: string;
  url: string;
  httpStatus: number | null;
  rspCode: string | null;
  message: string | null;
  body: string | null;
  error: string | null;
  /** HTTP 200 with RspCode 00 or 02. */
  accepted: boolean;
}

/** A payment as `GET /api/transactions/<vnp_TxnRef>` of the sandbox shows it. */
export interface VnpaySandboxTransaction {
  seq: number;
  tmnCode: string;
  txnRef: string;
  /** VND × 100. */
  amount: string;
  orderInfo: string;
  orderType: string;
  locale: string;
  ipAddr: string;
  returnUrl: string;
  createDate: string;
  expireDate: string | null;
  choice: 'success' | 'failure' | 'cancel';
  /** "0" for a cancelled payment. */
  transactionNo: string;
  bankCode: string;
  /** Empty unless the payment succeeded. */
  bankTranNo: string;
  cardType: string;
  payDate: string;
  /** 00 success, 51 insufficient funds, 24 cancelled by the customer. */
  responseCode: string;
  /** 00 success, 02 failed or cancelled. */
  transactionStatus: string;
  completedAt: string;
  /** The signed parameters sent to the return URL and the IPN URL. */
  resultParams: Record<string, string>;
  ipnMode: VnpayIpnMode;
  ipnDelayMs: number;
  ipnUrl: string | null;
  ipnState: 'pending' | 'confirmed' | 'gave_up' | 'skipped' | 'not_configured';
  ipnAttempts: VnpayIpnAttempt[];
}

export interface VnpaySandboxStartOptions {
  /** The merchant's IPN URL (VNPay keeps it in the merchant account); none: no IPN is sent. */
  ipnUrl?: string;
  /** Default `MOTCUA01`. */
  tmnCode?: string;
  /** Default `MOTCUADEMOSECRETKEY0123456789ABC`. */
  hashSecret?: string;
  /** IPN attempts per payment (default 5) and the first wait between them (default 2,000 ms, doubling). */
  ipnMaxAttempts?: number;
  ipnRetryMs?: number;
  /** Keep the sandbox's state in this file across restarts. */
  stateFile?: string;
  /** Default a free port. */
  port?: number;
}

/**
 * The built VNPay sandbox (apps/vnpay-sandbox) as its own process on a free loopback port: payment page
 * `${url}/paymentv2/vpcpay.html`, querydr at `${url}/merchant_webapi/api/transaction`, and an API to steer the
 * IPN and read what happened. Needs `npm run build`.
 */
export class VnpaySandboxProcess {
  private constructor(
    private readonly proc: RunningProcess,
    readonly url: string,
    readonly port: number,
    readonly tmnCode: string,
    readonly hashSecret: string,
  ) {}

  static async start(opts: VnpaySandboxStartOptions = {}): Promise<VnpaySandboxProcess> {
    const port = opts.port ?? (await freePort());
    const tmnCode = opts.tmnCode ?? 'MOTCUA01';
    const hashSecret = opts.hashSecret ?? 'MOTCUADEMOSECRETKEY0123456789ABC';
    const env: Record<string, string> = {
      VNPAY_SANDBOX_HOST: '127.0.0.1',
      VNPAY_SANDBOX_PORT: String(port),
      VNPAY_SANDBOX_TMN_CODE: tmnCode,
      VNPAY_SANDBOX_HASH_SECRET: hashSecret,
    };
    if (opts.ipnUrl) env['VNPAY_SANDBOX_IPN_URL'] = opts.ipnUrl;
    if (opts.ipnMaxAttempts !== undefined) env['VNPAY_SANDBOX_IPN_MAX_ATTEMPTS'] = String(opts.ipnMaxAttempts);
    if (opts.ipnRetryMs !== undefined) env['VNPAY_SANDBOX_IPN_RETRY_MS'] = String(opts.ipnRetryMs);
    if (opts.stateFile) env['VNPAY_SANDBOX_STATE_FILE'] = opts.stateFile;
    const proc = spawnApp(VNPAY_SANDBOX_MAIN, [], env);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/health`, proc);
    return new VnpaySandboxProcess(proc, url, port, tmnCode, hashSecret);
  }

  /** Where the merchant sends the customer (the adapter's payment URL). */
  get paymentUrl(): string {
    return `${this.url}/paymentv2/vpcpay.html`;
  }

  /** Where the merchant calls querydr. */
  get apiUrl(): string {
    return `${this.url}/merchant_webapi/api/transaction`;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    try {
      return { status: res.status, json: JSON.parse(text) as unknown };
    } catch {
      throw new Error(`vnpay sandbox ${method} ${path}: ${res.status} ${text}\n${this.proc.output()}`);
    }
  }

  /** How the next payment's IPN goes (once; the one after is normal again). `delayMs` for `delayed`, default 3 s. */
  async setOptions(options: { ipn: VnpayIpnMode; delayMs?: number }): Promise<void> {
    const answer = await this.call('POST', '/api/options', options);
    if (answer.status !== 200)
      throw new Error(`POST /api/options answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  }

  /** Every payment, newest first. */
  async transactions(): Promise<VnpaySandboxTransaction[]> {
    const answer = await this.call('GET', '/api/transactions');
    if (answer.status !== 200) throw new Error(`GET /api/transactions answered ${answer.status}`);
    return answer.json as VnpaySandboxTransaction[];
  }

  /** The newest payment of the order, or null when there is none. */
  async transaction(txnRef: string): Promise<VnpaySandboxTransaction | null> {
    const answer = await this.call('GET', `/api/transactions/${encodeURIComponent(txnRef)}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new Error(`GET /api/transactions/${txnRef} answered ${answer.status}`);
    return answer.json as VnpaySandboxTransaction;
  }

  /** Sends the payment's IPN once more (outside the retry schedule) and returns the merchant's answer. */
  async resendIpn(txnRef: string): Promise<VnpayIpnAttempt> {
    const answer = await this.call('POST', `/api/transactions/${encodeURIComponent(txnRef)}/ipn`);
    if (answer.status !== 200)
      throw new Error(`POST /api/transactions/${txnRef}/ipn answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    return (answer.json as { attempt: VnpayIpnAttempt }).attempt;
  }

  output(): string {
    return this.proc.output();
  }

  async stop(): Promise<void> {
    await this.proc.stop();
  }
}

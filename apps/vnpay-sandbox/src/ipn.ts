import { log } from './log';
import { vnpEncode } from './signing';
import type { IpnAttempt, SandboxStore, SandboxTransaction } from './store';

export interface IpnSettings {
  /** Attempts per payment at most, the first included. */
  maxAttempts: number;
  /** The wait before the second attempt; it doubles for each one after. */
  retryMs: number;
  /** How long one call may take before it counts as failed. */
  timeoutMs: number;
}

export const IPN_TIMEOUT_MS = 5_000;
const BODY_KEPT = 2_000;

/** The merchant's answer to an IPN, read leniently: `{"RspCode":"00","Message":"Confirm Success"}`. */
function readAnswer(text: string): { rspCode: string | null; message: string | null } {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { rspCode: null, message: null };
    const { RspCode: rspCode, Message: message } = body as Record<string, unknown>;
    return {
      rspCode: typeof rspCode === 'string' ? rspCode : null,
      message: typeof message === 'string' ? message : null,
    };
  } catch {
    return { rspCode: null, message: null };
  }
}

/** The IPN URL with the payment's result parameters (the same signed query the return URL gets). */
export function ipnRequestUrl(ipnUrl: string, query: string): string {
  return `${ipnUrl}${ipnUrl.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Calls the merchant's IPN URL server to server: `GET <ipnUrl>?<result parameters>`. A payment's IPN is retried in
 * the background while the merchant does not answer RspCode 00 or 02 (or the call fails or times out), up to
 * `maxAttempts` calls, waiting `retryMs`, then twice as long each time. Every call is recorded on the transaction.
 */
export class IpnDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly calls = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly settings: IpnSettings,
  ) {}

  /** Sends the first attempt now; later ones are scheduled. Resolves once the first attempt has its answer. */
  async start(tx: SandboxTransaction): Promise<void> {
    await this.attemptAndSchedule(tx);
  }

  /** Sends the first attempt after a delay (the redirect has gone already). */
  startAfter(tx: SandboxTransaction, delayMs: number): void {
    this.later(delayMs, () => this.attemptAndSchedule(tx));
  }

  /** Picks up a payment whose IPN was still due when the sandbox stopped. */
  resume(tx: SandboxTransaction): void {
    this.later(this.settings.retryMs, () => this.attemptAndSchedule(tx));
  }

  /** One more call outside the schedule (the API's and the page's "resend"); its answer is returned. */
  async resend(tx: SandboxTransaction): Promise<IpnAttempt> {
    const attempt = await this.call(tx, 'resend');
    if (attempt.accepted) tx.ipnState = 'confirmed';
    this.store.save();
    return attempt;
  }

  /** Stops every scheduled attempt and the calls under way. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.calls) c.abort();
  }

  private later(ms: number, run: () => Promise<void>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run().catch((err: unknown) =>
        log('error', 'ipn failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      );
    }, ms);
    this.timers.add(timer);
  }

  private autoAttempts(tx: SandboxTransaction): number {
    return tx.ipnAttempts.filter((a) => a.trigger === 'auto').length;
  }

  private async attemptAndSchedule(tx: SandboxTransaction): Promise<void> {
    if (this.closed || tx.ipnState !== 'pending') return;
    const attempt = await this.call(tx, 'auto');
    if (this.closed) return;
    if (attempt.accepted) tx.ipnState = 'confirmed';
    else if (tx.ipnState === 'pending') {
      const made = this.autoAttempts(tx);
      if (made >= this.settings.maxAttempts) {
        tx.ipnState = 'gave_up';
        log('warn', 'ipn given up', { txnRef: tx.txnRef, transactionNo: tx.transactionNo, attempts: made });
      } else {
        this.later(this.settings.retryMs * 2 ** (made - 1), () => this.attemptAndSchedule(tx));
      }
    }
    this.store.save();
  }

  private async call(tx: SandboxTransaction, trigger: IpnAttempt['trigger']): Promise<IpnAttempt> {
    if (!tx.ipnUrl) throw new Error('no IPN URL is configured (VNPAY_SANDBOX_IPN_URL)');
    const url = ipnRequestUrl(tx.ipnUrl, resultQuery(tx.resultParams));
    const base = { attempt: tx.ipnAttempts.length + 1, trigger, at: new Date().toISOString(), url };
    const controller = new AbortController();
    this.calls.add(controller);
    const timer = setTimeout(() => controller.abort(new Error('timeout')), this.settings.timeoutMs);
    let attempt: IpnAttempt;
    try {
      const res = await fetch(url, { method: 'GET', redirect: 'manual', signal: controller.signal });
      const text = await res.text();
      const { rspCode, message } = readAnswer(text);
      attempt = {
        ...base,
        httpStatus: res.status,
        rspCode,
        message,
        body: text.slice(0, BODY_KEPT),
        error: null,
        accepted: res.status === 200 && (rspCode === '00' || rspCode === '02'),
      };
    } catch (err) {
      const reason = this.closed
        ? 'the sandbox stopped before the answer came'
        : controller.signal.aborted
          ? `no answer within ${this.settings.timeoutMs} ms`
          : err instanceof Error
            ? ((err.cause as Error | undefined)?.message ?? err.message)
            : String(err);
      attempt = { ...base, httpStatus: null, rspCode: null, message: null, body: null, error: reason, accepted: false };
    } finally {
      clearTimeout(timer);
      this.calls.delete(controller);
    }
    // A call cut short by a stop is not the merchant's answer: not recorded, and sent again after a restart.
    if (this.closed) return attempt;
    tx.ipnAttempts.push(attempt);
    log(attempt.accepted ? 'info' : 'warn', 'ipn sent', {
      txnRef: tx.txnRef,
      transactionNo: tx.transactionNo,
      attempt: attempt.attempt,
      trigger,
      httpStatus: attempt.httpStatus,
      rspCode: attempt.rspCode,
      error: attempt.error,
    });
    return attempt;
  }
}

/** The result parameters (already signed, in canonical order) as the query string of the return URL and the IPN. */
export function resultQuery(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${vnpEncode(name)}=${vnpEncode(value)}`)
    .join('&');
}

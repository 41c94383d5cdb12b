import { join } from 'node:path';
import { freePort, REPO_ROOT, RunningProcess, spawnApp, waitForHttp } from './app-process';

export const MAIL_CATCHER_MAIN = join(REPO_ROOT, 'dist', 'apps', 'mail-catcher', 'main.js');

/** One SMS as the local gateway's `GET /api/sms` lists it. */
export interface CaughtSmsJson {
  id: string;
  receivedAt: string;
  phone: string;
  content: string;
  brandname: string;
  smsType: string;
  unicode: boolean;
  sandbox: boolean;
  requestId: string | null;
}

const ESMS = { apiKey: 'test-esms-key', secretKey: 'test-esms-secret', brandname: 'UBND-TXUAN' };

/**
 * The built mail catcher as its own process on free ports: an SMTP server and an SMS gateway speaking eSMS's API,
 * for tests that send through the worker. `workerEnv` points a worker at both.
 */
export class MessageCatcherProcess {
  private constructor(
    private readonly proc: RunningProcess,
    readonly url: string,
    readonly smtpUrl: string,
  ) {}

  static async start(): Promise<MessageCatcherProcess> {
    const [httpPort, smtpPort] = [await freePort(), await freePort()];
    const proc = spawnApp(MAIL_CATCHER_MAIN, [], {
      MAIL_CATCHER_HTTP_PORT: String(httpPort),
      MAIL_CATCHER_SMTP_PORT: String(smtpPort),
      MAIL_CATCHER_ESMS_API_KEY: ESMS.apiKey,
      MAIL_CATCHER_ESMS_SECRET_KEY: ESMS.secretKey,
      MAIL_CATCHER_ESMS_BRANDNAMES: ESMS.brandname,
    });
    const url = `http://127.0.0.1:${httpPort}`;
    await waitForHttp(`${url}/health`, proc);
    return new MessageCatcherProcess(proc, url, `smtp://127.0.0.1:${smtpPort}`);
  }

  /** What a worker needs to send e-mail and SMS here. */
  workerEnv(): Record<string, string> {
    return {
      MAIL_SMTP_URL: this.smtpUrl,
      SMS_GATEWAY: 'esms',
      SMS_ESMS_URL: this.url,
      SMS_ESMS_API_KEY: ESMS.apiKey,
      SMS_ESMS_SECRET_KEY: ESMS.secretKey,
      SMS_BRANDNAME: ESMS.brandname,
    };
  }

  async sms(): Promise<CaughtSmsJson[]> {
    const res = await fetch(`${this.url}/api/sms`);
    if (!res.ok) throw new Error(`GET /api/sms answered ${res.status}`);
    return (await res.json()) as CaughtSmsJson[];
  }

  /** Waits (bounded) until at least `count` SMS to the number have arrived; returns them, oldest first. */
  async smsTo(phone: string, count = 1, timeoutMs = 15_000): Promise<CaughtSmsJson[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.sms()).filter((s) => s.phone === phone).reverse();
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The next `requests` send requests fail: refused with 503, or taken with the answer lost. */
  async outage(requests: number, mode: 'unavailable' | 'lost_answer'): Promise<void> {
    const res = await fetch(`${this.url}/api/sms/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests, mode }),
    });
    if (!res.ok) throw new Error(`POST /api/sms/outage answered ${res.status}: ${await res.text()}`);
  }

  output(): string {
    return this.proc.output();
  }

  async stop(): Promise<void> {
    await this.proc.stop();
  }
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { createHttpServer } from './http';
import { MailStore } from './mail-store';
import { createSmtpServer } from './smtp';
import type { EsmsAccount } from './esms-api';
import { SmsStore } from './sms-store';

/** Messages larger than this are refused with 552. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Messages kept in memory; the oldest are dropped past it. */
export const DEFAULT_CAPACITY = 500;

export interface MailCatcherOptions {
  smtpHost: string;
  /** 0 picks a free port (tests). */
  smtpPort: number;
  httpHost: string;
  httpPort: number;
  maxMessageBytes?: number;
  capacity?: number;
  /** The eSMS account the SMS side accepts. */
  esms: EsmsAccount;
}

export interface RunningMailCatcher {
  readonly store: MailStore;
  readonly sms: SmsStore;
  readonly smtpPort: number;
  readonly httpPort: number;
  readonly httpUrl: string;
  /** Stops accepting, lets open SMTP sessions and HTTP requests finish (up to 5 s), then resolves. */
  close(): Promise<void>;
}

/** Thrown when a listener cannot start, with the environment variable that chose its address. */
export class ListenError extends Error {}

function listen(
  server: {
    listen(port: number, host: string, cb: () => void): unknown;
    once(e: 'error', l: (err: Error) => void): unknown;
  },
  port: number,
  host: string,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const reason =
        err.code === 'EADDRINUSE'
          ? `${host}:${port} is already in use (MAIL_CATCHER_${what}_PORT)`
          : err.code === 'EADDRNOTAVAIL'
            ? `${host} is not an address of this machine (MAIL_CATCHER_${what}_HOST)`
            : err.message;
      reject(new ListenError(`cannot listen for ${what}: ${reason}`));
    });
    server.listen(port, host, () => resolve());
  });
}

const portOf = (address: AddressInfo | string | null): number =>
  typeof address === 'object' && address !== null ? address.port : 0;

/** Starts both listeners; resolves once both accept connections. */
export async function startMailCatcher(options: MailCatcherOptions): Promise<RunningMailCatcher> {
  const store = new MailStore(options.capacity ?? DEFAULT_CAPACITY);
  const sms = new SmsStore(options.capacity ?? DEFAULT_CAPACITY);
  const smtp: SMTPServer = createSmtpServer(store, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  const bracket = (host: string) => (host.includes(':') ? `[${host}]` : host);
  const httpServer: Server = createHttpServer(store, {
    ready: () => smtp.server.listening && httpServer.listening,
    smtpAddress: () => `smtp://${bracket(options.smtpHost)}:${portOf(smtp.server.address())}`,
    sms,
    account: options.esms,
  });
  httpServer.keepAliveTimeout = 5_000;
  httpServer.requestTimeout = 30_000;

  try {
    await listen(smtp.server, options.smtpPort, options.smtpHost, 'SMTP');
    await listen(httpServer, options.httpPort, options.httpHost, 'HTTP');
  } catch (err) {
    smtp.close();
    if (httpServer.listening) httpServer.close();
    throw err;
  }
  const httpPort = portOf(httpServer.address());

  let closing: Promise<void> | null = null;
  return {
    store,
    sms,
    smtpPort: portOf(smtp.server.address()),
    httpPort,
    httpUrl: `http://${bracket(options.httpHost)}:${httpPort}`,
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeIdleConnections();
          setTimeout(() => httpServer.closeAllConnections(), 5_000).unref();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VnpaySandboxConfig } from './config';
import { IPN_TIMEOUT_MS, IpnDispatcher } from './ipn';
import { log } from './log';
import { createSandboxServer } from './server';
import { SandboxStore } from './store';

export interface VnpaySandboxOptions extends Omit<VnpaySandboxConfig, 'port'> {
  /** 0 picks a free port (tests). */
  port: number;
  /** How long one IPN call may take (default 5 s). */
  ipnTimeoutMs?: number;
}

export interface RunningVnpaySandbox {
  readonly url: string;
  readonly port: number;
  readonly store: SandboxStore;
  /** Stops accepting, drops scheduled IPN retries, lets open requests finish (up to 5 s), then resolves. */
  close(): Promise<void>;
}

/** Thrown when the listener cannot start, with the environment variable that chose its address. */
export class ListenError extends Error {}

/** Starts the sandbox; resolves once it accepts connections. */
export async function startVnpaySandbox(options: VnpaySandboxOptions): Promise<RunningVnpaySandbox> {
  const store = new SandboxStore(options.stateFile);
  const ipn = new IpnDispatcher(store, {
    maxAttempts: options.ipnMaxAttempts,
    retryMs: options.ipnRetryMs,
    timeoutMs: options.ipnTimeoutMs ?? IPN_TIMEOUT_MS,
  });
  const server: Server = createSandboxServer({
    account: { tmnCode: options.tmnCode, hashSecret: options.hashSecret, name: options.merchantName },
    ipnUrl: options.ipnUrl,
    ipnMaxAttempts: options.ipnMaxAttempts,
    store,
    ipn,
    ready: () => server.listening,
  });
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const reason =
        err.code === 'EADDRINUSE'
          ? `${options.host}:${options.port} is already in use (VNPAY_SANDBOX_PORT)`
          : err.code === 'EADDRNOTAVAIL'
            ? `${options.host} is not an address of this machine (VNPAY_SANDBOX_HOST)`
            : err.message;
      reject(new ListenError(`cannot listen: ${reason}`));
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  // IPNs still due when the sandbox last stopped go out again (a real gateway keeps retrying across restarts).
  const due = store.list().filter((t) => t.ipnState === 'pending' && t.ipnUrl);
  for (const tx of due.reverse()) ipn.resume(tx);
  if (due.length > 0) log('info', 'ipn resumed', { transactions: due.length });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store,
    close() {
      closing ??= new Promise<void>((resolve) => {
        ipn.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      return closing;
    },
  };
}

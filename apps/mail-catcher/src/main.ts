import { loadMailCatcherConfig, MailCatcherConfigError } from './config';
import { log } from './log';
import { DEFAULT_CAPACITY, DEFAULT_MAX_MESSAGE_BYTES, ListenError, startMailCatcher } from './mail-catcher';

/**
 * A local SMTP server for the demo: it takes every e-mail the system sends and shows it on a web page instead of
 * delivering it, so nothing reaches a real mailbox.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadMailCatcherConfig(process.env);
  } catch (err) {
    if (err instanceof MailCatcherConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const catcher = await startMailCatcher(config);
  log('info', 'mail catcher listening', {
    smtp: `smtp://${config.smtpHost}:${catcher.smtpPort}`,
    http: catcher.httpUrl,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    capacity: DEFAULT_CAPACITY,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal} received: stopping`);
    setTimeout(() => process.exit(0), 8_000).unref();
    void catcher.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const message = err instanceof ListenError || !(err instanceof Error) ? String(err) : (err.stack ?? err.message);
  process.stderr.write(`mail-catcher: ${err instanceof ListenError ? err.message : message}\n`);
  process.exit(1);
});

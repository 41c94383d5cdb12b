import { loadVnpaySandboxConfig, VnpaySandboxConfigError } from './config';
import { log } from './log';
import { ListenError, startVnpaySandbox } from './sandbox';
import { StateFileError } from './store';

/**
 * A local stand-in for VNPay's payment gateway (API version 2.1.0) for the demo and the tests: the payment page,
 * the redirect to the merchant's return URL, the IPN to the merchant and the querydr API, all signed as VNPay signs.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadVnpaySandboxConfig(process.env);
  } catch (err) {
    if (err instanceof VnpaySandboxConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const sandbox = await startVnpaySandbox(config);
  log('info', 'vnpay sandbox listening', {
    url: sandbox.url,
    paymentUrl: `${sandbox.url}/paymentv2/vpcpay.html`,
    apiUrl: `${sandbox.url}/merchant_webapi/api/transaction`,
    tmnCode: config.tmnCode,
    ipnUrl: config.ipnUrl,
    ipnMaxAttempts: config.ipnMaxAttempts,
    ipnRetryMs: config.ipnRetryMs,
    stateFile: config.stateFile,
  });
  if (!config.ipnUrl) log('warn', 'no IPN URL configured (VNPAY_SANDBOX_IPN_URL): payments send no IPN');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal} received: stopping`);
    setTimeout(() => process.exit(0), 8_000).unref();
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const plain = err instanceof ListenError || err instanceof StateFileError;
  const message = plain ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`vnpay-sandbox: ${message}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { metricsUrlOf, startMetricsServer } from '@app/observability';
import { ConfigError, loadWorkerConfig } from '@app/config';
import { WorkerModule } from './worker.module';
import { EXIT, nationalReconciliationCommand, USAGE, verifyExchangeLogCommand } from './commands/ops.commands';

/**
 * The router worker: BullMQ consumers plus a health/metrics listener. On SIGTERM or SIGINT it stops taking jobs,
 * lets jobs in progress finish (bounded by WORKER_SHUTDOWN_TIMEOUT_SECONDS), closes connections and exits 0.
 */
async function runWorker(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.disable('x-powered-by');
  await app.listen(config.healthPort, config.healthHost);
  const metrics = await startMetricsServer(app.get(Registry), config.metrics.host, config.metrics.port);
  logger.log(
    `router worker ready; health on http://${config.healthHost}:${config.healthPort}/health/ready, metrics on ${metricsUrlOf(metrics)}/metrics`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing jobs in progress`);
    const timer = setTimeout(() => {
      logger.error(`jobs still running after ${config.shutdownTimeoutSeconds}s; exiting anyway`);
      process.exit(1);
    }, config.shutdownTimeoutSeconds * 1000);
    timer.unref();
    metrics.close();
    app
      .close()
      .then(() => {
        logger.log('router worker stopped cleanly');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };

/** No argument (or `run`): the worker. Otherwise an operations command, which exits with its own code. */
async function main(): Promise<void> {
  const [command = 'run', ...args] = process.argv.slice(2);
  switch (command) {
    case 'run':
      return runWorker();
    case 'verify-exchange-log':
      process.exitCode = await verifyExchangeLogCommand(args, process.env, io);
      return;
    case 'national-reconciliation':
      process.exitCode = await nationalReconciliationCommand(args, process.env, io);
      return;
    default:
      process.stderr.write(`unknown command ${command}\n${USAGE}\n`);
      process.exitCode = EXIT.usage;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    err instanceof ConfigError
      ? `${err.message}\n`
      : `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});

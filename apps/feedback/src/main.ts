import 'reflect-metadata';
import { ConfigError, loadFeedbackConfig } from '@app/config';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { metricsUrlOf, startMetricsServer } from '@app/observability';
import { createFeedbackApp } from './feedback.app';

const USAGE = 'usage: main.js [serve]';

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  switch (command) {
    case 'serve': {
      const config = loadFeedbackConfig(process.env);
      const app = await createFeedbackApp(config);
      await app.listen(config.port, config.host);
      const metrics = await startMetricsServer(app.get(Registry), config.metrics.host, config.metrics.port);
      app
        .get(Logger)
        .log(
          `feedback app listening on ${config.publicUrl} (bound to ${config.host}:${config.port}); metrics on ${metricsUrlOf(metrics)}/metrics`,
        );
      process.once('SIGTERM', () => metrics.close());
      return;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exit(2);
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});

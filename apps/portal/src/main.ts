import 'reflect-metadata';
import { ConfigError, loadDatabaseConfig, loadPortalConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { metricsUrlOf, startMetricsServer } from '@app/observability';
import { createPortalApp } from './portal.app';
import { seedDemoData } from './seed.command';
import { nationalTargetCommand } from './national-target.command';
import { paymentsReconcileCommand } from './payments/payments-reconcile.command';

const USAGE =
  'usage: main.js [serve | migrate | seed | national-target --url <url> [--secret-file <path>] |' +
  ' payments-reconcile --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--json]]';

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  switch (command) {
    case 'serve': {
      const config = loadPortalConfig(process.env);
      const app = await createPortalApp(config);
      await app.listen(config.port, config.host);
      const metrics = await startMetricsServer(app.get(Registry), config.metrics.host, config.metrics.port);
      app
        .get(Logger)
        .log(
          `portal listening on ${config.publicUrl} (bound to ${config.host}:${config.port}); metrics on ${metricsUrlOf(metrics)}/metrics`,
        );
      process.once('SIGTERM', () => metrics.close());
      return;
    }
    case 'migrate': {
      const { url } = loadDatabaseConfig(process.env);
      const result = await runMigrations(url);
      process.stdout.write(
        `${JSON.stringify({ msg: 'migrations done', applied: result.applied, waitedForLockMs: result.waitedForLockMs })}\n`,
      );
      return;
    }
    case 'seed': {
      const { url } = loadDatabaseConfig(process.env);
      const changed = await seedDemoData(url);
      process.stdout.write(`${JSON.stringify({ msg: 'seed done', agenciesChanged: changed })}\n`);
      return;
    }
    case 'national-target': {
      // Points the national-portal delivery target at a status webhook (npm run up: the simulator's).
      process.exitCode = await nationalTargetCommand(process.argv.slice(3), process.env, {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
      });
      return;
    }
    case 'payments-reconcile': {
      // Online payments of the days given, compared with the gateway's records; exit 1 when any disagree.
      process.exitCode = await paymentsReconcileCommand(process.argv.slice(3), process.env, {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
      });
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

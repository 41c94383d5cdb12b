import { join } from 'node:path';
import { createTestDatabase, testRedisPrefix, TestDatabase } from './test-database';
import { PortalClient, registerPortalClient, TEST_KEYCLOAK } from './keycloak.helpers';
import { freePort, PORTAL_MAIN, REPO_ROOT, RunningProcess, spawnApp, waitForHttp } from './app-process';

export const FEEDBACK_MAIN = join(REPO_ROOT, 'dist', 'apps', 'feedback', 'main.js');

export interface FeedbackHarness {
  url: string;
  port: number;
  db: TestDatabase;
  client: PortalClient;
  redisPrefix: string;
  proc: RunningProcess;
  stop(): Promise<void>;
}

/**
 * A real feedback app process for one test file: its own Keycloak client (so back-channel logout reaches this very
 * instance) and, unless given the portal's, its own seeded database and Redis prefix. Beside a portal harness it
 * shares the portal's database and prefix, as the two apps do in production.
 */
export async function startFeedback(
  opts: { db?: TestDatabase; redisPrefix?: string; portalUrl?: string; env?: Record<string, string> } = {},
): Promise<FeedbackHarness> {
  const port = await freePort();
  const metricsPort = await freePort();
  const url = `http://localhost:${port}`;
  const ownDb = opts.db === undefined;
  const db = opts.db ?? (await createTestDatabase());
  const client = await registerPortalClient(url);
  const redisPrefix = opts.redisPrefix ?? testRedisPrefix();
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    FEEDBACK_PORT: String(port),
    FEEDBACK_METRICS_PORT: String(metricsPort),
    FEEDBACK_HOST: '127.0.0.1',
    FEEDBACK_PUBLIC_URL: url,
    PUBLIC_URL: opts.portalUrl ?? 'http://localhost:3000',
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
    OIDC_ISSUER: TEST_KEYCLOAK.issuer,
    FEEDBACK_OIDC_CLIENT_ID: client.clientId,
    FEEDBACK_OIDC_CLIENT_SECRET: client.secret,
    FEEDBACK_API_ALLOWED_AZP: [client.clientId, 'motcua-test'].join(','),
    SESSION_SECRET: 'test-session-secret-of-at-least-32-chars',
    ...opts.env,
  };
  if (ownDb) {
    const seed = spawnApp(PORTAL_MAIN, ['seed'], { ...env, SESSION_SECRET: env.SESSION_SECRET });
    const seedExit = await seed.exited;
    if (seedExit !== 0) throw new Error(`seed failed (${seedExit}):\n${seed.output()}`);
  }
  const proc = spawnApp(FEEDBACK_MAIN, ['serve'], env);
  await waitForHttp(`${url}/health/ready`, proc);
  return {
    url,
    port,
    db,
    client,
    redisPrefix,
    proc,
    stop: async () => {
      await proc.stop();
      await client.remove().catch(() => undefined);
      if (ownDb) await db.drop();
    },
  };
}

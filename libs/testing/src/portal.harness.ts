import { createTestDatabase, testRedisPrefix, TestDatabase } from './test-database';
import { PortalClient, registerPortalClient, TEST_KEYCLOAK } from './keycloak.helpers';
import { freePort, PORTAL_MAIN, RunningProcess, spawnApp, TEST_ALLOWED_NETWORKS, waitForHttp } from './app-process';

export interface PortalHarness {
  url: string;
  port: number;
  /** The portal's metrics listener (loopback, apart from the public port). */
  metricsUrl: string;
  db: TestDatabase;
  client: PortalClient;
  redisPrefix: string;
  proc: RunningProcess;
  stop(): Promise<void>;
}

/**
 * A real portal process for one test file: its own database (from the template, seeded), its own Redis prefix and
 * its own Keycloak client (so back-channel logout reaches this very instance).
 */
export async function startPortal(
  opts: { accessTokenLifespan?: number; env?: Record<string, string> } = {},
): Promise<PortalHarness> {
  const port = await freePort();
  const metricsPort = await freePort();
  const url = `http://localhost:${port}`;
  const db = await createTestDatabase();
  const client = await registerPortalClient(url, { accessTokenLifespan: opts.accessTokenLifespan });
  const redisPrefix = testRedisPrefix();
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
    OIDC_ISSUER: TEST_KEYCLOAK.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.secret,
    API_ALLOWED_AZP: [client.clientId, 'motcua-test', 'agency-police', 'agency-bhxh', 'national-portal'].join(','),
    SESSION_SECRET: 'test-session-secret-of-at-least-32-chars',
    // The tests' agency receivers listen on loopback, which push URLs may not point at by default.
    DELIVERY_ALLOWED_NETWORKS: TEST_ALLOWED_NETWORKS,
    ...opts.env,
  };
  const seed = spawnApp(PORTAL_MAIN, ['seed'], env);
  const seedExit = await seed.exited;
  if (seedExit !== 0) throw new Error(`seed failed (${seedExit}):\n${seed.output()}`);
  const proc = spawnApp(PORTAL_MAIN, ['serve'], env);
  await waitForHttp(`${url}/health/ready`, proc);
  return {
    url,
    port,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    db,
    client,
    redisPrefix,
    proc,
    stop: async () => {
      await proc.stop();
      await client.remove().catch(() => undefined);
      await db.drop();
    },
  };
}

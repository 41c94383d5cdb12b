import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// Jest loads global setup outside its module mapper, hence the relative imports here only.
// eslint-disable-next-line no-restricted-imports
import { runMigrations } from '../libs/database/src';
// eslint-disable-next-line no-restricted-imports
import { prepareTemplateDatabase, REPO_ROOT, TEST_KEYCLOAK, testKeycloakEnv } from '../libs/testing/src';

export const KEYCLOAK_MARKER = join(REPO_ROOT, 'var', 'test-keycloak.started');

async function keycloakReady(): Promise<boolean> {
  try {
    const res = await fetch(`${TEST_KEYCLOAK.issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

const state = globalThis as { motcuaTemplateReady?: boolean };

/** Once per run, before the first integration test: migrate the template database every test file copies. */
export async function setupDatabase(): Promise<void> {
  if (state.motcuaTemplateReady) return;
  await prepareTemplateDatabase((url) => runMigrations(url));
  state.motcuaTemplateReady = true;
}

/**
 * Once per run, before the first e2e or browser test: the template database, and the test Keycloak (realm plus the
 * test overlay, in memory) unless one is already running.
 */
export async function setupEndToEnd(): Promise<void> {
  await setupDatabase();
  if (await keycloakReady()) return;
  if (!existsSync(join(REPO_ROOT, 'dist', 'apps', 'portal', 'main.js'))) {
    throw new Error('e2e tests run the built apps: run "npm run build" first (npm test does).');
  }
  const output = execFileSync('bash', [join(REPO_ROOT, 'keycloak', 'keycloak.sh'), 'start'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: testKeycloakEnv(),
  }).toString();
  process.stdout.write(output);
  // Another run's Keycloak that was still booting: it is theirs to stop.
  if (output.includes('already running')) return;
  mkdirSync(join(REPO_ROOT, 'var'), { recursive: true });
  // The marker names this jest process: only the run that started Keycloak stops it.
  writeFileSync(KEYCLOAK_MARKER, String(process.pid));
}

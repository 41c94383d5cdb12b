import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// Jest loads global teardown outside its module mapper, hence the relative import.
// eslint-disable-next-line no-restricted-imports
import { REPO_ROOT, testKeycloakEnv } from '../libs/testing/src';

/** Stops the test Keycloak if this run started it (one started by hand is left running). */
export default function globalTeardown(): void {
  const marker = join(REPO_ROOT, 'var', 'test-keycloak.started');
  if (!existsSync(marker) || readFileSync(marker, 'utf8').trim() !== String(process.pid)) return;
  execFileSync('bash', [join(REPO_ROOT, 'keycloak', 'keycloak.sh'), 'stop'], {
    stdio: 'inherit',
    env: testKeycloakEnv(),
  });
  rmSync(marker, { force: true });
}

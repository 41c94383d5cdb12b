export interface HealthCheck {
  name: string;
  check: () => Promise<unknown>;
}

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, { status: 'up' | 'down'; latencyMs: number; error?: string }>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs readiness checks in parallel, each bounded by a timeout, and reports each dependency. */
export async function runHealthChecks(checks: readonly HealthCheck[], timeoutMs = 2000): Promise<HealthReport> {
  type Entry = readonly [string, HealthReport['checks'][string]];
  const results: Entry[] = await Promise.all(
    checks.map(async (c): Promise<Entry> => {
      const started = Date.now();
      try {
        await withTimeout(Promise.resolve(c.check()), timeoutMs, c.name);
        return [c.name, { status: 'up' as const, latencyMs: Date.now() - started }] as const;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return [c.name, { status: 'down' as const, latencyMs: Date.now() - started, error }] as const;
      }
    }),
  );
  const checksOut: HealthReport['checks'] = Object.fromEntries(results);
  const ok = results.every(([, r]) => r.status === 'up');
  return { status: ok ? 'ok' : 'error', checks: checksOut };
}

/** Readiness of an OpenID provider: its discovery document answers and names the expected issuer. */
export async function checkOidcIssuer(issuer: string): Promise<void> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`identity provider answered ${res.status}`);
  const doc = (await res.json()) as { issuer?: string };
  if (doc.issuer !== issuer) throw new Error(`identity provider reports issuer ${doc.issuer ?? '(none)'}`);
}

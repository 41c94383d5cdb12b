import { ConfigError, loadPortalConfig, loadWorkerConfig } from './index';

const validPortalEnv = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/motcua',
  REDIS_URL: 'redis://127.0.0.1:6379',
  OIDC_ISSUER: 'http://localhost:8180/realms/motcua',
  OIDC_CLIENT_SECRET: 'secret',
  SESSION_SECRET: 'x'.repeat(32),
};

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('portal config', () => {
  it('reads a valid environment with defaults and freezes it', () => {
    const config = loadPortalConfig(validPortalEnv);
    expect(config.port).toBe(3000);
    expect(config.oidc.clientId).toBe('portal-web');
    expect(config.oidc.allowedAzp).toContain('portal-web');
    expect(config.session.cookieSecure).toBe(false);
    expect(Object.isFrozen(config.oidc)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('allows no special-purpose network to push to unless listed, and names a bad entry', () => {
    expect(loadPortalConfig(validPortalEnv).egress.allowedNetworks).toEqual([]);
    expect(
      loadPortalConfig({ ...validPortalEnv, DELIVERY_ALLOWED_NETWORKS: '10.20.0.0/16, fd00::/8,127.0.0.1' }).egress
        .allowedNetworks,
    ).toEqual(['10.20.0.0/16', 'fd00::/8', '127.0.0.1']);
    expect(
      problemsOf(() => loadPortalConfig({ ...validPortalEnv, DELIVERY_ALLOWED_NETWORKS: '10.0.0.0/40,intranet' })),
    ).toEqual([expect.stringMatching(/^DELIVERY_ALLOWED_NETWORKS: .*"10.0.0.0\/40, intranet"/)]);
  });

  it('names every missing variable at once', () => {
    const problems = problemsOf(() => loadPortalConfig({}));
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'OIDC_ISSUER', 'OIDC_CLIENT_SECRET', 'SESSION_SECRET']),
    );
  });

  it('names malformed values with the reason', () => {
    const problems = problemsOf(() =>
      loadPortalConfig({
        ...validPortalEnv,
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SESSION_SECRET: 'short',
        TRUST_PROXY: 'perhaps',
        REDIS_PREFIX: 'Bad Prefix',
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT: must be an integer, got "eighty"',
        'DATABASE_URL: must use postgres or postgresql, got mysql',
        'SESSION_SECRET: must be at least 32 characters long',
        'TRUST_PROXY: must be true or false, got "perhaps"',
        expect.stringMatching(/^REDIS_PREFIX: is malformed/),
      ]),
    );
  });

  it('turns secure cookies on for an https public URL', () => {
    expect(loadPortalConfig({ ...validPortalEnv, PUBLIC_URL: 'https://motcua.example/' }).session.cookieSecure).toBe(
      true,
    );
  });
});

describe('worker config', () => {
  it('needs only the database and Redis', () => {
    const config = loadWorkerConfig({ DATABASE_URL: validPortalEnv.DATABASE_URL, REDIS_URL: validPortalEnv.REDIS_URL });
    expect(config.concurrency).toBe(4);
    expect(config.oidcIssuer).toBeUndefined();
  });

  it('reads the relay, reconciler and delivery settings with their defaults', () => {
    const base = { DATABASE_URL: validPortalEnv.DATABASE_URL, REDIS_URL: validPortalEnv.REDIS_URL };
    const config = loadWorkerConfig(base);
    expect(config.outbox).toEqual({ pollIntervalMs: 1000, batchSize: 200 });
    expect(config.reconcile).toEqual({ intervalSeconds: 15, graceSeconds: 30 });
    expect(config.delivery.retryScheduleSeconds.slice(0, 3)).toEqual([5, 300, 1800]);
    expect(config.delivery.circuitFailureThreshold).toBe(5);
    expect(loadWorkerConfig({ ...base, DELIVERY_RETRY_SCHEDULE: ' 1, 1,2 ' }).delivery.retryScheduleSeconds).toEqual([
      1, 1, 2,
    ]);
    expect(problemsOf(() => loadWorkerConfig({ ...base, DELIVERY_RETRY_SCHEDULE: '5,soon,60' }))).toEqual([
      'DELIVERY_RETRY_SCHEDULE: must be a comma list of at most 50 whole numbers between 0 and 604800, got "5,soon,60"',
    ]);
    expect(problemsOf(() => loadWorkerConfig({ ...base, OUTBOX_BATCH_SIZE: '0', CIRCUIT_OPEN_SECONDS: 'x' }))).toEqual([
      'OUTBOX_BATCH_SIZE: must be between 1 and 5000, got 0',
      'CIRCUIT_OPEN_SECONDS: must be an integer, got "x"',
    ]);
  });

  it('sends e-mail only with a mail server named, and checks the address and the tuning', () => {
    const base = { DATABASE_URL: validPortalEnv.DATABASE_URL, REDIS_URL: validPortalEnv.REDIS_URL };
    expect(loadWorkerConfig(base).mail).toMatchObject({ smtpUrl: undefined, sms: undefined });
    expect(
      loadWorkerConfig({
        ...base,
        MAIL_SMTP_URL: 'smtp://relay.example.gov.vn:587',
        MAIL_FROM: 'UBND phường Thủy Xuân <motcua@thuyxuan.example.gov.vn>',
        PUBLIC_URL: 'https://dichvucong.thuyxuan.example.gov.vn',
      }).mail,
    ).toEqual({
      smtpUrl: 'smtp://relay.example.gov.vn:587',
      from: 'UBND phường Thủy Xuân <motcua@thuyxuan.example.gov.vn>',
      sms: undefined,
      publicUrl: 'https://dichvucong.thuyxuan.example.gov.vn',
      pollIntervalMs: 1000,
      maxAttempts: 8,
      retryBaseSeconds: 30,
      maxBackoffSeconds: 3600,
      leaseSeconds: 120,
      batchSize: 50,
    });
    expect(
      problemsOf(() =>
        loadWorkerConfig({ ...base, MAIL_SMTP_URL: 'http://relay', MAIL_FROM: 'no address', MAIL_MAX_ATTEMPTS: '0' }),
      ),
    ).toEqual([
      expect.stringMatching(/^MAIL_FROM: /),
      'MAIL_MAX_ATTEMPTS: must be between 1 and 100, got 0',
      expect.stringMatching(/^MAIL_SMTP_URL: /),
    ]);
  });

  it('sends SMS only with a gateway named, through eSMS with its keys and a registered brand name', () => {
    const base = { DATABASE_URL: validPortalEnv.DATABASE_URL, REDIS_URL: validPortalEnv.REDIS_URL };
    expect(
      loadWorkerConfig({
        ...base,
        SMS_GATEWAY: 'esms',
        SMS_ESMS_URL: 'https://rest.esms.example',
        SMS_ESMS_API_KEY: 'key',
        SMS_ESMS_SECRET_KEY: 'secret',
        SMS_BRANDNAME: 'UBND-TXUAN',
      }).mail.sms,
    ).toEqual({
      gateway: 'esms',
      baseUrl: 'https://rest.esms.example',
      apiKey: 'key',
      secretKey: 'secret',
      brandname: 'UBND-TXUAN',
      unicode: false,
      sandbox: false,
      timeoutMs: 10_000,
    });
    expect(
      problemsOf(() =>
        loadWorkerConfig({ ...base, SMS_GATEWAY: 'viettel', SMS_ESMS_URL: 'ftp://x', SMS_BRANDNAME: 'UBND phường' }),
      ),
    ).toEqual([
      expect.stringMatching(/^SMS_GATEWAY: /),
      expect.stringMatching(/^SMS_ESMS_URL: /),
      expect.stringMatching(/^SMS_ESMS_API_KEY: /),
      expect.stringMatching(/^SMS_ESMS_SECRET_KEY: /),
      expect.stringMatching(/^SMS_BRANDNAME: /),
    ]);
  });

  it('rejects an out-of-range concurrency', () => {
    expect(problemsOf(() => loadWorkerConfig({ ...validPortalEnv, WORKER_CONCURRENCY: '0' }))).toEqual([
      'WORKER_CONCURRENCY: must be between 1 and 256, got 0',
    ]);
  });
});

import { resolve } from 'node:path';
import { deepFreeze, EnvReader } from './env-reader';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type NodeEnv = (typeof NODE_ENVS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DatabaseConfig {
  readonly url: string;
}

export interface RedisConfig {
  readonly url: string;
  /** Prefix for every key this deployment writes (queues, sessions, locks); lets several deployments share Redis. */
  readonly prefix: string;
}

export interface OidcConfig {
  /** Exact issuer of the realm, e.g. http://localhost:8180/realms/motcua. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Audience every API access token must carry. */
  readonly apiAudience: string;
  /** Clients (azp) whose access tokens the API accepts. */
  readonly allowedAzp: readonly string[];
  /** Clients of agency systems (client credentials): their service accounts are systems, not people. */
  readonly serviceClients: readonly string[];
  readonly clockToleranceSeconds: number;
}

export interface SessionConfig {
  readonly secret: string;
  readonly cookieName: string;
  readonly cookieSecure: boolean;
  readonly maxAgeSeconds: number;
}

export interface FileStorageConfig {
  /** Root of the content-addressed attachment store (local disk). */
  readonly dir: string;
  readonly maxFileBytes: number;
  readonly maxFilesPerDossier: number;
}

export interface EgressConfig {
  /**
   * Loopback, link-local, private or reserved networks that agency push URLs may nevertheless point at (on-premise
   * agency systems); everything else in those ranges is refused, at save time and at each connection.
   */
  readonly allowedNetworks: readonly string[];
}

export interface MetricsConfig {
  /** Prometheus metrics listen here, apart from the app's port; loopback unless a scraper elsewhere needs them. */
  readonly host: string;
  readonly port: number;
}

export interface LookupLimitConfig {
  /** Lookups one client address may make per window. */
  readonly perIp: number;
  readonly ipWindowSeconds: number;
  /** Wrong keys (or codes) one dossier code may receive per window, from all addresses together. */
  readonly failuresPerCode: number;
  readonly codeWindowSeconds: number;
}

export interface RatingConfig {
  /** How long after it is first given a citizen may change a rating, in days. */
  readonly editDays: number;
  /** How long after a clerk returns a result the clerk's counter tablet offers it for rating, in minutes. */
  readonly counterWindowMinutes: number;
  /** How long the one-time code that pairs a counter tablet stays valid, in minutes. */
  readonly pairingCodeMinutes: number;
  /** How long a counter tablet stays paired before the clerk pairs it again, in hours. */
  readonly devicePairingHours: number;
}

/** Online payment through VNPay (payment API 2.1.0); absent: fees are paid at the counter only. */
export interface PaymentGatewayConfig {
  /** The payment page (`…/paymentv2/vpcpay.html`). */
  readonly paymentUrl: string;
  /** The merchant web API (`…/merchant_webapi/api/transaction`), for querydr. */
  readonly apiUrl: string;
  readonly tmnCode: string;
  readonly hashSecret: string;
  /** How long the payment page accepts an order, in minutes. */
  readonly expireMinutes: number;
  readonly timeoutMs: number;
}

export interface NationalIntakeConfig {
  /** Whether the portal accepts dossiers forwarded by Cổng Dịch vụ công quốc gia (NĐ 118/2025 Điều 17). */
  readonly enabled: boolean;
  /** The national portal's Keycloak client: only its own service account may forward dossiers. */
  readonly clientId: string;
  /** The one origin the files of a forwarded dossier are fetched from (`DuongDanTaiTepTin`). */
  readonly fileOrigin: string;
  /** How long one file download may take. */
  readonly fileTimeoutMs: number;
  /**
   * Whether citizens also file online on this portal (the 2018 regime, and provinces that keep their own intake);
   * when off, online applications go through the national portal and the pages send citizens there.
   */
  readonly ownOnlineIntake: boolean;
  /** The national portal as citizens reach it (where the pages send them to apply online). */
  readonly publicUrl: string;
}

/**
 * What every web application of the ward needs (the portal, the feedback app, the next one): where it listens and is
 * reached, its Keycloak client, its session, Redis and metrics. The shared shell (libs/web) and sign-in (libs/auth)
 * read only this.
 */
export interface WebAppConfig {
  readonly nodeEnv: NodeEnv;
  readonly logLevel: LogLevel;
  readonly host: string;
  readonly port: number;
  /** Public base URL of the app as browsers see it (used for the OIDC callback and logout redirect). */
  readonly publicUrl: string;
  readonly trustProxy: boolean;
  readonly database: DatabaseConfig;
  /** `prefix` keys this app's sessions and their index: each app has its own, so their sessions never mix. */
  readonly redis: RedisConfig;
  readonly oidc: OidcConfig;
  readonly session: SessionConfig;
  readonly metrics: MetricsConfig;
}

export interface PortalConfig extends WebAppConfig {
  readonly files: FileStorageConfig;
  readonly egress: EgressConfig;
  readonly lookup: LookupLimitConfig;
  readonly nationalIntake: NationalIntakeConfig;
  readonly payments: PaymentGatewayConfig | undefined;
  readonly rating: RatingConfig;
}

/** The feedback app (Phản ánh hiện trường): a web app of its own, with its Keycloak client and its session. */
export interface FeedbackConfig extends WebAppConfig {
  /** The largest photo accepted (photos are kept in the database: originals for staff, metadata-free copies for all). */
  readonly files: { readonly maxPhotoBytes: number };
  /** The portal as browsers reach it (links between the two apps). */
  readonly portalUrl: string;
  /** A base map's tile URL template ({z}/{x}/{y}); undefined: the map shows the ward's own GeoJSON only. */
  readonly mapTileUrl: string | undefined;
  readonly open311: { readonly jurisdictionId: string; readonly postsPerMinute: number };
}

export interface WorkerConfig {
  readonly nodeEnv: NodeEnv;
  readonly logLevel: LogLevel;
  readonly healthHost: string;
  readonly healthPort: number;
  readonly concurrency: number;
  /** How long SIGTERM waits for jobs in progress before giving up. */
  readonly shutdownTimeoutSeconds: number;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  /** Optional: when set, readiness also checks the identity provider. */
  readonly oidcIssuer: string | undefined;
  readonly outbox: OutboxRelayConfig;
  readonly reconcile: ReconcileConfig;
  readonly delivery: DeliveryConfig;
  readonly deadlines: DeadlineConfig;
  readonly egress: EgressConfig;
  readonly metrics: MetricsConfig;
  /**
   * Messages about dossiers (to applicants and officers): e-mail when MAIL_SMTP_URL is set, SMS when SMS_GATEWAY is;
   * a channel not configured keeps its messages planned and queued, unsent.
   */
  readonly mail: MailConfig;
}

export interface MailConfig {
  /** The SMTP server (smtp:// or smtps://, credentials in the URL); undefined: no e-mail is sent. */
  readonly smtpUrl: string | undefined;
  /** The From header, e.g. "Một Cửa <no-reply@example.gov.vn>". */
  readonly from: string;
  /** The SMS gateway; undefined: no SMS is sent. */
  readonly sms: SmsConfig | undefined;
  /** The portal's public address, for links in messages. */
  readonly publicUrl: string;
  /** Polling interval of the sender (it is also woken when the worker plans messages). */
  readonly pollIntervalMs: number;
  readonly maxAttempts: number;
  readonly retryBaseSeconds: number;
  readonly maxBackoffSeconds: number;
  readonly leaseSeconds: number;
  readonly batchSize: number;
}

/** eSMS.vn's brand-name API (the one SMS gateway implemented; SMS_GATEWAY names it). */
export interface SmsConfig {
  readonly gateway: 'esms';
  /** The API's base URL (eSMS's REST host, or the local gateway of the demo). */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly secretKey: string;
  readonly brandname: string;
  /** Send Vietnamese with diacritics (Unicode SMS) rather than folded to ASCII. */
  readonly unicode: boolean;
  /** eSMS's sandbox: checked, not charged, not delivered. */
  readonly sandbox: boolean;
  readonly timeoutMs: number;
}

export interface DeadlineConfig {
  /** How long before a due time (a step's or a dossier's) the people responsible are warned. */
  readonly nearDueHours: number;
  /** Seconds between two scans for near-due and overdue transitions. */
  readonly scanIntervalSeconds: number;
}

export interface OutboxRelayConfig {
  /** Polling fallback of the relay (LISTEN/NOTIFY wakes it at once otherwise). */
  readonly pollIntervalMs: number;
  /** Events claimed per transaction. */
  readonly batchSize: number;
}

export interface ReconcileConfig {
  readonly intervalSeconds: number;
  /** How long an event or a due delivery may wait before the reconciler re-enqueues it. */
  readonly graceSeconds: number;
}

export interface DeliveryConfig {
  /** Seconds between attempts after the first one; the delivery is dead-lettered after the last. */
  readonly retryScheduleSeconds: readonly number[];
  readonly circuitFailureThreshold: number;
  readonly circuitOpenSeconds: number;
  readonly circuitMaxOpenSeconds: number;
}

/** Svix-like: 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h six times — about three days (DEFAULT_RETRY_SCHEDULE_SECONDS). */
export const DEFAULT_DELIVERY_RETRY_SCHEDULE: readonly number[] = [
  5, 300, 1800, 7200, 18000, 36000, 36000, 36000, 36000, 36000, 36000,
];

type Env = Readonly<Record<string, string | undefined>>;

const PREFIX_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

function readCommon(r: EnvReader) {
  return {
    nodeEnv: r.oneOf('NODE_ENV', NODE_ENVS, 'development'),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    database: { url: r.url('DATABASE_URL', undefined, ['postgres', 'postgresql']) },
    redis: {
      url: r.url('REDIS_URL', undefined, ['redis', 'rediss']),
      prefix: r.string('REDIS_PREFIX', 'motcua', {
        pattern: PREFIX_PATTERN,
        hint: 'lowercase letters, digits, - or _',
      }),
    },
  };
}

/** `scheme://host:port` of a URL (a bad URL is already reported by the reader and kept as it is). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Reads and validates the portal's configuration; throws ConfigError naming every bad variable. */
export function loadPortalConfig(env: Env): PortalConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  const publicUrl = r.url('PUBLIC_URL', 'http://localhost:3000', ['http', 'https']);
  const config: PortalConfig = {
    ...common,
    host: r.string('HOST', '0.0.0.0'),
    port: r.port('PORT', 3000),
    publicUrl,
    trustProxy: r.boolean('TRUST_PROXY', false),
    oidc: {
      issuer: r.url('OIDC_ISSUER', undefined, ['http', 'https']),
      clientId: r.string('OIDC_CLIENT_ID', 'portal-web'),
      clientSecret: r.string('OIDC_CLIENT_SECRET'),
      apiAudience: r.string('API_AUDIENCE', 'motcua-api'),
      allowedAzp: r.list('API_ALLOWED_AZP', ['portal-web', 'agency-police', 'agency-bhxh', 'national-portal']),
      serviceClients: r.list('API_SERVICE_CLIENTS', ['agency-police', 'agency-bhxh', 'national-portal']),
      clockToleranceSeconds: r.integer('OIDC_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    },
    session: {
      secret: r.string('SESSION_SECRET', undefined, { minLength: 32 }),
      cookieName: r.string('SESSION_COOKIE_NAME', 'motcua.sid', { pattern: /^[A-Za-z0-9._-]+$/ }),
      cookieSecure: r.boolean('SESSION_COOKIE_SECURE', publicUrl.startsWith('https:')),
      maxAgeSeconds: r.integer('SESSION_MAX_AGE_SECONDS', 8 * 3600, 300, 7 * 24 * 3600),
    },
    files: {
      dir: resolve(r.string('FILE_STORAGE_DIR', 'var/files')),
      maxFileBytes: r.integer('UPLOAD_MAX_FILE_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      maxFilesPerDossier: r.integer('UPLOAD_MAX_FILES_PER_DOSSIER', 20, 1, 200),
    },
    egress: { allowedNetworks: r.networkList('DELIVERY_ALLOWED_NETWORKS', []) },
    lookup: {
      perIp: r.integer('LOOKUP_LIMIT_PER_IP', 30, 1, 100_000),
      ipWindowSeconds: r.integer('LOOKUP_IP_WINDOW_SECONDS', 600, 1, 24 * 3600),
      failuresPerCode: r.integer('LOOKUP_FAILURES_PER_CODE', 10, 1, 1000),
      codeWindowSeconds: r.integer('LOOKUP_CODE_WINDOW_SECONDS', 3600, 1, 7 * 24 * 3600),
    },
    metrics: { host: r.string('METRICS_HOST', '127.0.0.1'), port: r.port('METRICS_PORT', 9464) },
    payments: readPayments(r),
    nationalIntake: {
      enabled: r.boolean('NATIONAL_INTAKE_ENABLED', true),
      clientId: r.string('NATIONAL_PORTAL_CLIENT_ID', 'national-portal'),
      fileOrigin: originOf(r.url('NATIONAL_PORTAL_FILE_ORIGIN', 'http://127.0.0.1:3300', ['http', 'https'])),
      fileTimeoutMs: r.integer('NATIONAL_PORTAL_FILE_TIMEOUT_MS', 15_000, 500, 300_000),
      ownOnlineIntake: r.boolean('OWN_ONLINE_INTAKE_ENABLED', true),
      publicUrl: r.url('NATIONAL_PORTAL_PUBLIC_URL', 'https://dichvucong.gov.vn', ['http', 'https']),
    },
    rating: {
      editDays: r.integer('RATING_EDIT_DAYS', 7, 0, 90),
      counterWindowMinutes: r.integer('RATING_COUNTER_WINDOW_MINUTES', 30, 1, 24 * 60),
      pairingCodeMinutes: r.integer('RATING_PAIRING_CODE_MINUTES', 10, 1, 24 * 60),
      devicePairingHours: r.integer('RATING_DEVICE_PAIRING_HOURS', 12, 1, 30 * 24),
    },
  };
  r.finish();
  return deepFreeze(config);
}

/**
 * Reads and validates the feedback app's configuration; throws ConfigError naming every bad variable. It shares the
 * database, Redis, Keycloak issuer and .env with the portal; its own address, client and session come from FEEDBACK_*.
 */
export function loadFeedbackConfig(env: Env): FeedbackConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  const publicUrl = r.url('FEEDBACK_PUBLIC_URL', 'http://localhost:3100', ['http', 'https']);
  const tileUrl = r.optionalString('MAP_TILE_URL');
  const config: FeedbackConfig = {
    ...common,
    // Sessions and their index apart from the portal's: a back-channel logout destroys each app's own.
    redis: { ...common.redis, prefix: `${common.redis.prefix}:feedback` },
    host: r.string('FEEDBACK_HOST', '0.0.0.0'),
    port: r.port('FEEDBACK_PORT', 3100),
    publicUrl,
    trustProxy: r.boolean('TRUST_PROXY', false),
    oidc: {
      issuer: r.url('OIDC_ISSUER', undefined, ['http', 'https']),
      clientId: r.string('FEEDBACK_OIDC_CLIENT_ID', 'feedback-web'),
      clientSecret: r.string('FEEDBACK_OIDC_CLIENT_SECRET'),
      apiAudience: r.string('API_AUDIENCE', 'motcua-api'),
      allowedAzp: r.list('FEEDBACK_API_ALLOWED_AZP', ['feedback-web', 'portal-web']),
      serviceClients: r.list('FEEDBACK_API_SERVICE_CLIENTS', []),
      clockToleranceSeconds: r.integer('OIDC_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    },
    session: {
      secret: r.string('FEEDBACK_SESSION_SECRET', env['SESSION_SECRET'], { minLength: 32 }),
      cookieName: r.string('FEEDBACK_SESSION_COOKIE_NAME', 'motcua-feedback.sid', { pattern: /^[A-Za-z0-9._-]+$/ }),
      cookieSecure: r.boolean('SESSION_COOKIE_SECURE', publicUrl.startsWith('https:')),
      maxAgeSeconds: r.integer('SESSION_MAX_AGE_SECONDS', 8 * 3600, 300, 7 * 24 * 3600),
    },
    metrics: { host: r.string('METRICS_HOST', '127.0.0.1'), port: r.port('FEEDBACK_METRICS_PORT', 9466) },
    files: {
      maxPhotoBytes: r.integer('FEEDBACK_MAX_PHOTO_BYTES', 8 * 1024 * 1024, 64 * 1024, 50 * 1024 * 1024),
    },
    portalUrl: r.url('PUBLIC_URL', 'http://localhost:3000', ['http', 'https']),
    mapTileUrl: tileUrl === undefined || tileUrl === '' ? undefined : tileUrl,
    open311: {
      jurisdictionId: r.string('OPEN311_JURISDICTION_ID', 'thuyxuan.hue.gov.vn', {
        pattern: /^[A-Za-z0-9._-]+$/,
      }),
      postsPerMinute: r.integer('OPEN311_POSTS_PER_MINUTE', 30, 1, 10_000),
    },
  };
  r.finish();
  return deepFreeze(config);
}

/** Reads and validates the routing worker's configuration; throws ConfigError naming every bad variable. */
export function loadWorkerConfig(env: Env): WorkerConfig {
  const r = new EnvReader(env);
  const common = readCommon(r);
  const issuer = r.optionalString('OIDC_ISSUER');
  const config: WorkerConfig = {
    ...common,
    healthHost: r.string('WORKER_HEALTH_HOST', '127.0.0.1'),
    healthPort: r.port('WORKER_HEALTH_PORT', 3001),
    concurrency: r.integer('WORKER_CONCURRENCY', 4, 1, 256),
    shutdownTimeoutSeconds: r.integer('WORKER_SHUTDOWN_TIMEOUT_SECONDS', 30, 1, 3600),
    oidcIssuer: issuer === undefined ? undefined : r.url('OIDC_ISSUER', undefined, ['http', 'https']),
    outbox: {
      pollIntervalMs: r.integer('OUTBOX_POLL_INTERVAL_MS', 1000, 50, 60_000),
      batchSize: r.integer('OUTBOX_BATCH_SIZE', 200, 1, 5000),
    },
    reconcile: {
      intervalSeconds: r.integer('RECONCILE_INTERVAL_SECONDS', 15, 1, 3600),
      graceSeconds: r.integer('RECONCILE_GRACE_SECONDS', 30, 1, 24 * 3600),
    },
    delivery: {
      retryScheduleSeconds: r.integerList(
        'DELIVERY_RETRY_SCHEDULE',
        DEFAULT_DELIVERY_RETRY_SCHEDULE,
        0,
        7 * 24 * 3600,
        50,
      ),
      circuitFailureThreshold: r.integer('CIRCUIT_FAILURE_THRESHOLD', 5, 1, 1000),
      circuitOpenSeconds: r.integer('CIRCUIT_OPEN_SECONDS', 60, 1, 24 * 3600),
      circuitMaxOpenSeconds: r.integer('CIRCUIT_MAX_OPEN_SECONDS', 3600, 1, 7 * 24 * 3600),
    },
    deadlines: {
      nearDueHours: r.integer('DEADLINE_NEAR_DUE_HOURS', 24, 1, 30 * 24),
      scanIntervalSeconds: r.integer('DEADLINE_SCAN_INTERVAL_SECONDS', 60, 1, 3600),
    },
    egress: { allowedNetworks: r.networkList('DELIVERY_ALLOWED_NETWORKS', []) },
    metrics: { host: r.string('WORKER_METRICS_HOST', '127.0.0.1'), port: r.port('WORKER_METRICS_PORT', 9465) },
    mail: readMail(r),
  };
  r.finish();
  return deepFreeze(config);
}

function readPayments(r: EnvReader): PaymentGatewayConfig | undefined {
  if (r.optionalString('VNPAY_TMN_CODE') === undefined) return undefined;
  return {
    paymentUrl: r.url('VNPAY_PAYMENT_URL', undefined, ['http', 'https']),
    apiUrl: r.url('VNPAY_API_URL', undefined, ['http', 'https']),
    tmnCode: r.string('VNPAY_TMN_CODE', undefined, {
      pattern: /^[A-Za-z0-9]{1,16}$/,
      hint: 'the merchant code VNPay gave',
    }),
    hashSecret: r.string('VNPAY_HASH_SECRET', undefined, { minLength: 16 }),
    expireMinutes: r.integer('VNPAY_EXPIRE_MINUTES', 15, 1, 24 * 60),
    timeoutMs: r.integer('VNPAY_TIMEOUT_MS', 10_000, 100, 120_000),
  };
}

function readMail(r: EnvReader): MailConfig {
  const smtp = r.optionalString('MAIL_SMTP_URL');
  const from = r.string('MAIL_FROM', 'Một Cửa <no-reply@motcua.local>', {
    pattern: /^[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/,
    hint: 'an address, optionally with a display name: Name <user@example.gov.vn>',
  });
  const publicUrl = r.url('PUBLIC_URL', 'http://localhost:3000', ['http', 'https']);
  const tuning = {
    pollIntervalMs: r.integer('MAIL_POLL_INTERVAL_MS', 1000, 50, 60_000),
    maxAttempts: r.integer('MAIL_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseSeconds: r.integer('MAIL_RETRY_BASE_SECONDS', 30, 1, 3600),
    maxBackoffSeconds: r.integer('MAIL_MAX_BACKOFF_SECONDS', 3600, 1, 7 * 24 * 3600),
    leaseSeconds: r.integer('MAIL_LEASE_SECONDS', 120, 5, 3600),
    batchSize: r.integer('MAIL_BATCH_SIZE', 50, 1, 1000),
  };
  const smtpUrl = smtp === undefined ? undefined : r.url('MAIL_SMTP_URL', undefined, ['smtp', 'smtps']);
  return { smtpUrl, from, sms: readSms(r), publicUrl, ...tuning };
}

function readSms(r: EnvReader): SmsConfig | undefined {
  const gateway = r.optionalString('SMS_GATEWAY');
  if (gateway === undefined) return undefined;
  const config: SmsConfig = {
    gateway: r.oneOf('SMS_GATEWAY', ['esms'] as const, 'esms'),
    baseUrl: r.url('SMS_ESMS_URL', undefined, ['http', 'https']),
    apiKey: r.string('SMS_ESMS_API_KEY', undefined),
    secretKey: r.string('SMS_ESMS_SECRET_KEY', undefined),
    brandname: r.string('SMS_BRANDNAME', undefined, {
      pattern: /^[A-Za-z0-9 ._-]{1,11}$/,
      hint: 'the registered brand name: up to 11 letters, digits, spaces, dots, dashes or underscores',
    }),
    unicode: r.boolean('SMS_UNICODE', false),
    sandbox: r.boolean('SMS_SANDBOX', false),
    timeoutMs: r.integer('SMS_TIMEOUT_MS', 10_000, 100, 120_000),
  };
  return config;
}

/** Only what the migrate and seed commands need. */
export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const r = new EnvReader(env);
  const config = { url: r.url('DATABASE_URL', undefined, ['postgres', 'postgresql']) };
  r.finish();
  return deepFreeze(config);
}

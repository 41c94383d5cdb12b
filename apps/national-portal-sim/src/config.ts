import { isIP } from 'node:net';

/**
 * The simulator's settings, from the environment only. A bad value stops it at start with one line per offending
 * variable, each naming the variable, what it must be and what it got.
 */
export interface SimConfig {
  /** Where the simulator listens. */
  readonly host: string;
  readonly port: number;
  /** The origin the portal reaches the simulator at: file links (`DuongDanTaiTepTin`) are built from it. */
  readonly publicUrl: string;
  /** The portal's base URL; dossiers go to `${portalUrl}/api/v1/national-portal/DongBoHoSoMC`. */
  readonly portalUrl: string;
  /** Keycloak's token endpoint, for the client-credentials grant. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The Standard Webhooks secret (`whsec_…`) the portal signs status pushes with. */
  readonly webhookSecret: string;
  /** The province whose one-stop system receives the dossiers (the last part of its agencies' electronic IDs). */
  readonly province: string;
  /** When set, the simulator keeps its state (numbering, dossiers, files, statuses) in this JSON file. */
  readonly stateFile: string | null;
}

export class SimConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`national-portal-sim: invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const WEBHOOK_SECRET_PREFIX = 'whsec_';

type Env = Readonly<Record<string, string | undefined>>;

/** The key bytes of a `whsec_<base64>` secret, or a reason why it is not one. */
export function webhookSecretKey(secret: string): Buffer | string {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return 'must start with whsec_';
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return 'must be whsec_ then base64';
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16) return 'must hold at least 16 bytes after whsec_';
  return key;
}

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) return null;
    if (url.search || url.hash) return null;
    return url;
  } catch {
    return null;
  }
}

export function loadSimConfig(env: Env): SimConfig {
  const problems: string[] = [];
  const read = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  };
  const problem = (name: string, rule: string, value: string) => problems.push(`${name}: ${rule}, got "${value}"`);

  const host = read('SIM_HOST', '127.0.0.1');
  if (isIP(host) === 0 && !/^[A-Za-z0-9.-]+$/.test(host)) problem('SIM_HOST', 'must be an address or host name', host);

  const portText = read('SIM_PORT', '3300');
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535)
    problem('SIM_PORT', 'must be a whole number from 1 to 65535', portText);

  const url = (name: string, fallback: string, originOnly: boolean): string => {
    const value = read(name, fallback);
    const parsed = httpUrl(value);
    if (!parsed) {
      problem(name, 'must be an http(s) URL without credentials, query or fragment', value);
      return value;
    }
    if (originOnly && parsed.pathname !== '/') {
      problem(name, 'must be an origin (scheme, host and port) without a path', value);
      return value;
    }
    return originOnly ? parsed.origin : parsed.href.replace(/\/+$/, '');
  };
  const publicUrl = url('SIM_PUBLIC_URL', 'http://127.0.0.1:3300', true);
  const portalUrl = url('SIM_PORTAL_URL', 'http://127.0.0.1:3000', false);
  const tokenUrl = url('SIM_TOKEN_URL', 'http://localhost:8180/realms/motcua/protocol/openid-connect/token', false);

  const clientId = read('SIM_CLIENT_ID', 'national-portal');
  if (!/^[\x21-\x7e]{1,255}$/.test(clientId)) problem('SIM_CLIENT_ID', 'must be a client id without spaces', clientId);
  const clientSecret = read('SIM_CLIENT_SECRET', 'dev-national-portal-secret');

  const webhookSecret = env['SIM_WEBHOOK_SECRET']?.trim() ?? '';
  if (webhookSecret === '') {
    problems.push(
      'SIM_WEBHOOK_SECRET: is required: the whsec_… secret of the portal\'s delivery target "national-portal" ' +
        '(npm run up writes it to var/run/national-portal-sim.secret)',
    );
  } else {
    const key = webhookSecretKey(webhookSecret);
    if (typeof key === 'string') problems.push(`SIM_WEBHOOK_SECRET: ${key} (value not shown)`);
  }

  const province = read('SIM_PROVINCE', 'H56');
  if (!/^[A-Z][0-9]{2}$/.test(province))
    problem('SIM_PROVINCE', 'must be a province code: a capital letter and two digits, e.g. H56', province);

  const stateFile = read('SIM_STATE_FILE', '') || null;

  if (problems.length > 0) throw new SimConfigError(problems);
  return Object.freeze({
    host,
    port,
    publicUrl,
    portalUrl,
    tokenUrl,
    clientId,
    clientSecret,
    webhookSecret,
    province,
    stateFile,
  });
}

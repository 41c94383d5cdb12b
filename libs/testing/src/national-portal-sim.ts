import { join } from 'node:path';
import { freePort, REPO_ROOT, RunningProcess, spawnApp, waitForHttp } from './app-process';

export const NATIONAL_PORTAL_SIM_MAIN = join(REPO_ROOT, 'dist', 'apps', 'national-portal-sim', 'main.js');

/** One document of a filing: the procedure's document code, what it is, and the file (base64). */
export interface SimFilingDocument {
  code: string;
  name: string;
  fileName: string;
  contentBase64: string;
  /** Served with this type; default from the file name (.pdf, .jpg/.jpeg, .png, else application/octet-stream). */
  contentType?: string;
}

/** What `POST /api/dossiers` of the simulator takes. */
export interface SimFilingInput {
  procedureCode: string;
  agencyCode: string;
  applicant: { fullName: string; idNumber?: string; phone?: string; email?: string; address?: string };
  summary?: string;
  documents: SimFilingDocument[];
  fees?: Array<{ name: string; amount: number; code?: string }>;
  /** ISO date-time of reception on the national portal (NgayTiepNhan); default now. */
  receivedAt?: string;
}

/** The simulator's answer to a filing or a resend: the portal's HTTP status and answer as they came. */
export interface SimFilingResult {
  maHoSo: string;
  /** Null when the portal gave no answer (unreachable, no token): `error` says why. */
  httpStatus: number | null;
  portalAnswer: unknown;
  error?: string;
}

/** One status push the simulator accepted. */
export interface SimStatusArrival {
  webhookId: string;
  receivedAt: string;
  eventId: string;
  statusCode: number;
  statusName: string;
  sequence: number;
  occurredAt: string;
  action: string | null;
  internalStatus: string | null;
  /** False when it arrived after a push with a greater (or equal) sequence: recorded, not the current status. */
  applied: boolean;
}

/** A dossier as `GET /api/dossiers/<MaHoSo>` of the simulator shows it. */
export interface SimDossier {
  maHoSo: string;
  /** False for a dossier known only from status pushes (one the portal received otherwise). */
  filed: boolean;
  procedureCode: string | null;
  procedureName: string | null;
  agencyCode: string | null;
  applicantName: string | null;
  filedAt: string | null;
  /** The DongBoHoSoMC object sent, as sent. */
  sent: Record<string, unknown> | null;
  deliveries: Array<{
    at: string;
    kind: 'first' | 'resend';
    httpStatus: number | null;
    accepted: boolean;
    portalAnswer: unknown;
    error: string | null;
  }>;
  /** The status with the greatest sequence received; null until one arrives. */
  status: { code: number; name: string; sequence: number; occurredAt: string; receivedAt: string } | null;
  history: SimStatusArrival[];
}

export interface NationalPortalSimOptions {
  /** The portal's base URL (the simulator posts to `${portalUrl}/api/v1/national-portal/DongBoHoSoMC`). */
  portalUrl: string;
  /** Keycloak's token endpoint (client credentials of `national-portal`). */
  tokenUrl: string;
  /** Default: the realm's demo secret `dev-national-portal-secret`. */
  clientSecret?: string;
  /** Default: `national-portal`. */
  clientId?: string;
  /** The `whsec_…` secret of the portal's `national-portal` delivery target. */
  webhookSecret: string;
  /**
   * The port to listen on, default a free one. Pick it first (`freePort()`) when the portal must know the
   * simulator's origin before it starts (NATIONAL_PORTAL_FILE_ORIGIN).
   */
  port?: number;
}

export interface NationalPortalSim {
  /** `http://127.0.0.1:<port>`: the simulator's origin, where its files are served. */
  url: string;
  port: number;
  /** Where the portal pushes statuses: `${url}/webhooks/status`. */
  webhookUrl: string;
  proc: RunningProcess;
  file(input: SimFilingInput): Promise<SimFilingResult>;
  resend(maHoSo: string): Promise<SimFilingResult>;
  /** The dossier as the simulator knows it; null when it neither filed it nor received a status for it. */
  dossier(maHoSo: string): Promise<SimDossier | null>;
  stop(): Promise<void>;
}

/**
 * The national-portal simulator (apps/national-portal-sim) as a real process on a free loopback port: it files
 * dossiers to the portal's inbound adapter with its own client-credentials token and keeps the statuses the portal
 * pushes back (Standard Webhooks, checked with `webhookSecret`). Needs `npm run build`.
 */
export async function startNationalPortalSim(opts: NationalPortalSimOptions): Promise<NationalPortalSim> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const proc = spawnApp(NATIONAL_PORTAL_SIM_MAIN, [], {
    SIM_HOST: '127.0.0.1',
    SIM_PORT: String(port),
    SIM_PUBLIC_URL: url,
    SIM_PORTAL_URL: opts.portalUrl,
    SIM_TOKEN_URL: opts.tokenUrl,
    SIM_CLIENT_ID: opts.clientId ?? 'national-portal',
    SIM_CLIENT_SECRET: opts.clientSecret ?? 'dev-national-portal-secret',
    SIM_WEBHOOK_SECRET: opts.webhookSecret,
  });
  await waitForHttp(`${url}/health`, proc);

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(150_000),
    });
    const text = await res.text();
    try {
      return { status: res.status, json: JSON.parse(text) as unknown };
    } catch {
      throw new Error(`simulator ${method} ${path}: ${res.status} ${text}\n${proc.output()}`);
    }
  };
  /** 200 (the portal accepted) and 502 (it refused or did not answer) both carry a filing result. */
  const filingResult = (what: string, answer: { status: number; json: unknown }): SimFilingResult => {
    if (answer.status !== 200 && answer.status !== 502) {
      throw new Error(`simulator ${what}: ${answer.status} ${JSON.stringify(answer.json)}`);
    }
    return answer.json as SimFilingResult;
  };

  return {
    url,
    port,
    webhookUrl: `${url}/webhooks/status`,
    proc,
    file: async (input) => filingResult('file', await call('POST', '/api/dossiers', input)),
    resend: async (maHoSo) =>
      filingResult('resend', await call('POST', `/api/dossiers/${encodeURIComponent(maHoSo)}/resend`)),
    dossier: async (maHoSo) => {
      const answer = await call('GET', `/api/dossiers/${encodeURIComponent(maHoSo)}`);
      if (answer.status === 404) return null;
      if (answer.status !== 200) throw new Error(`simulator dossier ${maHoSo}: ${answer.status}`);
      return answer.json as SimDossier;
    },
    stop: async () => {
      await proc.stop();
    },
  };
}

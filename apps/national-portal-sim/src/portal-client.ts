/** What the portal answered to one delivery; `httpStatus` null when no answer came (the error says why). */
export interface PortalAnswer {
  httpStatus: number | null;
  answer: unknown;
  error: string | null;
}

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

type Fetch = typeof fetch;

/** Tokens are renewed this long before they expire (at most a tenth of their lifetime). */
const RENEW_BEFORE_MS = 30_000;
const TOKEN_TIMEOUT_MS = 15_000;
/** The portal fetches every file before answering: give it time. */
const PORTAL_TIMEOUT_MS = 120_000;

export class TokenError extends Error {}

/**
 * An access token of the simulator's own client (client credentials grant), kept until shortly before it expires.
 * Concurrent callers share one token request.
 */
export class TokenClient {
  private cached: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly fetchFn: Fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.token;
    this.pending ??= this.request().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Forgets a token the portal refused (401), so the next call asks for a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret } = this.credentials;
    const started = this.now();
    let res: Response;
    try {
      res = await this.fetchFn(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (err) {
      throw new TokenError(`no access token from ${tokenUrl}: ${describeFetchError(err)}`);
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Reported below with the status.
    }
    const token = body['access_token'];
    if (!res.ok || typeof token !== 'string') {
      const reason = [body['error'], body['error_description']].filter((x) => typeof x === 'string').join(': ');
      throw new TokenError(
        `no access token from ${tokenUrl} for client ${clientId}: HTTP ${res.status}${reason ? ` ${reason}` : ''}`,
      );
    }
    const lifetimeMs = typeof body['expires_in'] === 'number' ? body['expires_in'] * 1000 : 60_000;
    this.cached = { token, renewAt: started + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 10) };
    return token;
  }
}

export function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'no answer in time';
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : '';
    return detail ? `${err.message} (${detail})` : err.message;
  }
  return String(err);
}

/**
 * Posts `DongBoHoSoMC` to the portal's inbound adapter with the simulator's bearer token. A 401 means the token
 * expired or was revoked meanwhile: a new one is fetched once and the same body sent again.
 */
export class PortalClient {
  constructor(
    private readonly portalUrl: string,
    private readonly tokens: TokenClient,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  get endpoint(): string {
    return `${this.portalUrl}/api/v1/national-portal/DongBoHoSoMC`;
  }

  async postDossiers(body: string): Promise<PortalAnswer> {
    for (let attempt = 1; ; attempt++) {
      let token: string;
      try {
        token = await this.tokens.token();
      } catch (err) {
        return { httpStatus: null, answer: null, error: err instanceof Error ? err.message : String(err) };
      }
      const answer = await this.post(body, token);
      if (answer.httpStatus !== 401 || attempt === 2) return answer;
      this.tokens.invalidate(token);
    }
  }

  private async post(body: string, token: string): Promise<PortalAnswer> {
    let res: Response;
    try {
      res = await this.fetchFn(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json',
          authorization: `Bearer ${token}`,
        },
        body,
        signal: AbortSignal.timeout(PORTAL_TIMEOUT_MS),
      });
    } catch (err) {
      return { httpStatus: null, answer: null, error: `POST ${this.endpoint}: ${describeFetchError(err)}` };
    }
    const text = await res.text();
    let answer: unknown = text;
    try {
      answer = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: passed through as text.
    }
    return { httpStatus: res.status, answer, error: null };
  }
}

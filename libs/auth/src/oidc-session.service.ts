import { Inject, Injectable, Logger } from '@nestjs/common';
import { WEB_APP_CONFIG, WebAppConfig } from '@app/config';
import { keycloakEndpoints } from './oidc-endpoints';
import { TokenVerifier } from './token-verifier.service';
import type { SessionAuth } from './session-auth';

export type RefreshOutcome =
  { kind: 'fresh' } | { kind: 'refreshed'; auth: SessionAuth } | { kind: 'ended'; reason: string };

/** How long before expiry the access token is renewed. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Keeps a browser session's tokens alive server-side and ends it at Keycloak. Refreshes run one at a time per session
 * (concurrent requests of the same session share the one in flight).
 */
@Injectable()
export class OidcSessionService {
  private readonly logger = new Logger(OidcSessionService.name);
  private readonly inFlight = new Map<string, Promise<RefreshOutcome>>();
  private readonly endpoints;

  constructor(
    @Inject(WEB_APP_CONFIG) private readonly config: WebAppConfig,
    private readonly verifier: TokenVerifier,
  ) {
    this.endpoints = keycloakEndpoints(config.oidc.issuer);
  }

  needsRefresh(auth: SessionAuth, now = Date.now()): boolean {
    return auth.accessExpiresAt - now < REFRESH_MARGIN_MS;
  }

  /** Renews the tokens when they are near expiry; 'ended' means the Keycloak session is gone. */
  ensureFresh(sessionId: string, auth: SessionAuth): Promise<RefreshOutcome> {
    if (!this.needsRefresh(auth)) return Promise.resolve({ kind: 'fresh' });
    const running = this.inFlight.get(sessionId);
    if (running) return running;
    const attempt = this.refresh(auth).finally(() => this.inFlight.delete(sessionId));
    this.inFlight.set(sessionId, attempt);
    return attempt;
  }

  private async refresh(auth: SessionAuth): Promise<RefreshOutcome> {
    if (!auth.refreshToken) return { kind: 'ended', reason: 'no refresh token' };
    if (auth.refreshExpiresAt !== null && auth.refreshExpiresAt <= Date.now()) {
      return { kind: 'ended', reason: 'refresh token expired' };
    }
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: auth.refreshToken });
    let res: Response;
    try {
      res = await fetch(this.endpoints.token, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(
            `${encodeURIComponent(this.config.oidc.clientId)}:${encodeURIComponent(this.config.oidc.clientSecret)}`,
          ).toString('base64')}`,
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
    } catch (err) {
      // Identity provider unreachable: keep the session; the next request tries again.
      this.logger.warn({ err }, 'token refresh failed: identity provider unreachable');
      return { kind: 'fresh' };
    }
    const payload = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const error = typeof payload['error'] === 'string' ? payload['error'] : `HTTP ${res.status}`;
      if (error === 'invalid_grant') return { kind: 'ended', reason: 'Keycloak session ended' };
      this.logger.warn({ error }, 'token refresh rejected');
      return { kind: 'fresh' };
    }
    const accessToken = String(payload['access_token']);
    const { principal, claims } = await this.verifier.verifyAccessToken(accessToken);
    const idToken = typeof payload['id_token'] === 'string' ? payload['id_token'] : auth.idToken;
    const idClaims = idToken === auth.idToken ? auth.idClaims : await this.verifier.verifyIdToken(idToken);
    const refreshExpiresIn = payload['refresh_expires_in'];
    this.logger.log({ sub: principal.subject, expiresAt: claims.exp }, 'access token refreshed');
    return {
      kind: 'refreshed',
      auth: {
        ...auth,
        principal,
        idClaims,
        idToken,
        accessToken,
        refreshToken: typeof payload['refresh_token'] === 'string' ? payload['refresh_token'] : auth.refreshToken,
        accessExpiresAt: (claims.exp ?? 0) * 1000,
        refreshExpiresAt:
          typeof refreshExpiresIn === 'number' && refreshExpiresIn > 0 ? Date.now() + refreshExpiresIn * 1000 : null,
      },
    };
  }

  /**
   * RP-initiated logout: where to send the browser so Keycloak ends its session too (and, for a brokered session, the
   * identity provider's). `then` is the portal path the browser comes back to (default the home page).
   */
  endSessionUrl(idToken: string | null, then = '/'): string {
    const url = new URL(this.endpoints.endSession);
    url.searchParams.set('client_id', this.config.oidc.clientId);
    url.searchParams.set('post_logout_redirect_uri', `${this.config.publicUrl}${then.startsWith('/') ? then : '/'}`);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    return url.toString();
  }
}

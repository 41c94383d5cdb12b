import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import type Redis from 'ioredis';
import { WEB_APP_CONFIG, WebAppConfig } from '@app/config';
import { DomainError } from '@app/observability';
import { sessionKeys } from '@app/queues';
import { keycloakEndpoints } from './oidc-endpoints';
import { Principal, principalFromClaims } from './principal';
import { REDIS } from './auth.tokens';

type Claims = JWTPayload & Record<string, unknown>;

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim "${err.claim}" rejected`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature invalid';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no matching signing key';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'malformed token';
  if (err instanceof DomainError) return err.message;
  return 'token rejected';
}

/**
 * Verifies every token the portal receives against the realm's keys with jose: exact issuer, audience, RS256 only,
 * bounded clock skew; then the checks jose does not do (token type, authorised party, logout-token rules).
 */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger(TokenVerifier.name);
  private readonly jwks;

  constructor(
    @Inject(WEB_APP_CONFIG) private readonly config: WebAppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.jwks = createRemoteJWKSet(new URL(keycloakEndpoints(config.oidc.issuer).jwks), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5_000,
    });
  }

  private async verify(token: string, audience: string): Promise<Claims> {
    const { payload } = await jwtVerify(token, this.jwks, {
      issuer: this.config.oidc.issuer,
      audience,
      algorithms: ['RS256'],
      clockTolerance: this.config.oidc.clockToleranceSeconds,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    return payload;
  }

  /** A bearer access token for the API; throws DomainError('invalid_token') naming the reason. */
  async verifyAccessToken(token: string): Promise<{ principal: Principal; claims: Claims }> {
    try {
      const claims = await this.verify(token, this.config.oidc.apiAudience);
      if (claims['typ'] !== 'Bearer') throw new DomainError('invalid_token', 'not an access token');
      const azp = claims['azp'];
      if (typeof azp !== 'string' || !this.config.oidc.allowedAzp.includes(azp)) {
        throw new DomainError('invalid_token', 'client not allowed');
      }
      return { principal: principalFromClaims(claims, this.config.oidc.serviceClients), claims };
    } catch (err) {
      throw new DomainError('invalid_token', `Invalid access token: ${reasonOf(err)}.`);
    }
  }

  /** The ID token of our own sign-in; passport-openidconnect checks claims but not the signature. */
  async verifyIdToken(token: string): Promise<Claims> {
    try {
      const claims = await this.verify(token, this.config.oidc.clientId);
      if (claims['typ'] !== undefined && claims['typ'] !== 'ID')
        throw new DomainError('invalid_token', 'not an ID token');
      const azp = claims['azp'];
      if (azp !== undefined && azp !== this.config.oidc.clientId) throw new DomainError('invalid_token', 'wrong azp');
      return claims;
    } catch (err) {
      throw new DomainError('invalid_token', `Invalid ID token: ${reasonOf(err)}.`);
    }
  }

  /**
   * A back-channel logout token (OIDC Back-Channel Logout 1.0 §2.6): signature, issuer, audience, `events` with the
   * logout event, no `nonce`, `sid` or `sub` present, and a `jti` never seen before (replay check in Redis).
   */
  async verifyLogoutToken(token: string): Promise<{ sid: string | null; sub: string | null }> {
    let claims: Claims;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.oidc.issuer,
        audience: this.config.oidc.clientId,
        algorithms: ['RS256'],
        clockTolerance: this.config.oidc.clockToleranceSeconds,
        requiredClaims: ['iat', 'jti', 'events'],
      });
      claims = payload;
    } catch (err) {
      throw new DomainError('bad_request', `Invalid logout token: ${reasonOf(err)}.`);
    }
    const events = claims['events'];
    if (!events || typeof events !== 'object' || !(BACKCHANNEL_LOGOUT_EVENT in events)) {
      throw new DomainError('bad_request', 'Invalid logout token: events claim lacks the back-channel logout event.');
    }
    if ('nonce' in claims) throw new DomainError('bad_request', 'Invalid logout token: it must not carry a nonce.');
    const sid = typeof claims['sid'] === 'string' ? claims['sid'] : null;
    const sub = typeof claims.sub === 'string' ? claims.sub : null;
    if (!sid && !sub) throw new DomainError('bad_request', 'Invalid logout token: neither sid nor sub.');
    const ttl = Math.max(60, (claims.exp ?? Math.floor(Date.now() / 1000) + 300) - Math.floor(Date.now() / 1000) + 60);
    const fresh = await this.redis.set(
      sessionKeys.logoutJti(this.config.redis.prefix, String(claims.jti)),
      '1',
      'EX',
      ttl,
      'NX',
    );
    if (fresh !== 'OK') {
      this.logger.warn({ jti: claims.jti }, 'replayed logout token rejected');
      throw new DomainError('bad_request', 'Invalid logout token: already used (jti replay).');
    }
    return { sid, sub };
  }
}

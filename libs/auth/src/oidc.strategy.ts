import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-openidconnect';
import type { Profile } from 'passport';
import { WEB_APP_CONFIG, WebAppConfig } from '@app/config';
import { keycloakEndpoints } from './oidc-endpoints';
import { NATIONAL_IDENTITY_PROVIDER } from './principal';
import { TokenVerifier } from './token-verifier.service';
import type { SessionAuth } from './session-auth';

interface TokenParams {
  expires_in?: number;
  refresh_expires_in?: number;
}

/**
 * Browser sign-in through Keycloak (authorization code flow with nonce). The library checks the ID token's claims but
 * not its signature, so validate() verifies both tokens with jose before anything is trusted. Arity 8 makes Nest
 * hand the tokens to validate().
 */
@Injectable()
export class OidcStrategy extends PassportStrategy(Strategy, 'oidc', 8) {
  constructor(
    @Inject(WEB_APP_CONFIG) config: WebAppConfig,
    private readonly verifier: TokenVerifier,
  ) {
    const endpoints = keycloakEndpoints(config.oidc.issuer);
    super({
      issuer: endpoints.issuer,
      authorizationURL: endpoints.authorization,
      tokenURL: endpoints.token,
      userInfoURL: endpoints.userinfo,
      clientID: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      callbackURL: `${config.publicUrl}/auth/callback`,
      scope: ['profile', 'email'],
      nonce: true,
      skipUserProfile: true,
    } as unknown as ConstructorParameters<typeof Strategy>[0]);
  }

  /**
   * The library takes `ui_locales` only from its constructor options; the language of each sign-in, which the guard
   * passes as `uiLocales`, goes on the authorization request here.
   */
  override authorizationParams(options?: {
    uiLocales?: unknown;
    idpHint?: unknown;
    acrValues?: unknown;
  }): Record<string, string> {
    const params: Record<string, string> = {};
    const lang = options?.uiLocales;
    if (typeof lang === 'string' && /^[a-z]{2}$/.test(lang)) params['ui_locales'] = lang;
    // Sign-in through the national identity provider straight away (Keycloak's `kc_idp_hint`), asking it for the
    // assurance level (`acr_values`, which Keycloak passes on to the provider).
    if (options?.idpHint === NATIONAL_IDENTITY_PROVIDER) {
      params['kc_idp_hint'] = NATIONAL_IDENTITY_PROVIDER;
      if (options.acrValues === '2') params['acr_values'] = '2';
    }
    return params;
  }

  async validate(
    _issuer: string,
    _profile: Profile,
    _context: unknown,
    idToken: string,
    accessToken: string,
    refreshToken: string | undefined,
    params: TokenParams,
  ): Promise<SessionAuth> {
    const idClaims = await this.verifier.verifyIdToken(idToken);
    const { principal, claims } = await this.verifier.verifyAccessToken(accessToken);
    if (principal.subject !== idClaims.sub) throw new Error('ID token and access token name different subjects');
    const now = Date.now();
    return {
      principal,
      idClaims,
      idToken,
      accessToken,
      refreshToken: refreshToken ?? null,
      accessExpiresAt: (claims.exp ?? Math.floor(now / 1000) + (params.expires_in ?? 60)) * 1000,
      refreshExpiresAt: params.refresh_expires_in ? now + params.refresh_expires_in * 1000 : null,
      sid: typeof idClaims['sid'] === 'string' ? idClaims['sid'] : null,
      signedInAt: now,
    };
  }
}

/**
 * Endpoints of the Keycloak realm, derived from its issuer. Deriving them (rather than fetching discovery at boot)
 * lets the portal start while Keycloak is still starting; readiness reports the identity provider separately.
 */
export interface OidcEndpoints {
  issuer: string;
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession: string;
}

export function keycloakEndpoints(issuer: string): OidcEndpoints {
  const base = `${issuer}/protocol/openid-connect`;
  return {
    issuer,
    authorization: `${base}/auth`,
    token: `${base}/token`,
    userinfo: `${base}/userinfo`,
    jwks: `${base}/certs`,
    endSession: `${base}/logout`,
  };
}

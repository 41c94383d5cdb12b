import type { Principal } from './principal';

/** What a browser session keeps after sign-in (server side, in Redis). */
export interface SessionAuth {
  principal: Principal;
  /** Claims of the verified ID token, shown on the account page. */
  idClaims: Record<string, unknown>;
  idToken: string;
  accessToken: string;
  refreshToken: string | null;
  /** Epoch milliseconds. */
  accessExpiresAt: number;
  refreshExpiresAt: number | null;
  /** Keycloak session id (`sid`), the key of back-channel logout. */
  sid: string | null;
  signedInAt: number;
}

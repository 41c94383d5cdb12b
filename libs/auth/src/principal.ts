import type { JWTPayload } from 'jose';

export const ROLES = ['citizen', 'clerk', 'specialist', 'leader', 'agency_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Roles of staff: every one of them belongs to exactly one agency. */
export const STAFF_ROLES: readonly Role[] = ['clerk', 'specialist', 'leader', 'agency_officer', 'admin'];

/** Who is calling, the same shape whether they came with a browser session or a bearer token. */
export interface Principal {
  subject: string;
  kind: 'user' | 'service';
  username: string;
  name: string;
  email: string | null;
  roles: Role[];
  /** Electronic ID of the caller's agency, from the Keycloak group attribute; null for citizens. */
  agency: string | null;
  agencyName: string | null;
  /** The OAuth client the token was issued to. */
  clientId: string;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * Builds the principal from verified access-token claims (Keycloak layout). A caller is a system (service) only when
 * the token was issued to one of `serviceClients` (its `azp`, the client-credentials clients of agency systems) for
 * that client's own service account; a person whose user name merely looks like a service account
 * (`service-account-…`) signs in through another client and stays a person.
 */
export function principalFromClaims(
  claims: JWTPayload & Record<string, unknown>,
  serviceClients: readonly string[] = [],
): Principal {
  const realmAccess = claims['realm_access'] as { roles?: unknown } | undefined;
  const rawRoles = Array.isArray(realmAccess?.roles) ? (realmAccess.roles as unknown[]) : [];
  const roles = ROLES.filter((r) => rawRoles.includes(r));
  const username = str(claims['preferred_username']) ?? String(claims.sub);
  const clientId = str(claims['azp']) ?? str(claims['client_id']) ?? '';
  const isService =
    clientId !== '' && serviceClients.includes(clientId) && username === `service-account-${clientId.toLowerCase()}`;
  const given = str(claims['given_name']);
  const family = str(claims['family_name']);
  // Vietnamese order: family name first ("Nguyễn Văn An"); Keycloak's `name` is "given family".
  const name = family && given ? `${family} ${given}` : (str(claims['name']) ?? username);
  return {
    subject: String(claims.sub),
    kind: isService ? 'service' : 'user',
    username,
    name: isService ? (str(claims['agency_name']) ?? clientId) : name,
    email: str(claims['email']),
    roles,
    agency: str(claims['agency']),
    agencyName: str(claims['agency_name']),
    clientId,
  };
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((r) => principal.roles.includes(r));
}

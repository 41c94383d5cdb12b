import type { JWTPayload } from 'jose';

/**
 * Realm roles. `feedback_operator` is the operations desk of the feedback system (Phản ánh hiện trường): it triages
 * citizens' reports and routes them to units; it holds no power over dossiers.
 */
export const ROLES = [
  'citizen',
  'clerk',
  'specialist',
  'leader',
  'agency_officer',
  'admin',
  'feedback_operator',
] as const;
export type Role = (typeof ROLES)[number];
/** Roles of staff: every one of them belongs to exactly one agency. */
export const STAFF_ROLES: readonly Role[] = [
  'clerk',
  'specialist',
  'leader',
  'agency_officer',
  'admin',
  'feedback_operator',
];

/** Alias of the national identity provider (VNeID) that realm `motcua` brokers for citizens. */
export const NATIONAL_IDENTITY_PROVIDER = 'vneid';

/**
 * Assurance level of a session's identity: 2 or 1 when the citizen signed in through the national identity provider
 * with an account of that level (VNeID mức 2 / mức 1), 0 otherwise (a portal password, a service).
 */
export type IdentityLevel = 0 | 1 | 2;

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
  /** The identity provider the Keycloak session was brokered from (`idp` claim), null for a portal sign-in. */
  identityProvider?: string | null;
  /** Assurance level of the national identity this session signed in with (see IdentityLevel). */
  identityLevel?: IdentityLevel;
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
  // A session brokered from an identity provider is a citizen's: whatever roles the account holds, it never acts as
  // staff (Keycloak refuses staff accounts there too; this holds even if someone grants one a staff role).
  const identityProvider = str(claims['idp']);
  const roles = ROLES.filter((r) => rawRoles.includes(r) && !(identityProvider && STAFF_ROLES.includes(r)));
  const level = identityProvider === NATIONAL_IDENTITY_PROVIDER ? str(claims['identity_level']) : null;
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
    agency: identityProvider ? null : str(claims['agency']),
    agencyName: identityProvider ? null : str(claims['agency_name']),
    clientId,
    identityProvider,
    identityLevel: level === '2' ? 2 : level === '1' ? 1 : 0,
  };
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((r) => principal.roles.includes(r));
}

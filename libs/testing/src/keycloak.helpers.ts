import { randomBytes } from 'node:crypto';
import { first, nth } from './rows';

/** The Keycloak instance of the test run (realm file plus the test overlay), started by the global setup. */
export const TEST_KEYCLOAK = {
  port: 8181,
  managementPort: 9181,
  base: 'http://localhost:8181',
  issuer: 'http://localhost:8181/realms/motcua',
  otherIssuer: 'http://localhost:8181/realms/motcua-other',
  /** The stand-in national identity provider (realm `vneid`) that realm `motcua` brokers. */
  vneidIssuer: 'http://localhost:8181/realms/vneid',
  adminUser: 'admin',
  adminPassword: 'admin',
  demoPassword: 'demo1234',
} as const;

/** Environment for keycloak/keycloak.sh to start or stop the test instance. */
export function testKeycloakEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KC_INSTANCE: 'test',
    KC_PORT: String(TEST_KEYCLOAK.port),
    KC_MGMT_PORT: String(TEST_KEYCLOAK.managementPort),
    KC_OVERLAY: 'test',
    // The in-memory test instance is given its admin credentials (a demo instance generates its password).
    KC_BOOTSTRAP_ADMIN_USERNAME: TEST_KEYCLOAK.adminUser,
    KC_BOOTSTRAP_ADMIN_PASSWORD: TEST_KEYCLOAK.adminPassword,
  };
}

export interface TokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
}

async function tokenRequest(realmIssuer: string, form: Record<string, string>): Promise<TokenSet> {
  const res = await fetch(`${realmIssuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as TokenSet & { error?: string; error_description?: string };
  if (!res.ok)
    throw new Error(`token request failed: ${res.status} ${body.error ?? ''} ${body.error_description ?? ''}`);
  return body;
}

/** Tokens of a demo user through the test-only direct-grant client (never present in the default realm). */
export function passwordGrant(username: string, opts: { issuer?: string; clientId?: string } = {}): Promise<TokenSet> {
  return tokenRequest(opts.issuer ?? TEST_KEYCLOAK.issuer, {
    grant_type: 'password',
    client_id: opts.clientId ?? 'motcua-test',
    username,
    password: TEST_KEYCLOAK.demoPassword,
    scope: 'openid',
  });
}

/** Tokens of an agency system (client credentials). */
export function clientCredentials(clientId: string, clientSecret: string): Promise<TokenSet> {
  return tokenRequest(TEST_KEYCLOAK.issuer, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
}

export async function adminToken(): Promise<string> {
  const tokens = await tokenRequest(`${TEST_KEYCLOAK.base}/realms/master`, {
    grant_type: 'password',
    client_id: 'admin-cli',
    username: TEST_KEYCLOAK.adminUser,
    password: TEST_KEYCLOAK.adminPassword,
  });
  return tokens.access_token;
}

export async function adminApi<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown; realm?: string } = {},
): Promise<T> {
  const res = await fetch(`${TEST_KEYCLOAK.base}/admin/realms/${init.realm ?? 'motcua'}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`Keycloak admin ${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface PortalClient {
  clientId: string;
  secret: string;
  remove(): Promise<void>;
}

/**
 * A confidential browser client like `portal-web`, registered for one portal instance of one test file (its own
 * port, redirect and back-channel logout URLs), so test files can run in parallel.
 */
export async function registerPortalClient(
  portalUrl: string,
  opts: { accessTokenLifespan?: number } = {},
): Promise<PortalClient> {
  const clientId = `portal-test-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('hex');
  const mapper = (name: string, attr: string, claim: string) => ({
    name,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-attribute-mapper',
    config: {
      'user.attribute': attr,
      'claim.name': claim,
      'jsonType.label': 'String',
      'id.token.claim': 'true',
      'access.token.claim': 'true',
      'userinfo.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  });
  const noteMapper = (name: string, note: string, claim: string) => ({
    name,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usersessionmodel-note-mapper',
    config: {
      'user.session.note': note,
      'claim.name': claim,
      'jsonType.label': 'String',
      'id.token.claim': 'true',
      'access.token.claim': 'true',
      'userinfo.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  });
  await adminApi('/clients', {
    method: 'POST',
    body: {
      clientId,
      secret,
      enabled: true,
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      redirectUris: [`${portalUrl}/auth/callback`],
      webOrigins: [portalUrl],
      frontchannelLogout: false,
      attributes: {
        'post.logout.redirect.uris': `${portalUrl}/*`,
        'backchannel.logout.url': `${portalUrl}/auth/backchannel-logout`,
        'backchannel.logout.session.required': 'true',
        ...(opts.accessTokenLifespan ? { 'access.token.lifespan': String(opts.accessTokenLifespan) } : {}),
      },
      protocolMappers: [
        {
          name: 'api-audience',
          protocol: 'openid-connect',
          protocolMapper: 'oidc-audience-mapper',
          config: { 'included.custom.audience': 'motcua-api', 'access.token.claim': 'true', 'id.token.claim': 'false' },
        },
        mapper('agency', 'agency', 'agency'),
        mapper('agency-name', 'agencyName', 'agency_name'),
        mapper('cccd', 'cccd', 'cccd'),
        mapper('phone-number', 'phoneNumber', 'phone_number'),
        // What the national identity brings (realm-motcua.json's portal-web has the same mappers).
        mapper('birthdate', 'birthdate', 'birthdate'),
        mapper('gender', 'gender', 'gender'),
        mapper('permanent-address', 'address', 'permanent_address'),
        noteMapper('identity-provider', 'identity_provider', 'idp'),
        noteMapper('identity-level', 'acr', 'identity_level'),
      ],
    },
  });
  const client = first(await adminApi<Array<{ id: string }>>(`/clients?clientId=${clientId}`), 'Keycloak client');
  return {
    clientId,
    secret,
    remove: () => adminApi(`/clients/${client.id}`, { method: 'DELETE' }).then(() => undefined),
  };
}

/**
 * A throw-away public client with the password grant, for token shapes the standing test client cannot give
 * (short lifetime, no API audience).
 */
export async function registerDirectGrantClient(opts: {
  withAudience: boolean;
  accessTokenLifespan?: number;
}): Promise<PortalClient> {
  const clientId = `direct-test-${randomBytes(4).toString('hex')}`;
  await adminApi('/clients', {
    method: 'POST',
    body: {
      clientId,
      enabled: true,
      publicClient: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: true,
      attributes: opts.accessTokenLifespan ? { 'access.token.lifespan': String(opts.accessTokenLifespan) } : {},
      protocolMappers: opts.withAudience
        ? [
            {
              name: 'api-audience',
              protocol: 'openid-connect',
              protocolMapper: 'oidc-audience-mapper',
              config: {
                'included.custom.audience': 'motcua-api',
                'access.token.claim': 'true',
                'id.token.claim': 'false',
              },
            },
          ]
        : [],
    },
  });
  const client = first(await adminApi<Array<{ id: string }>>(`/clients?clientId=${clientId}`), 'Keycloak client');
  return {
    clientId,
    secret: '',
    remove: () => adminApi(`/clients/${client.id}`, { method: 'DELETE' }).then(() => undefined),
  };
}

export async function userId(username: string): Promise<string> {
  const [user] = await adminApi<Array<{ id: string }>>(`/users?exact=true&username=${encodeURIComponent(username)}`);
  if (!user) throw new Error(`no Keycloak user ${username}`);
  return user.id;
}

export function decodeJwt(token: string): Record<string, unknown> {
  const payload = nth(token.split('.'), 1, 'JWT part');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

import { createPublicKey } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  clientCredentials,
  decodeJwt,
  passwordGrant,
  PortalClient,
  PortalHarness,
  registerDirectGrantClient,
  startPortal,
  TEST_KEYCLOAK,
  nth,
} from '@app/testing';

/** The API against real Keycloak tokens: every way a bearer token can be wrong, then roles and agency scope. */
describe('API bearer authentication (real Keycloak)', () => {
  let portal: PortalHarness;
  let shortLived: PortalClient;
  let noAudience: PortalClient;

  beforeAll(async () => {
    shortLived = await registerDirectGrantClient({ withAudience: true, accessTokenLifespan: 1 });
    noAudience = await registerDirectGrantClient({ withAudience: false });
    portal = await startPortal({
      env: {
        OIDC_CLOCK_TOLERANCE_SECONDS: '0',
        API_ALLOWED_AZP: `motcua-test,agency-police,agency-bhxh,${shortLived.clientId},${noAudience.clientId}`,
      },
    });
  });

  afterAll(async () => {
    await portal?.stop();
    await shortLived?.remove();
    await noAudience?.remove();
  });

  function get(path: string, token?: string, headers: Record<string, string> = {}) {
    return fetch(`${portal.url}${path}`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
  }

  async function expectUnauthorized(token: string, reason: RegExp) {
    const res = await get('/api/v1/me', token);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const body = (await res.json()) as { code: string; detail: string; correlationId: string };
    expect(body.code).toBe('invalid_token');
    expect(body.detail).toMatch(reason);
    expect(body.correlationId).toBe(res.headers.get('x-correlation-id'));
  }

  it('serves metrics on their own loopback listener, never on the public port', async () => {
    const { access_token } = await passwordGrant('quantri');
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/metrics', access_token)).status).toBe(404);
    const res = await fetch(`${portal.metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# HELP /m);
    expect(new URL(portal.metricsUrl).hostname).toBe('127.0.0.1');
  });

  it('accepts a valid token and returns the principal with roles and agency', async () => {
    const { access_token } = await passwordGrant('tiepnhan');
    const res = await get('/api/v1/me', access_token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      username: 'tiepnhan',
      name: 'Lê Thị Hoa',
      roles: ['clerk'],
      agency: '000.17.22.H56',
      agencyName: 'Ủy ban nhân dân phường Thủy Xuân',
      kind: 'user',
    });
  });

  it('answers 401 without credentials, with problem+json and the correlation id', async () => {
    const res = await get('/api/v1/me', undefined, { 'x-correlation-id': 'test-correlation-0001' });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-correlation-id')).toBe('test-correlation-0001');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, code: 'unauthenticated', correlationId: 'test-correlation-0001' });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('rejects an expired token', async () => {
    const { access_token } = await passwordGrant('tiepnhan', { clientId: shortLived.clientId });
    const exp = decodeJwt(access_token).exp as number;
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 1500));
    await expectUnauthorized(access_token, /expired/);
  });

  it('rejects a token for another audience', async () => {
    const { access_token } = await passwordGrant('tiepnhan', { clientId: noAudience.clientId });
    expect(decodeJwt(access_token).aud ?? []).not.toContain('motcua-api');
    await expectUnauthorized(access_token, /aud/);
  });

  it('rejects a token from another realm', async () => {
    const { access_token } = await passwordGrant('other', { issuer: TEST_KEYCLOAK.otherIssuer });
    await expectUnauthorized(access_token, /rejected|signing key/);
  });

  it('rejects a tampered signature and a tampered payload', async () => {
    const { access_token } = await passwordGrant('congdan');
    const parts = access_token.split('.');
    const [h, p, s] = [nth(parts, 0, 'JWT part'), nth(parts, 1, 'JWT part'), nth(parts, 2, 'JWT part')];
    const flipped = `${s.slice(0, -6)}${s.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    await expectUnauthorized(`${h}.${p}.${flipped}`, /signature/);
    const claims = decodeJwt(access_token);
    const elevated = Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['admin'] } })).toString(
      'base64url',
    );
    await expectUnauthorized(`${h}.${elevated}.${s}`, /signature/);
  });

  it('rejects alg none and HS256 signed with the realm public key', async () => {
    const { access_token } = await passwordGrant('congdan');
    const [, payload] = access_token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expectUnauthorized(none, /./);

    const jwks = (await (await fetch(`${TEST_KEYCLOAK.issuer}/protocol/openid-connect/certs`)).json()) as {
      keys: Array<Record<string, string>>;
    };
    const rsa = jwks.keys.find((k) => k.kty === 'RSA' && k.use === 'sig');
    const pem = createPublicKey({ key: rsa as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const forged = await new SignJWT(decodeJwt(access_token))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: rsa?.kid })
      .sign(new TextEncoder().encode(String(pem)));
    await expectUnauthorized(forged, /algorithm/);
  });

  it('rejects an ID token used as a bearer token', async () => {
    const { id_token } = await passwordGrant('tiepnhan');
    expect(id_token).toBeDefined();
    await expectUnauthorized(String(id_token), /aud|access token/);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await fetch(`${portal.url}/api/v1/me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
  });

  it('gives an agency service account its agency code', async () => {
    const { access_token } = await clientCredentials('agency-police', 'dev-agency-police-secret');
    const res = await get('/api/v1/me', access_token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      kind: 'service',
      agency: '000.31.22.H56',
      agencyName: 'Công an phường Thủy Xuân',
      roles: ['agency_officer'],
      clientId: 'agency-police',
    });
  });

  describe('roles and agency scope', () => {
    const staffPath = '/api/v1/agencies/000.17.22.H56/staff';

    it('lets staff of the agency read its staff list', async () => {
      const { access_token } = await passwordGrant('lanhdao');
      const res = await get(staffPath, access_token);
      expect(res.status).toBe(200);
      expect(Array.isArray(await res.json())).toBe(true);
    });

    it('answers 403 to a valid token without a staff role', async () => {
      const { access_token } = await passwordGrant('congdan');
      const res = await get(staffPath, access_token);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'forbidden' });
    });

    it('answers 403 to staff of another agency', async () => {
      const { access_token } = await passwordGrant('tiepnhan-kimlong');
      const res = await get(staffPath, access_token);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'wrong_agency' });
    });

    it('lets only an admin add an agency, validating every field and leaving nothing behind on error', async () => {
      const post = async (username: string, body: unknown) => {
        const { access_token } = await passwordGrant(username);
        return fetch(`${portal.url}/api/v1/agencies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      };
      const agency = {
        code: '000.23.17.H56',
        name: 'Ủy ban nhân dân phường Hương Long',
        level: 'commune',
        kind: 'people_committee',
        parentCode: '000.00.17.H56',
      };
      expect((await post('tiepnhan', agency)).status).toBe(403);

      const bad = await post('quantri', { ...agency, code: 'abc', level: 'village', extra: 1 });
      expect(bad.status).toBe(400);
      const problem = (await bad.json()) as { errors: Array<{ field: string }> };
      expect(problem.errors.map((e) => e.field).sort()).toEqual(['code', 'extra', 'level']);

      const unknownParent = await post('quantri', { ...agency, parentCode: '000.88.88.H56' });
      expect(unknownParent.status).toBe(400);
      expect((await get(`/api/v1/agencies/${agency.code}`)).status).toBe(404);

      const created = await post('quantri', agency);
      expect(created.status).toBe(201);
      expect((await get(`/api/v1/agencies/${agency.code}`)).status).toBe(200);
      expect((await post('quantri', agency)).status).toBe(409);
    });
  });
});

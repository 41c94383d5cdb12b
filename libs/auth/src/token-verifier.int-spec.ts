import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { exportJWK, exportSPKI, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { loadPortalConfig } from '@app/config';
import { testRedisPrefix } from '@app/testing';
import { TokenVerifier } from './token-verifier.service';

/**
 * The verification rules, exercised against a realm of our own: a local HTTP server publishes a JWKS and the test
 * signs tokens with its private key (Keycloak itself is exercised by the e2e tests). Redis is the real one.
 */
describe('TokenVerifier rules', () => {
  let server: Server;
  let issuer: string;
  let verifier: TokenVerifier;
  let redis: Redis;
  let privateKey: KeyLike;
  let publicPem: string;
  const prefix = testRedisPrefix();

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      if (req.url?.endsWith('/protocol/openid-connect/certs')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/unit`;
    redis = new Redis('redis://127.0.0.1:6379');
    const config = loadPortalConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'portal-web',
      OIDC_CLIENT_SECRET: 'x',
      SESSION_SECRET: 'x'.repeat(32),
      API_ALLOWED_AZP: 'portal-web,agency-police',
    });
    verifier = new TokenVerifier(config, redis);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await new Promise((r) => server.close(r));
  });

  function sign(claims: JWTPayload, opts: { aud?: string; exp?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(opts.aud ?? 'motcua-api')
      .setSubject('user-1')
      .setIssuedAt(now)
      .setExpirationTime(opts.exp ?? now + 300)
      .sign(privateKey);
  }

  const accessClaims = {
    typ: 'Bearer',
    azp: 'portal-web',
    realm_access: { roles: ['clerk'] },
    agency: '000.17.22.H56',
  };

  it('accepts a well-formed access token and builds the principal', async () => {
    const { principal } = await verifier.verifyAccessToken(await sign(accessClaims));
    expect(principal).toMatchObject({ subject: 'user-1', roles: ['clerk'], agency: '000.17.22.H56' });
  });

  it.each([
    ['an ID token', { ...accessClaims, typ: 'ID' }, {}, /not an access token/],
    ['a client outside the allowlist', { ...accessClaims, azp: 'someone-else' }, {}, /client not allowed/],
    ['another audience', accessClaims, { aud: 'account' }, /claim "aud" rejected/],
    ['an expired token', accessClaims, { exp: Math.floor(Date.now() / 1000) - 120 }, /token expired/],
  ])('rejects %s', async (_label, claims, opts, reason) => {
    await expect(verifier.verifyAccessToken(await sign(claims, opts))).rejects.toMatchObject({
      code: 'invalid_token',
      message: expect.stringMatching(reason) as unknown,
    });
  });

  it('rejects HS256 signed with the public key and alg none', async () => {
    const hs = await new SignJWT(accessClaims)
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('motcua-api')
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(publicPem));
    await expect(verifier.verifyAccessToken(hs)).rejects.toMatchObject({
      message: expect.stringMatching(/algorithm/) as unknown,
    });
    const [, payload] = (await sign(accessClaims)).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(verifier.verifyAccessToken(none)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  describe('back-channel logout tokens', () => {
    const events = { 'http://schemas.openid.net/event/backchannel-logout': {} };
    let n = 0;
    const logout = (extra: Record<string, unknown> = {}) =>
      sign({ events, sid: 'kc-session-1', jti: `jti-${++n}`, ...extra }, { aud: 'portal-web' });

    it('accepts a valid token once and rejects its replay', async () => {
      const token = await logout();
      await expect(verifier.verifyLogoutToken(token)).resolves.toEqual({ sid: 'kc-session-1', sub: 'user-1' });
      await expect(verifier.verifyLogoutToken(token)).rejects.toMatchObject({
        message: expect.stringMatching(/jti replay/) as unknown,
      });
    });

    it('rejects a nonce, a missing logout event and the wrong audience', async () => {
      await expect(verifier.verifyLogoutToken(await logout({ nonce: 'n' }))).rejects.toMatchObject({
        code: 'bad_request',
      });
      await expect(verifier.verifyLogoutToken(await logout({ events: { other: {} } }))).rejects.toMatchObject({
        message: expect.stringMatching(/events claim/) as unknown,
      });
      const wrongAud = await sign({ events, sid: 's', jti: 'x-aud' }, { aud: 'motcua-api' });
      await expect(verifier.verifyLogoutToken(wrongAud)).rejects.toMatchObject({ code: 'bad_request' });
    });
  });
});

#!/usr/bin/env node
/*
 * Smoke test of a running Keycloak started with the test overlay:
 *
 *   KC_OVERLAY=test keycloak/keycloak.sh start && node keycloak/smoke-test.js
 *
 * Reads KC_PORT (default 8180), the admin credentials and the client secrets
 * from the same environment variables as keycloak.sh. Exits non-zero on the
 * first failed check. Needs Node 18+ (global fetch).
 */
'use strict';

const port = process.env.KC_PORT || '8180';
const base = `http://localhost:${port}`;
const env = (name, def) => process.env[name] || def;
const secrets = {
  'portal-web': env('PORTAL_WEB_CLIENT_SECRET', 'dev-portal-web-secret'),
  'agency-police': env('AGENCY_POLICE_CLIENT_SECRET', 'dev-agency-police-secret'),
  'agency-bhxh': env('AGENCY_BHXH_CLIENT_SECRET', 'dev-agency-bhxh-secret'),
  'national-portal': env('NATIONAL_PORTAL_CLIENT_SECRET', 'dev-national-portal-secret'),
};
const portalUrl = env('PORTAL_URL', 'http://localhost:3000').replace(/\/$/, '');

let failures = 0;
function check(label, cond, detail) {
  if (cond) console.log(`ok   ${label}`);
  else {
    failures++;
    console.log(`FAIL ${label}${detail === undefined ? '' : ` — got ${JSON.stringify(detail)}`}`);
  }
}

async function token(realm, params, basic) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  const res = await fetch(`${base}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params),
  });
  const body = await res.json();
  if (!res.ok)
    throw new Error(
      `token ${realm} ${JSON.stringify(params.username || params.client_id)}: ${res.status} ${JSON.stringify(body)}`,
    );
  return body;
}

const decode = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const auds = (c) => (Array.isArray(c.aud) ? c.aud : [c.aud]);
const roles = (c) => (c.realm_access && c.realm_access.roles) || [];

async function password(realm, username) {
  return token(realm, {
    grant_type: 'password',
    client_id: 'motcua-test',
    username,
    password: 'demo1234',
    scope: 'openid',
  });
}

async function main() {
  const iss = `${base}/realms/motcua`;

  const t = await password('motcua', 'tiepnhan');
  const c = decode(t.access_token);
  check('tiepnhan: iss', c.iss === iss, c.iss);
  check('tiepnhan: aud contains motcua-api', auds(c).includes('motcua-api'), c.aud);
  check('tiepnhan: azp motcua-test', c.azp === 'motcua-test', c.azp);
  check('tiepnhan: typ Bearer', c.typ === 'Bearer', c.typ);
  check('tiepnhan: sub', typeof c.sub === 'string' && c.sub.length > 0, c.sub);
  check('tiepnhan: role clerk', roles(c).includes('clerk'), roles(c));
  check('tiepnhan: agency', c.agency === '000.17.22.H56', c.agency);
  check('tiepnhan: agency_name', c.agency_name === 'Ủy ban nhân dân phường Thủy Xuân', c.agency_name);
  check(
    'tiepnhan: name/preferred_username/email',
    !!c.name && c.preferred_username === 'tiepnhan' && c.email === 'tiepnhan@motcua.example',
    [c.name, c.preferred_username, c.email],
  );
  check('tiepnhan: id_token', typeof t.id_token === 'string' && decode(t.id_token).agency === '000.17.22.H56');

  const expected = {
    congdan: ['citizen', undefined],
    congdan2: ['citizen', undefined],
    chuyenvien: ['specialist', '000.17.22.H56'],
    lanhdao: ['leader', '000.17.22.H56'],
    congan: ['agency_officer', '000.31.22.H56'],
    bhxh: ['agency_officer', '000.40.17.H56'],
    quantri: ['admin', '000.17.22.H56'],
    'tiepnhan-kimlong': ['clerk', '000.20.22.H56'],
    'chuyenvien-kimlong': ['specialist', '000.20.22.H56'],
    'lanhdao-kimlong': ['leader', '000.20.22.H56'],
  };
  for (const [u, [role, agency]] of Object.entries(expected)) {
    const uc = decode((await password('motcua', u)).access_token);
    check(`${u}: role ${role}, agency ${agency || 'none'}`, roles(uc).includes(role) && uc.agency === agency, [
      roles(uc),
      uc.agency,
    ]);
  }

  for (const [client, agency] of [
    ['agency-police', '000.31.22.H56'],
    ['agency-bhxh', '000.40.17.H56'],
  ]) {
    const sc = decode(
      (await token('motcua', { grant_type: 'client_credentials' }, `${client}:${secrets[client]}`)).access_token,
    );
    check(
      `${client}: client credentials agency/aud/role`,
      sc.agency === agency && auds(sc).includes('motcua-api') && roles(sc).includes('agency_officer'),
      [sc.agency, sc.aud, roles(sc)],
    );
  }

  // The national portal's system: a service account of no agency and with no role of the portal.
  const np = decode(
    (await token('motcua', { grant_type: 'client_credentials' }, `national-portal:${secrets['national-portal']}`))
      .access_token,
  );
  const portalRoles = ['citizen', 'clerk', 'specialist', 'leader', 'agency_officer', 'admin'];
  check(
    'national-portal: client credentials aud/azp/service account, no agency, no role',
    auds(np).includes('motcua-api') &&
      np.azp === 'national-portal' &&
      np.preferred_username === 'service-account-national-portal' &&
      np.agency === undefined &&
      np.agency_name === undefined &&
      !roles(np).some((r) => portalRoles.includes(r)),
    [np.aud, np.azp, np.preferred_username, np.agency, roles(np)],
  );

  const o = decode((await password('motcua-other', 'other')).access_token);
  check(
    'motcua-other: other has iss of its own realm',
    o.iss === `${base}/realms/motcua-other` && roles(o).includes('admin') && auds(o).includes('motcua-api'),
    [o.iss, roles(o), o.aud],
  );

  const admin = await token('master', {
    grant_type: 'password',
    client_id: 'admin-cli',
    username: env('KC_BOOTSTRAP_ADMIN_USERNAME', 'admin'),
    password: env('KC_BOOTSTRAP_ADMIN_PASSWORD', 'admin'),
  });
  const res = await fetch(`${base}/admin/realms/motcua/clients?clientId=portal-web`, {
    headers: { authorization: `Bearer ${admin.access_token}` },
  });
  const [pw] = await res.json();
  check(
    'portal-web: redirect URI',
    pw && pw.redirectUris.includes(`${portalUrl}/auth/callback`),
    pw && pw.redirectUris,
  );
  check(
    'portal-web: backchannel logout URL',
    pw && pw.attributes['backchannel.logout.url'] === `${portalUrl}/auth/backchannel-logout`,
    pw && pw.attributes,
  );
  check(
    'portal-web: confidential, code flow only',
    pw &&
      !pw.publicClient &&
      pw.standardFlowEnabled &&
      !pw.directAccessGrantsEnabled &&
      !pw.implicitFlowEnabled &&
      !pw.serviceAccountsEnabled,
  );
  check(
    'portal-web: no PKCE requirement',
    pw && !pw.attributes['pkce.code.challenge.method'],
    pw && pw.attributes['pkce.code.challenge.method'],
  );
  check('portal-web: secret', pw && pw.secret === secrets['portal-web']);

  if (failures > 0) {
    console.log(`${failures} check(s) failed`);
    process.exitCode = 1;
  } else console.log('all checks passed');
}

main().catch((e) => {
  console.error(`smoke-test: ${e.message}`);
  process.exitCode = 1;
});

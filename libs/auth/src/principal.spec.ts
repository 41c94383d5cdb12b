import { hasAnyRole, principalFromClaims } from './principal';

const SERVICE_CLIENTS = ['agency-police', 'agency-bhxh'];

describe('principalFromClaims', () => {
  it('builds a staff principal from Keycloak claims, family name first', () => {
    const p = principalFromClaims({
      sub: 'u-1',
      azp: 'portal-web',
      preferred_username: 'tiepnhan',
      given_name: 'Thị Hoa',
      family_name: 'Lê',
      name: 'Thị Hoa Lê',
      email: 'tiepnhan@motcua.example',
      realm_access: { roles: ['clerk', 'offline_access', 'default-roles-motcua'] },
      agency: '000.17.22.H56',
      agency_name: 'Ủy ban nhân dân phường Thủy Biều',
    });
    expect(p).toEqual({
      subject: 'u-1',
      kind: 'user',
      username: 'tiepnhan',
      name: 'Lê Thị Hoa',
      email: 'tiepnhan@motcua.example',
      roles: ['clerk'],
      agency: '000.17.22.H56',
      agencyName: 'Ủy ban nhân dân phường Thủy Biều',
      clientId: 'portal-web',
      identityProvider: null,
      identityLevel: 0,
    });
    expect(hasAnyRole(p, ['leader', 'clerk'])).toBe(true);
    expect(hasAnyRole(p, ['admin'])).toBe(false);
  });

  it('recognises an agency service account and ignores unknown roles', () => {
    const p = principalFromClaims(
      {
        sub: 's-1',
        azp: 'agency-police',
        preferred_username: 'service-account-agency-police',
        realm_access: { roles: ['agency_officer', 'uma_authorization'] },
        agency: '000.31.22.H56',
        agency_name: 'Công an phường Thủy Biều',
      },
      SERVICE_CLIENTS,
    );
    expect(p.kind).toBe('service');
    expect(p.roles).toEqual(['agency_officer']);
    expect(p.name).toBe('Công an phường Thủy Biều');
  });

  it('decides a system by the client the token was issued to, never by the user name', () => {
    // A person who registered as "service-account-agency-police" and signs in through the portal.
    const impostor = principalFromClaims(
      {
        sub: 'u-9',
        azp: 'portal-web',
        preferred_username: 'service-account-agency-police',
        given_name: 'An',
        family_name: 'Nguyễn Văn',
        realm_access: { roles: ['citizen'] },
      },
      SERVICE_CLIENTS,
    );
    expect(impostor).toMatchObject({ kind: 'user', name: 'Nguyễn Văn An', clientId: 'portal-web' });
    // Through a test or other user-facing client too.
    expect(
      principalFromClaims({ sub: 'u-9', azp: 'motcua-test', preferred_username: 'service-account-motcua-test' }, [
        ...SERVICE_CLIENTS,
      ]).kind,
    ).toBe('user');
    // The service client's token for another account than its own service account is not a system either.
    expect(
      principalFromClaims({ sub: 'u-8', azp: 'agency-police', preferred_username: 'congan' }, SERVICE_CLIENTS).kind,
    ).toBe('user');
    // And no client is a service client unless configured as one.
    expect(
      principalFromClaims({ sub: 's-1', azp: 'agency-police', preferred_username: 'service-account-agency-police' })
        .kind,
    ).toBe('user');
  });

  it('gives a citizen no agency and tolerates missing claims', () => {
    const p = principalFromClaims({ sub: 'c-1', azp: 'portal-web', realm_access: { roles: ['citizen'] } });
    expect(p.agency).toBeNull();
    expect(p.name).toBe('c-1');
    expect(p.email).toBeNull();
  });

  describe('a session brokered from the national identity provider (VNeID)', () => {
    const brokered = {
      sub: 'u-7',
      azp: 'portal-web',
      preferred_username: '046090001234',
      given_name: 'An',
      family_name: 'Nguyễn Văn',
      realm_access: { roles: ['citizen', 'default-roles-motcua'] },
      idp: 'vneid',
      identity_level: '2',
    };

    it('carries the provider and the assurance level it signed in with', () => {
      expect(principalFromClaims(brokered)).toMatchObject({
        roles: ['citizen'],
        identityProvider: 'vneid',
        identityLevel: 2,
      });
      expect(principalFromClaims({ ...brokered, identity_level: '1' }).identityLevel).toBe(1);
      expect(principalFromClaims({ ...brokered, identity_level: '3' }).identityLevel).toBe(0);
      // Without the provider the level claim means nothing (a password sign-in, a token of another client).
      expect(principalFromClaims({ ...brokered, idp: undefined }).identityLevel).toBe(0);
    });

    it('never holds a staff role or an agency, whatever the account was given', () => {
      const p = principalFromClaims({
        ...brokered,
        realm_access: { roles: ['citizen', 'clerk', 'admin', 'leader'] },
        agency: '000.17.22.H56',
        agency_name: 'Ủy ban nhân dân phường Thủy Xuân',
      });
      expect(p.roles).toEqual(['citizen']);
      expect(p.agency).toBeNull();
      expect(p.agencyName).toBeNull();
      // The same account signed in with its portal password keeps its roles (Keycloak decides who may).
      expect(principalFromClaims({ ...brokered, idp: undefined, realm_access: { roles: ['clerk'] } }).roles).toEqual([
        'clerk',
      ]);
    });
  });
});

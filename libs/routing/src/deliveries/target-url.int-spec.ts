import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { createDataSource } from '@app/database';
import { DomainError } from '@app/observability';
import { createTestDatabase, seedLienThongDatabase, TestDatabase, first } from '@app/testing';
import { RouteService } from '../routes/route.service';

const POLICE = '000.31.22.H56';

const admin: Principal = {
  subject: 'admin-subject',
  kind: 'user',
  username: 'quantri',
  name: 'Bùi Quang Huy',
  email: null,
  roles: ['admin'],
  agency: '000.17.22.H56',
  agencyName: null,
  clientId: 'portal-web',
};

describe('push URLs of delivery targets are checked when saved', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedLienThongDatabase(db.url);
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const urlOf = async () =>
    first(await ds.query<Array<{ url: string | null }>>(`SELECT url FROM delivery_target WHERE code = $1`, [POLICE]))
      .url;

  it.each([
    'http://127.0.0.1:5432/',
    'http://localhost:6379/',
    'http://[::1]:8181/admin',
    'http://[::ffff:127.0.0.1]:3001/metrics',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0:3000/',
    'http://192.168.1.10/hook',
  ])('refuses %s with a field error and leaves the target as it was', async (url) => {
    const service = new RouteService(ds);
    const before = await urlOf();
    const err = await service
      .updateTarget(admin, POLICE, { mode: 'push', url, active: true })
      .then(() => null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('validation_failed');
    expect((err as DomainError).details.errors).toEqual([
      {
        field: 'url',
        messages: ['must not point at a loopback, private or reserved address'],
        code: 'private_address',
      },
    ]);
    expect(await urlOf()).toBe(before);
  });

  it('accepts a network the deployment allows', async () => {
    const service = new RouteService(ds, { allowedNetworks: ['192.168.1.0/24'] });
    await service.updateTarget(admin, POLICE, { mode: 'push', url: 'http://192.168.1.10/hook', active: true });
    expect(await urlOf()).toBe('http://192.168.1.10/hook');
  });
});

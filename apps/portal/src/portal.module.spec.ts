import { NestFactory, NestContainer } from '@nestjs/core';
import { loadPortalConfig } from '@app/config';
import { DossierModule } from '@app/dossiers';
import { RoutingModule } from '@app/routing';
import { PortalModule } from './portal.module';
import { AgencyCasesModule } from './lien-thong/agency-cases.module';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/motcua',
  REDIS_URL: 'redis://127.0.0.1:6379',
  OIDC_ISSUER: 'http://localhost:8180/realms/motcua',
  OIDC_CLIENT_SECRET: 'secret',
  SESSION_SECRET: 'x'.repeat(32),
};

describe('the portal module graph', () => {
  it('configures each dynamic module once: one dossier module, one agency-cases module, whoever imports them', async () => {
    // Preview mode resolves the module graph without instantiating a provider (no database, no Redis).
    const app = await NestFactory.createApplicationContext(PortalModule.forRoot(loadPortalConfig(env)), {
      preview: true,
      logger: false,
      abortOnError: false,
    });
    try {
      const container = (app as unknown as { container: NestContainer }).container;
      const modules = [...container.getModules().values()];
      const count = (metatype: unknown): number => modules.filter((m) => m.metatype === metatype).length;
      expect(count(DossierModule)).toBe(1);
      expect(count(AgencyCasesModule)).toBe(1);
      expect(count(RoutingModule)).toBe(1);
    } finally {
      await app.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { Principal } from '@app/auth';
import type { DossierService } from '@app/dossiers';
import { LEAD_AGENCY } from './lien-thong.fixtures';
import { nth } from './rows';

/** The clerk of the lead agency who forwards the dossiers (forward_to_agency is a clerk's or specialist's action). */
export const FORWARDING_CLERK: Principal = {
  subject: 'test-clerk',
  kind: 'user',
  username: 'tiepnhan',
  name: 'Lê Thị Hoa',
  email: null,
  roles: ['clerk'],
  agency: LEAD_AGENCY,
  agencyName: 'Ủy ban nhân dân phường Thủy Biều',
  clientId: 'portal-web',
};

export interface ForwardResult {
  dossierId: string;
  /** Epoch milliseconds (sub-millisecond precision) when the forward's transaction had committed. */
  committedAt: number;
}

/**
 * Forwards dossiers the way the portal does: DossierService.act(…, 'forward_to_agency') inside a Nest application
 * context built from the real DossierModule and DatabaseModule against the test's database, so the state change,
 * its audit entry and its outbox event are written by production code in one transaction.
 */
export class DossierForwarder {
  private constructor(
    private readonly app: INestApplicationContext,
    private readonly dossiers: DossierService,
    private readonly filesDir: string,
  ) {}

  static async create(databaseUrl: string, opts: { poolSize?: number } = {}): Promise<DossierForwarder> {
    // Loaded on call: jest's global setup imports this barrel without the `@app/*` module mapping.
    const { NestFactory } = await import('@nestjs/core');
    const { DatabaseModule } = await import('@app/database');
    const { CALENDAR_ENTITIES } = await import('@app/calendar');
    const { DossierModule, DossierService: Service } = await import('@app/dossiers');
    const filesDir = mkdtempSync(join(tmpdir(), 'motcua-forwarder-'));
    class DossierForwarderModule {}
    const app = await NestFactory.createApplicationContext(
      {
        module: DossierForwarderModule,
        imports: [
          DatabaseModule.forRoot({
            url: databaseUrl,
            entities: [...CALENDAR_ENTITIES],
            applicationName: 'motcua-test-forwarder',
            poolSize: opts.poolSize ?? 10,
          }),
          DossierModule.forRoot({ dir: filesDir, maxFileBytes: 1024 * 1024, maxFilesPerDossier: 5 }),
        ],
      },
      { logger: ['error'], abortOnError: false },
    );
    return new DossierForwarder(app, app.get(Service), filesDir);
  }

  /** Forwards one dossier; resolves once its transaction has committed. */
  async forward(dossierId: string, principal: Principal = FORWARDING_CLERK): Promise<ForwardResult> {
    await this.dossiers.act(principal, dossierId, 'forward_to_agency');
    return { dossierId, committedAt: performance.timeOrigin + performance.now() };
  }

  /**
   * Forwards every dossier, `concurrency` at a time (as many clerks at once). `onCommitted` is told the number of
   * forwards committed so far after each one, so a test can act at a given point of the burst.
   */
  async forwardAll(
    dossierIds: readonly string[],
    concurrency = 8,
    onCommitted?: (committed: number) => void,
  ): Promise<ForwardResult[]> {
    const results: ForwardResult[] = new Array<ForwardResult>(dossierIds.length);
    let next = 0;
    let committed = 0;
    const lane = async () => {
      while (next < dossierIds.length) {
        const i = next++;
        results[i] = await this.forward(nth(dossierIds, i, 'dossier'));
        onCommitted?.(++committed);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, dossierIds.length)) }, lane));
    return results;
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.filesDir, { recursive: true, force: true });
  }
}

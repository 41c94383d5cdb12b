import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Agency } from './agency.entity';
import { AgencySeed } from './agency.directory';
import { DomainError } from '@app/observability';

export interface AgencyView {
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  kind: string;
  parentCode: string | null;
  active: boolean;
}

@Injectable()
export class AgencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(Agency);
  }

  async findByCode(code: string): Promise<Agency | null> {
    return this.repo.findOneBy({ code });
  }

  /** Every active agency with its parent's code, ordered by code. */
  async listActive(): Promise<AgencyView[]> {
    const rows: Array<{
      code: string;
      name: string;
      short_name: string | null;
      level: string;
      kind: string;
      parent_code: string | null;
      active: boolean;
    }> = await this.dataSource.query(
      `SELECT a.code, a.name, a.short_name, a.level, a.kind, p.code AS parent_code, a.active
         FROM agency a LEFT JOIN agency p ON p.id = a.parent_id
        WHERE a.active
        ORDER BY a.code`,
    );
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      shortName: r.short_name,
      level: r.level,
      kind: r.kind,
      parentCode: r.parent_code,
      active: r.active,
    }));
  }

  /** Adds an agency to the directory; its parent, when named, must exist. */
  async create(
    input: Omit<AgencySeed, 'parentCode' | 'shortName'> & { shortName?: string; parentCode?: string },
  ): Promise<AgencyView> {
    return this.dataSource.transaction(async (em) => {
      let parentId: string | null = null;
      if (input.parentCode) {
        const parent = await em.getRepository(Agency).findOneBy({ code: input.parentCode });
        if (!parent) {
          throw new DomainError('validation_failed', `parentCode: no agency with electronic ID ${input.parentCode}`, {
            errors: [{ field: 'parentCode', messages: [`no agency with electronic ID ${input.parentCode}`] }],
          });
        }
        parentId = parent.id;
      }
      const inserted: Agency[] = await em.query(
        `INSERT INTO agency (code, name, short_name, level, kind, parent_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ON CONSTRAINT agency_code_uq DO NOTHING
         RETURNING id`,
        [input.code, input.name.trim(), input.shortName?.trim() ?? null, input.level, input.kind, parentId],
      );
      if (inserted.length === 0) {
        throw new DomainError('conflict', `An agency with electronic ID ${input.code} already exists.`, {
          errors: [{ field: 'code', messages: ['already exists'] }],
        });
      }
      return {
        code: input.code,
        name: input.name.trim(),
        shortName: input.shortName?.trim() ?? null,
        level: input.level,
        kind: input.kind,
        parentCode: input.parentCode ?? null,
        active: true,
      };
    });
  }

  /**
   * Inserts or updates agencies by electronic ID in one transaction (parents first). Idempotent: running it again
   * changes nothing but `updated_at` of rows whose data changed.
   */
  async upsertDirectory(seeds: readonly AgencySeed[]): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      let changed = 0;
      for (const seed of seeds) {
        if (seed.parentCode) {
          const parent: unknown[] = await em.query(`SELECT 1 FROM agency WHERE code = $1`, [seed.parentCode]);
          if (parent.length === 0)
            throw new Error(`agency ${seed.code}: parent ${seed.parentCode} is not in the directory`);
        }
        const result: unknown[] = await em.query(
          `INSERT INTO agency (code, name, short_name, level, kind, parent_id)
           VALUES ($1, $2, $3, $4, $5, (SELECT id FROM agency WHERE code = $6))
           ON CONFLICT ON CONSTRAINT agency_code_uq DO UPDATE
              SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, level = EXCLUDED.level,
                  kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id, updated_at = now()
            WHERE (agency.name, agency.short_name, agency.level, agency.kind, agency.parent_id)
                  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.parent_id)
           RETURNING id`,
          [seed.code, seed.name, seed.shortName, seed.level, seed.kind, seed.parentCode],
        );
        changed += result.length;
      }
      return changed;
    });
  }
}

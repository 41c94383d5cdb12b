import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
      const changed = new Set<string>();
      for (const seed of seeds) {
        if (seed.parentCode) {
          const parent: unknown[] = await em.query(`SELECT 1 FROM agency WHERE code = $1`, [seed.parentCode]);
          if (parent.length === 0)
            throw new Error(`agency ${seed.code}: parent ${seed.parentCode} is not in the directory`);
        }
        const result: unknown[] = await em.query(
          `INSERT INTO agency (code, name, short_name, level, kind, parent_id, admin_unit_code, valid_from, valid_to, active)
           VALUES ($1, $2, $3, $4, $5, (SELECT id FROM agency WHERE code = $6), $7, $8, $9, $10)
           ON CONFLICT ON CONSTRAINT agency_code_uq DO UPDATE
              SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, level = EXCLUDED.level,
                  kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id, admin_unit_code = EXCLUDED.admin_unit_code,
                  valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, active = EXCLUDED.active,
                  updated_at = now()
            WHERE (agency.name, agency.short_name, agency.level, agency.kind, agency.parent_id, agency.admin_unit_code,
                   agency.valid_from, agency.valid_to, agency.active)
                  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.level, EXCLUDED.kind,
                                    EXCLUDED.parent_id, EXCLUDED.admin_unit_code, EXCLUDED.valid_from,
                                    EXCLUDED.valid_to, EXCLUDED.active)
           RETURNING id`,
          [
            seed.code,
            seed.name,
            seed.shortName,
            seed.level,
            seed.kind,
            seed.parentCode,
            seed.adminUnitCode ?? null,
            seed.validFrom ?? null,
            seed.validTo ?? null,
            seed.active ?? true,
          ],
        );
        if (result.length > 0) changed.add(seed.code);
        // The earlier names are the seed's, whole: replaced only when they differ.
        const history = seed.history ?? [];
        const [same] = await em.query<Array<{ same: boolean }>>(
          `SELECT coalesce((SELECT jsonb_agg(jsonb_build_array(h.valid_from::text, h.valid_to::text, h.name,
                                                         h.short_name, h.admin_unit_code, h.basis, h.parent_name)
                                             ORDER BY h.valid_to)
                              FROM agency_name_period h WHERE h.agency_id = a.id), '[]') = $2::jsonb AS same
             FROM agency a WHERE a.code = $1`,
          [
            seed.code,
            JSON.stringify(
              history.map((h) => [
                h.validFrom,
                h.validTo,
                h.name,
                h.shortName,
                h.adminUnitCode,
                h.basis,
                h.parentName ?? null,
              ]),
            ),
          ],
        );
        if (!same?.same) {
          await em.query(`DELETE FROM agency_name_period WHERE agency_id = (SELECT id FROM agency WHERE code = $1)`, [
            seed.code,
          ]);
          for (const h of history) {
            await em.query(
              `INSERT INTO agency_name_period (agency_id, valid_from, valid_to, name, short_name, admin_unit_code, basis,
                                              parent_name)
               SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM agency WHERE code = $1`,
              [seed.code, h.validFrom, h.validTo, h.name, h.shortName, h.adminUnitCode, h.basis, h.parentName ?? null],
            );
          }
          if (history.length > 0 || result.length === 0) changed.add(seed.code);
        }
      }
      // Successors last: a successor may come after its predecessors in the list.
      for (const seed of seeds) {
        if (!seed.successorCode) continue;
        // UPDATE … RETURNING comes back from TypeORM as [rows, affected count].
        const [updated] = await em.query<[unknown[], number]>(
          `UPDATE agency a SET successor_id = s.id, updated_at = now()
             FROM agency s
            WHERE a.code = $1 AND s.code = $2 AND a.successor_id IS DISTINCT FROM s.id
           RETURNING a.id`,
          [seed.code, seed.successorCode],
        );
        const [exists] = await em.query<unknown[]>(`SELECT 1 FROM agency WHERE code = $1`, [seed.successorCode]);
        if (!exists) throw new Error(`agency ${seed.code}: successor ${seed.successorCode} is not in the directory`);
        if (updated.length > 0) changed.add(seed.code);
      }
      return changed.size;
    });
  }

  /**
   * The name an agency bore on a day (Vietnam date): the earlier name of that period, else its current one. A paper of
   * a dossier names the unit that received it, as it was called then.
   */
  async nameOn(agencyId: string, date: string): Promise<{ name: string; shortName: string | null }> {
    const found = await agencyNameOn(this.dataSource.manager, agencyId, date);
    if (!found) throw new DomainError('not_found', 'No such agency.');
    return found;
  }
}

/**
 * The name an agency bore on a day, read on the caller's connection (papers are rendered by other modules): its
 * earlier name of that period, else its current one; null for an unknown agency.
 */
export async function agencyNameOn(
  em: EntityManager,
  agencyId: string,
  date: string,
): Promise<{ name: string; shortName: string | null } | null> {
  const [row] = await em.query<Array<{ name: string; short_name: string | null }>>(
    `SELECT coalesce(h.name, a.name) AS name,
            CASE WHEN h.agency_id IS NULL THEN a.short_name ELSE h.short_name END AS short_name
       FROM agency a
       LEFT JOIN LATERAL (
         SELECT * FROM agency_name_period p
          WHERE p.agency_id = a.id AND $2::date <= p.valid_to AND (p.valid_from IS NULL OR $2::date >= p.valid_from)
          ORDER BY p.valid_to LIMIT 1) h ON true
      WHERE a.id = $1`,
    [agencyId, date],
  );
  return row ? { name: row.name, shortName: row.short_name } : null;
}

/**
 * How a paper dated `date` heads itself: the agency's name that day and the body it stood under then — the name its
 * period records, else its current parent under the name that parent bore that day (one statement). Null for an
 * unknown agency.
 */
export async function agencyHeadingOn(
  em: EntityManager,
  agencyId: string,
  date: string,
): Promise<{ name: string; shortName: string | null; parentName: string | null } | null> {
  const [row] = await em.query<Array<{ name: string; short_name: string | null; parent_name: string | null }>>(
    `SELECT coalesce(h.name, a.name) AS name,
            CASE WHEN h.agency_id IS NULL THEN a.short_name ELSE h.short_name END AS short_name,
            coalesce(h.parent_name, ph.name, p.name) AS parent_name
       FROM agency a
       LEFT JOIN LATERAL (
         SELECT * FROM agency_name_period x
          WHERE x.agency_id = a.id AND $2::date <= x.valid_to AND (x.valid_from IS NULL OR $2::date >= x.valid_from)
          ORDER BY x.valid_to LIMIT 1) h ON true
       LEFT JOIN agency p ON p.id = a.parent_id
       LEFT JOIN LATERAL (
         SELECT x.name FROM agency_name_period x
          WHERE x.agency_id = p.id AND $2::date <= x.valid_to AND (x.valid_from IS NULL OR $2::date >= x.valid_from)
          ORDER BY x.valid_to LIMIT 1) ph ON true
      WHERE a.id = $1`,
    [agencyId, date],
  );
  return row ? { name: row.name, shortName: row.short_name, parentName: row.parent_name } : null;
}

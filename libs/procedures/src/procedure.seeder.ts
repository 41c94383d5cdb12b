import { DataSource } from 'typeorm';
import type { VersionContent } from './procedure-content';

/** A procedure as seed data: its identity and the content of its first published version. */
export interface ProcedureSeed {
  code: string;
  name: string;
  field: string;
  content: VersionContent;
  /** The national identity level its online dossiers need (default 1: any citizen account). */
  onlineIdentityLevel?: 1 | 2;
}

/**
 * Adds procedures to the catalogue from data (a deployment's or the demo's seed): each procedure that is not yet in
 * the catalogue gets its published version 1 in force from `effectiveFrom`. Procedures already there are left alone
 * (an admin may have versioned them). Idempotent; returns how many procedures were added. One transaction.
 */
export async function insertProcedureSeeds(
  dataSource: DataSource,
  seeds: readonly ProcedureSeed[],
  effectiveFrom: string,
): Promise<number> {
  return dataSource.transaction(async (em) => {
    let added = 0;
    for (const seed of seeds) {
      const inserted: Array<{ id: string }> = await em.query(
        `INSERT INTO procedure (code, name, field, online_identity_level) VALUES ($1, $2, $3, $4)
         ON CONFLICT ON CONSTRAINT procedure_code_uq DO NOTHING RETURNING id`,
        [seed.code, seed.name, seed.field, seed.onlineIdentityLevel ?? 1],
      );
      const [row] = inserted;
      if (!row) continue;
      const c = seed.content;
      await em.query(
        `INSERT INTO procedure_version (
           procedure_id, version, status, effective_from, implementing_agency, time_limit_unit, time_limit_amount,
           time_limit_extended_amount, time_limit_note, channels, online_level, inter_agency, supplement_policy,
           applicant_types, steps, required_documents, fees, legal_basis, result, conditions, components, form_schema,
           created_by, published_by, published_at)
         VALUES ($1, 1, 'published', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                 $20, 'seed', 'seed', now())`,
        [
          row.id,
          effectiveFrom,
          c.implementingAgency,
          c.timeLimit.unit,
          c.timeLimit.amount,
          c.timeLimit.extendedAmount ?? null,
          c.timeLimit.note ?? null,
          c.channels,
          c.onlineLevel,
          c.interAgency,
          c.supplementPolicy,
          c.applicantTypes,
          JSON.stringify(c.steps),
          JSON.stringify(c.requiredDocuments),
          JSON.stringify(c.fees),
          JSON.stringify(c.legalBasis),
          JSON.stringify(c.result),
          JSON.stringify(c.conditions),
          JSON.stringify(c.components),
          JSON.stringify(c.formSchema),
        ],
      );
      added++;
    }
    return added;
  });
}

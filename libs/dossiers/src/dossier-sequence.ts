import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/observability';
import { formatDossierCode, MAX_DAILY_SEQUENCE } from './dossier-code';

/**
 * Allocates the next dossier code of an agency for a reception day inside the caller's transaction. The upsert
 * takes the row lock of (agency, day), so concurrent receptions queue on it and each gets the next number; a
 * rolled-back reception releases its number with the transaction (no gaps from failures).
 */
export async function allocateDossierCode(
  em: EntityManager,
  agency: { id: string; code: string },
  receptionDate: string,
): Promise<string> {
  const rows: Array<{ last_value: number }> = await em.query(
    `INSERT INTO dossier_sequence (agency_id, day, last_value) VALUES ($1, $2, 1)
     ON CONFLICT ON CONSTRAINT dossier_sequence_pk DO UPDATE SET last_value = dossier_sequence.last_value + 1
     WHERE dossier_sequence.last_value < ${MAX_DAILY_SEQUENCE}
     RETURNING last_value`,
    [agency.id, receptionDate],
  );
  const [row] = rows;
  if (!row) {
    throw new DomainError('conflict', `Agency ${agency.code} has issued ${MAX_DAILY_SEQUENCE} dossier codes today.`);
  }
  return formatDossierCode(agency.code, receptionDate, row.last_value);
}

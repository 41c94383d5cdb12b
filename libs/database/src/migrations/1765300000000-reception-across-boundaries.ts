import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reception regardless of administrative boundaries (NĐ 118/2025 Điều 14 khoản 2, Điều 20 khoản 1): a commune's
 * desk receives a procedure another agency of the province decides. The dossier keeps the receiving desk
 * (`agency_id`: reception, the receipt, the return of the result) apart from the deciding authority
 * (`deciding_agency_id`, owned by @app/dossiers; null when the receiving agency decides itself). The regimes say
 * whether the desk may do so (`receptionAcrossBoundaries`: not under NĐ 61/2018).
 */
export class ReceptionAcrossBoundaries1765300000000 implements MigrationInterface {
  name = 'ReceptionAcrossBoundaries1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE dossier
        ADD COLUMN deciding_agency_id uuid,
        ADD CONSTRAINT dossier_deciding_agency_fk FOREIGN KEY (deciding_agency_id) REFERENCES agency (id)
          ON DELETE RESTRICT,
        ADD CONSTRAINT dossier_deciding_agency_ck CHECK (deciding_agency_id IS NULL OR deciding_agency_id <> agency_id)`);
    await q.query(`
      CREATE INDEX dossier_deciding_agency_status_idx ON dossier (deciding_agency_id, status, updated_at DESC)
       WHERE deciding_agency_id IS NOT NULL`);
    for (const [code, allowed, basis] of [
      ['nd61-2018', false, 'NĐ 61/2018 Điều 14: tiếp nhận tại Bộ phận Một cửa của cơ quan có thẩm quyền'],
      ['nd118-2025', true, 'NĐ 118/2025 Điều 14 khoản 2, Điều 20 khoản 1'],
    ] as const) {
      await q.query(
        `UPDATE legal_regime
            SET rules = rules || jsonb_build_object('receptionAcrossBoundaries', $2::boolean),
                bases = bases || jsonb_build_object('receptionAcrossBoundaries', $3::text)
          WHERE code = $1`,
        [code, allowed, basis],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE legal_regime SET rules = rules - 'receptionAcrossBoundaries', bases = bases - 'receptionAcrossBoundaries'`,
    );
    await q.query(`DROP INDEX dossier_deciding_agency_status_idx`);
    await q.query(`ALTER TABLE dossier DROP COLUMN deciding_agency_id`);
  }
}

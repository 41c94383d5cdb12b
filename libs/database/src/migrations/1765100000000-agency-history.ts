import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory keeps its history (owned by @app/agency). Since 01/07/2025 local government has two tiers and many
 * communes were merged (NQ 1675/NQ-UBTVQH15 for Huế): an agency carries the administrative unit it governs (the
 * 5-digit code of QĐ 19/2025/QĐ-TTg), the period it exists in and its successor; the names it bore before are kept
 * with their periods, so a paper of an old dossier names the unit that received it. A unit code is not unique: the
 * new phường Thủy Xuân reuses the old one's.
 */
export class AgencyHistory1765100000000 implements MigrationInterface {
  name = 'AgencyHistory1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agency
        ADD COLUMN admin_unit_code varchar(5),
        ADD COLUMN valid_from date,
        ADD COLUMN valid_to date,
        ADD COLUMN successor_id uuid,
        ADD CONSTRAINT agency_admin_unit_code_ck CHECK (admin_unit_code ~ '^[0-9]{2,5}$'),
        ADD CONSTRAINT agency_validity_ck CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from),
        ADD CONSTRAINT agency_successor_ck CHECK (successor_id IS NULL OR (valid_to IS NOT NULL AND successor_id <> id)),
        ADD CONSTRAINT agency_successor_fk FOREIGN KEY (successor_id) REFERENCES agency (id) ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX agency_successor_idx ON agency (successor_id) WHERE successor_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE agency_name_period (
        agency_id uuid NOT NULL,
        valid_from date,
        valid_to date NOT NULL,
        name text NOT NULL,
        short_name text,
        admin_unit_code varchar(5),
        basis text NOT NULL,
        CONSTRAINT agency_name_period_pk PRIMARY KEY (agency_id, valid_to),
        CONSTRAINT agency_name_period_order_ck CHECK (valid_from IS NULL OR valid_to >= valid_from),
        CONSTRAINT agency_name_period_name_ck CHECK (btrim(name) <> ''),
        CONSTRAINT agency_name_period_basis_ck CHECK (btrim(basis) <> ''),
        CONSTRAINT agency_name_period_unit_ck CHECK (admin_unit_code ~ '^[0-9]{2,5}$'),
        CONSTRAINT agency_name_period_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agency_name_period`);
    await q.query(`DROP INDEX agency_successor_idx`);
    await q.query(`
      ALTER TABLE agency DROP CONSTRAINT agency_successor_fk, DROP CONSTRAINT agency_successor_ck,
        DROP CONSTRAINT agency_validity_ck, DROP CONSTRAINT agency_admin_unit_code_ck,
        DROP COLUMN successor_id, DROP COLUMN valid_to, DROP COLUMN valid_from, DROP COLUMN admin_unit_code`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A period of an agency's history also says which body it stood under then, as that body was called (owned by
 * @app/agency). A ward's papers are headed by the body above it: phường Thủy Biều stood under the district-level
 * thành phố Huế until 31/12/2024 and under quận Thuận Hóa from 01/01/2025 (NQ 1314/NQ-UBTVQH15); since 01/07/2025 the
 * districts are gone and it stands under the province. The districts that lasted six months are kept as a name on
 * the period, not as directory records nobody exchanged with; null means the agency's parent of the time is its
 * current one.
 */
export class AgencyParentHistory1765400000000 implements MigrationInterface {
  name = 'AgencyParentHistory1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agency_name_period
        ADD COLUMN parent_name text,
        ADD CONSTRAINT agency_name_period_parent_name_ck CHECK (parent_name IS NULL OR btrim(parent_name) <> '')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agency_name_period DROP CONSTRAINT agency_name_period_parent_name_ck, DROP COLUMN parent_name`);
  }
}

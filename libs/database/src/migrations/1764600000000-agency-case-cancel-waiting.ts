import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case still waiting for its stage can be cancelled (another agency returned the dossier, the citizen withdrew
 * it, the desk recorded the answer itself) without ever having been opened.
 */
export class AgencyCaseCancelWaiting1764600000000 implements MigrationInterface {
  name = 'AgencyCaseCancelWaiting1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agency_case DROP CONSTRAINT agency_case_opened_ck`);
    await q.query(`
      ALTER TABLE agency_case ADD CONSTRAINT agency_case_opened_ck
        CHECK ((status <> 'waiting' OR opened_at IS NULL) AND (status IN ('waiting', 'cancelled') OR opened_at IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE agency_case SET opened_at = updated_at WHERE status = 'cancelled' AND opened_at IS NULL`);
    await q.query(`ALTER TABLE agency_case DROP CONSTRAINT agency_case_opened_ck`);
    await q.query(
      `ALTER TABLE agency_case ADD CONSTRAINT agency_case_opened_ck CHECK ((status = 'waiting') = (opened_at IS NULL))`,
    );
  }
}

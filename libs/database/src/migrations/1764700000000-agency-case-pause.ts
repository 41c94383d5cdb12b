import { MigrationInterface, QueryRunner } from 'typeorm';

/** A step's clock stops while its agency waits for a supplement, like a dossier's under the "pause" policy. */
export class AgencyCasePause1764700000000 implements MigrationInterface {
  name = 'AgencyCasePause1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agency_case ADD COLUMN paused_at timestamptz`);
    await q.query(`
      ALTER TABLE agency_case ADD CONSTRAINT agency_case_paused_ck
        CHECK (paused_at IS NULL OR status = 'needs_supplement')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agency_case DROP CONSTRAINT agency_case_paused_ck`);
    await q.query(`ALTER TABLE agency_case DROP COLUMN paused_at`);
  }
}

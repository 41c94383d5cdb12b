import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each calendar day keeps its legal basis (`calendar_day.basis`): the government notice that fixed it, cited by
 * number and date, or the Labour Code for a day the law fixes by itself. Administrators' edits may cite the notice
 * they apply. Null for days written before the basis was kept, until the year is seeded again.
 */
export class CalendarDayBasis1764810000000 implements MigrationInterface {
  name = 'CalendarDayBasis1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar_day ADD COLUMN basis text`);
    await q.query(
      `ALTER TABLE calendar_day ADD CONSTRAINT calendar_day_basis_ck
         CHECK (basis IS NULL OR length(btrim(basis)) BETWEEN 1 AND 300)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar_day DROP CONSTRAINT calendar_day_basis_ck`);
    await q.query(`ALTER TABLE calendar_day DROP COLUMN basis`);
  }
}

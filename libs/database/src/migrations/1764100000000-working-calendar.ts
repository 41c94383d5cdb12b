import { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkingCalendar1764100000000 implements MigrationInterface {
  name = 'WorkingCalendar1764100000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}

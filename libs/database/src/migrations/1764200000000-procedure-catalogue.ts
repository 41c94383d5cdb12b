import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProcedureCatalogue1764200000000 implements MigrationInterface {
  name = 'ProcedureCatalogue1764200000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}

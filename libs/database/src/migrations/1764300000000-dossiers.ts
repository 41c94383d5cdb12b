import { MigrationInterface, QueryRunner } from 'typeorm';

export class Dossiers1764300000000 implements MigrationInterface {
  name = 'Dossiers1764300000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}

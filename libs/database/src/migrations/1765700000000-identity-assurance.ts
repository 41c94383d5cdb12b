import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in with the national identity (VNeID-style brokering). A procedure of the catalogue may take online dossiers
 * only from a citizen signed in with a level-2 national identity (`procedure.online_identity_level`: 1 = any citizen
 * account, 2 = level 2); and a dossier records which applicant fields the national identity proved at submission
 * (`dossier.identity_verified`: the field names, with the assurance level, null when none).
 */
export class IdentityAssurance1765700000000 implements MigrationInterface {
  name = 'IdentityAssurance1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE procedure
        ADD COLUMN online_identity_level smallint NOT NULL DEFAULT 1,
        ADD CONSTRAINT procedure_online_identity_level_ck CHECK (online_identity_level IN (1, 2))
    `);
    await q.query(`
      ALTER TABLE dossier
        ADD COLUMN identity_verified jsonb,
        ADD CONSTRAINT dossier_identity_verified_ck CHECK (
          identity_verified IS NULL OR (
            jsonb_typeof(identity_verified) = 'object'
            AND jsonb_typeof(identity_verified -> 'fields') = 'array'
            AND (identity_verified ->> 'level') IN ('1', '2')
          )
        )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier DROP COLUMN identity_verified`);
    await q.query(`ALTER TABLE procedure DROP COLUMN online_identity_level`);
  }
}

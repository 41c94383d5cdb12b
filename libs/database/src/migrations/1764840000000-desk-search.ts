import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk finds a dossier by its code, the applicant's name (without diacritics: "nguyen van an" finds
 * "Nguyễn Văn An") or the applicant's CCCD number. Trigram indexes serve the partial matches on code and name, a
 * btree the exact CCCD number. `unaccent()` is only STABLE, so the name goes through an IMMUTABLE wrapper that
 * names its dictionary (the documented way to index it).
 */
export class DeskSearch1764840000000 implements MigrationInterface {
  name = 'DeskSearch1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`
      CREATE FUNCTION dossier_search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`);
    await q.query(`
      CREATE INDEX dossier_applicant_name_trgm_idx ON dossier
        USING gin (dossier_search_fold(applicant->>'fullName') gin_trgm_ops)`);
    await q.query(`CREATE INDEX dossier_code_trgm_idx ON dossier USING gin (code gin_trgm_ops) WHERE code IS NOT NULL`);
    await q.query(`CREATE INDEX dossier_applicant_id_number_idx ON dossier ((applicant->>'idNumber'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dossier_applicant_id_number_idx`);
    await q.query(`DROP INDEX dossier_code_trgm_idx`);
    await q.query(`DROP INDEX dossier_applicant_name_trgm_idx`);
    await q.query(`DROP FUNCTION dossier_search_fold(text)`);
  }
}

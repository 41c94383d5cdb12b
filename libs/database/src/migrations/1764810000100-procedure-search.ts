import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogue search that ignores diacritics and ranks by relevance, in PostgreSQL: `procedure.search_text` is the
 * code, name and field folded to lower case without accents (`unaccent`, "hôn nhân" → "hon nhan", "đ" → "d"), with
 * a trigram index (`pg_trgm`) that serves both substring matches and word similarity. `unaccent()` is only STABLE (it
 * reads its dictionary), so a generated column needs an IMMUTABLE wrapper naming the dictionary explicitly.
 */
export class ProcedureSearch1764810000100 implements MigrationInterface {
  name = 'ProcedureSearch1764810000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
    await q.query(`
      CREATE FUNCTION procedure_search_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`);
    await q.query(
      `ALTER TABLE procedure ADD COLUMN search_text text
         GENERATED ALWAYS AS (procedure_search_fold(code || ' ' || name || ' ' || field)) STORED`,
    );
    await q.query(
      `CREATE INDEX procedure_search_text_trgm_idx ON procedure USING gin (search_text public.gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX procedure_search_text_trgm_idx`);
    await q.query(`ALTER TABLE procedure DROP COLUMN search_text`);
    await q.query(`DROP FUNCTION procedure_search_fold(text)`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A citizen names their drafts (`dossier.title`) and may delete a draft that was never submitted. A draft is the
 * citizen's private working copy, not yet an administrative record: deleting it removes its row, its files and its
 * one "create" trail entry. The audit trail stays append-only for every dossier that was ever submitted, and for
 * every other change than the deletion of a never-submitted citizen draft.
 */
export class DossierDraftTitle1764830000000 implements MigrationInterface {
  name = 'DossierDraftTitle1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier ADD COLUMN title varchar(120)`);
    await q.query(
      `ALTER TABLE dossier ADD CONSTRAINT dossier_title_ck CHECK (title IS NULL OR length(btrim(title)) BETWEEN 1 AND 120)`,
    );
    await q.query(`
      CREATE FUNCTION dossier_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (
             SELECT 1 FROM dossier d
              WHERE d.id = OLD.dossier_id AND d.status = 'draft' AND d.submitted_at IS NULL
                AND d.owner_subject IS NOT NULL) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TRIGGER dossier_event_append_only ON dossier_event`);
    await q.query(`
      CREATE TRIGGER dossier_event_append_only BEFORE UPDATE OR DELETE ON dossier_event
        FOR EACH ROW EXECUTE FUNCTION dossier_event_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER dossier_event_append_only ON dossier_event`);
    await q.query(`
      CREATE TRIGGER dossier_event_append_only BEFORE UPDATE OR DELETE ON dossier_event
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change()`);
    await q.query(`DROP FUNCTION dossier_event_guard()`);
    await q.query(`ALTER TABLE dossier DROP CONSTRAINT dossier_title_ck`);
    await q.query(`ALTER TABLE dossier DROP COLUMN title`);
  }
}

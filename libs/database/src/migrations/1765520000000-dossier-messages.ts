import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages about a dossier reach staff too (owned by @app/messages): `citizen_message` becomes `dossier_message`, with
 * an audience — the applicant (e-mail, SMS, the in-portal list) or an officer (e-mail when a dossier is assigned to
 * them, near its deadline or past it, beside the in-app notification). Each citizen also chooses when to get SMS:
 * only when no e-mail goes out (the default), always, or never — notices the rules require still go out by SMS when
 * there is no e-mail to carry them.
 */
export class DossierMessages1765520000000 implements MigrationInterface {
  name = 'DossierMessages1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citizen_message RENAME TO dossier_message`);
    for (const suffix of ['pk', 'once_uq', 'dossier_fk', 'channel_ck', 'locale_ck', 'status_ck', 'recipient_ck']) {
      await q.query(
        `ALTER TABLE dossier_message RENAME CONSTRAINT citizen_message_${suffix} TO dossier_message_${suffix}`,
      );
    }
    for (const suffix of ['lease_ck', 'read_ck']) {
      await q.query(
        `ALTER TABLE dossier_message RENAME CONSTRAINT citizen_message_${suffix} TO dossier_message_${suffix}`,
      );
    }
    for (const suffix of ['due_idx', 'dossier_idx', 'inapp_idx']) {
      await q.query(`ALTER INDEX citizen_message_${suffix} RENAME TO dossier_message_${suffix}`);
    }
    await q.query(`
      ALTER TABLE dossier_message
        ADD COLUMN audience varchar(8) NOT NULL DEFAULT 'citizen',
        ADD CONSTRAINT dossier_message_audience_ck CHECK (audience IN ('citizen', 'staff')),
        ADD CONSTRAINT dossier_message_staff_channel_ck CHECK (audience = 'citizen' OR channel = 'email')`);
    await q.query(`
      ALTER TABLE citizen_message_preference
        ADD COLUMN sms varchar(8) NOT NULL DEFAULT 'fallback',
        ADD CONSTRAINT citizen_message_preference_sms_ck CHECK (sms IN ('fallback', 'always', 'never'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE citizen_message_preference DROP CONSTRAINT citizen_message_preference_sms_ck, DROP COLUMN sms`,
    );
    await q.query(`DELETE FROM dossier_message WHERE audience = 'staff'`);
    await q.query(`
      ALTER TABLE dossier_message
        DROP CONSTRAINT dossier_message_staff_channel_ck,
        DROP CONSTRAINT dossier_message_audience_ck,
        DROP COLUMN audience`);
    for (const suffix of ['due_idx', 'dossier_idx', 'inapp_idx']) {
      await q.query(`ALTER INDEX dossier_message_${suffix} RENAME TO citizen_message_${suffix}`);
    }
    for (const suffix of ['pk', 'once_uq', 'dossier_fk', 'channel_ck', 'locale_ck', 'status_ck', 'recipient_ck']) {
      await q.query(
        `ALTER TABLE dossier_message RENAME CONSTRAINT dossier_message_${suffix} TO citizen_message_${suffix}`,
      );
    }
    for (const suffix of ['lease_ck', 'read_ck']) {
      await q.query(
        `ALTER TABLE dossier_message RENAME CONSTRAINT dossier_message_${suffix} TO citizen_message_${suffix}`,
      );
    }
    await q.query(`ALTER TABLE dossier_message RENAME TO citizen_message`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages to citizens also in the portal (owned by @app/messages): an `inapp` row per message for the account that
 * owns the dossier (recipient: its subject), listed on the citizen's own page and marked read there; and each
 * citizen's choices — whether to get e-mail, and in which language — with notices the rules require sent whatever
 * the choice.
 */
export class CitizenMessageInapp1765510000000 implements MigrationInterface {
  name = 'CitizenMessageInapp1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE citizen_message
        DROP CONSTRAINT citizen_message_channel_ck,
        ADD CONSTRAINT citizen_message_channel_ck CHECK (channel IN ('email', 'sms', 'inapp')),
        ADD COLUMN read_at timestamptz,
        ADD CONSTRAINT citizen_message_read_ck CHECK (read_at IS NULL OR channel = 'inapp')`);
    await q.query(
      `CREATE INDEX citizen_message_inapp_idx ON citizen_message (recipient, created_at DESC) WHERE channel = 'inapp'`,
    );
    await q.query(`
      CREATE TABLE citizen_message_preference (
        subject varchar(255) NOT NULL,
        email boolean NOT NULL DEFAULT true,
        locale varchar(2) NOT NULL DEFAULT 'vi',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT citizen_message_preference_pk PRIMARY KEY (subject),
        CONSTRAINT citizen_message_preference_locale_ck CHECK (locale IN ('vi', 'en'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE citizen_message_preference`);
    await q.query(`DROP INDEX citizen_message_inapp_idx`);
    await q.query(`DELETE FROM citizen_message WHERE channel = 'inapp'`);
    await q.query(`
      ALTER TABLE citizen_message
        DROP CONSTRAINT citizen_message_read_ck, DROP COLUMN read_at,
        DROP CONSTRAINT citizen_message_channel_ck,
        ADD CONSTRAINT citizen_message_channel_ck CHECK (channel IN ('email', 'sms'))`);
  }
}

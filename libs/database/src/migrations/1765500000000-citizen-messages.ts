import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the citizen is told, by which channel (owned by @app/messages). The worker plans one row per (outbox event,
 * kind, channel, recipient) while it handles the event — a redelivered or replayed event finds the row there and adds
 * nothing — with the facts the message needs as they were then; a sender claims due rows with a lease committed before
 * it talks to the provider, and records the outcome: sent (with the provider's message id), failed with the provider's
 * reason and the time of the next attempt, or given up. Nothing is sent inside a request.
 */
export class CitizenMessages1765500000000 implements MigrationInterface {
  name = 'CitizenMessages1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE citizen_message (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        dossier_id uuid NOT NULL,
        kind varchar(40) NOT NULL,
        channel varchar(8) NOT NULL,
        recipient text NOT NULL,
        locale varchar(2) NOT NULL DEFAULT 'vi',
        data jsonb NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_error text,
        provider_message_id text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT citizen_message_pk PRIMARY KEY (id),
        CONSTRAINT citizen_message_once_uq UNIQUE (event_id, kind, channel, recipient),
        CONSTRAINT citizen_message_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE,
        CONSTRAINT citizen_message_channel_ck CHECK (channel IN ('email', 'sms')),
        CONSTRAINT citizen_message_locale_ck CHECK (locale IN ('vi', 'en')),
        CONSTRAINT citizen_message_status_ck CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'given_up')),
        CONSTRAINT citizen_message_recipient_ck CHECK (btrim(recipient) <> ''),
        CONSTRAINT citizen_message_lease_ck CHECK (status <> 'sending' OR lease_until IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX citizen_message_due_idx ON citizen_message (next_attempt_at)
        WHERE status IN ('queued', 'failed', 'sending')`,
    );
    await q.query(`CREATE INDEX citizen_message_dossier_idx ON citizen_message (dossier_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE citizen_message`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = [
  'draft',
  'submitted',
  'received',
  'refused',
  'supplement_requested',
  'in_process',
  'awaiting_agency',
  'awaiting_financial_obligation',
  'awaiting_approval',
  'result_ready',
  'returned',
  'stopped',
  'withdrawn',
]
  .map((s) => `'${s}'`)
  .join(', ');

/**
 * Dossiers, their per-agency daily code sequence, the append-only audit trail and appointment changes, uploaded
 * files, and the transactional outbox the routing worker relays.
 */
export class Dossiers1764300000000 implements MigrationInterface {
  name = 'Dossiers1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION forbid_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`
      CREATE TABLE dossier (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(48),
        status varchar(40) NOT NULL,
        resume_status varchar(40),
        channel smallint NOT NULL,
        agency_id uuid NOT NULL,
        procedure_version_id uuid NOT NULL,
        owner_subject varchar(255),
        applicant jsonb NOT NULL,
        form_data jsonb NOT NULL DEFAULT '{}',
        assignee_subject varchar(255),
        lookup_key varchar(16) NOT NULL,
        submitted_at timestamptz,
        received_at timestamptz,
        counting_started_on date,
        due_at timestamptz,
        paused_at timestamptz,
        result_ready_at timestamptz,
        returned_at timestamptz,
        return_channel smallint,
        closed_at timestamptz,
        row_version integer NOT NULL DEFAULT 1,
        created_by_subject varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dossier_pk PRIMARY KEY (id),
        CONSTRAINT dossier_code_uq UNIQUE (code),
        CONSTRAINT dossier_status_ck CHECK (status IN (${STATUSES})),
        CONSTRAINT dossier_resume_status_ck CHECK (resume_status IS NULL OR resume_status IN ('submitted', 'in_process')),
        CONSTRAINT dossier_supplement_has_resume_ck CHECK (status <> 'supplement_requested' OR resume_status IS NOT NULL),
        CONSTRAINT dossier_channel_ck CHECK (channel IN (1, 2, 3)),
        CONSTRAINT dossier_return_channel_ck CHECK (return_channel IS NULL OR return_channel IN (1, 2, 3)),
        CONSTRAINT dossier_submitted_at_ck CHECK (status = 'draft' OR submitted_at IS NOT NULL),
        CONSTRAINT dossier_received_has_code_ck CHECK (received_at IS NULL OR code IS NOT NULL),
        CONSTRAINT dossier_lookup_key_ck CHECK (lookup_key ~ '^[A-Z0-9]{6,16}$'),
        CONSTRAINT dossier_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT,
        CONSTRAINT dossier_procedure_version_fk FOREIGN KEY (procedure_version_id)
          REFERENCES procedure_version (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX dossier_agency_status_idx ON dossier (agency_id, status, updated_at DESC)`);
    await q.query(
      `CREATE INDEX dossier_owner_idx ON dossier (owner_subject, created_at DESC) WHERE owner_subject IS NOT NULL`,
    );
    await q.query(`CREATE INDEX dossier_assignee_idx ON dossier (assignee_subject) WHERE assignee_subject IS NOT NULL`);
    await q.query(
      `CREATE INDEX dossier_open_due_idx ON dossier (due_at) WHERE closed_at IS NULL AND due_at IS NOT NULL AND paused_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE dossier_sequence (
        agency_id uuid NOT NULL,
        day date NOT NULL,
        last_value integer NOT NULL,
        CONSTRAINT dossier_sequence_pk PRIMARY KEY (agency_id, day),
        CONSTRAINT dossier_sequence_range_ck CHECK (last_value BETWEEN 1 AND 9999),
        CONSTRAINT dossier_sequence_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE dossier_event (
        id bigint GENERATED ALWAYS AS IDENTITY,
        dossier_id uuid NOT NULL,
        action varchar(48) NOT NULL,
        from_status varchar(40),
        to_status varchar(40) NOT NULL,
        actor_subject varchar(255),
        actor_username varchar(255),
        actor_name text,
        actor_role varchar(32),
        actor_agency varchar(32),
        reason text,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dossier_event_pk PRIMARY KEY (id),
        CONSTRAINT dossier_event_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX dossier_event_dossier_idx ON dossier_event (dossier_id, id)`);
    await q.query(`
      CREATE TRIGGER dossier_event_append_only BEFORE UPDATE OR DELETE ON dossier_event
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change()`);

    await q.query(`
      CREATE TABLE appointment_change (
        id bigint GENERATED ALWAYS AS IDENTITY,
        dossier_id uuid NOT NULL,
        kind varchar(32) NOT NULL,
        old_due_at timestamptz,
        new_due_at timestamptz NOT NULL,
        reason text NOT NULL,
        actor_subject varchar(255),
        actor_name text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT appointment_change_pk PRIMARY KEY (id),
        CONSTRAINT appointment_change_kind_ck CHECK (kind IN ('reception', 'supplement_pause', 'supplement_restart', 'apology', 'correction')),
        CONSTRAINT appointment_change_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX appointment_change_dossier_idx ON appointment_change (dossier_id, id)`);
    await q.query(`
      CREATE TRIGGER appointment_change_append_only BEFORE UPDATE OR DELETE ON appointment_change
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change()`);

    await q.query(`
      CREATE TABLE dossier_file (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL,
        purpose varchar(16) NOT NULL,
        document_code varchar(64),
        file_name varchar(255) NOT NULL,
        media_type varchar(127) NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        uploaded_by_subject varchar(255) NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dossier_file_pk PRIMARY KEY (id),
        CONSTRAINT dossier_file_purpose_ck CHECK (purpose IN ('application', 'supplement', 'result')),
        CONSTRAINT dossier_file_size_ck CHECK (size_bytes > 0),
        CONSTRAINT dossier_file_sha256_ck CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT dossier_file_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX dossier_file_dossier_idx ON dossier_file (dossier_id)`);
    await q.query(`CREATE INDEX dossier_file_sha256_idx ON dossier_file (sha256)`);

    await q.query(`
      CREATE TABLE outbox_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        aggregate_type varchar(32) NOT NULL,
        aggregate_id uuid NOT NULL,
        event_type varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        correlation_id varchar(128),
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        CONSTRAINT outbox_event_pk PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX outbox_event_pending_idx ON outbox_event (created_at) WHERE relayed_at IS NULL`);
    await q.query(`
      CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_event', NEW.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
        FOR EACH ROW EXECUTE FUNCTION outbox_event_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_event`);
    await q.query(`DROP FUNCTION outbox_event_notify()`);
    await q.query(`DROP TABLE dossier_file`);
    await q.query(`DROP TABLE appointment_change`);
    await q.query(`DROP TABLE dossier_event`);
    await q.query(`DROP TABLE dossier_sequence`);
    await q.query(`DROP TABLE dossier`);
    await q.query(`DROP FUNCTION forbid_row_change()`);
  }
}

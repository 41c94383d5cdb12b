import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Liên thông: routes of agency steps per procedure, the cases forwarded to agencies, how each agency (and the
 * national portal) receives messages, the deliveries and their attempts, the append-only exchange log with its hash
 * chain, inbound idempotency, deadline flags and notifications.
 */
export class LienThong1764500000000 implements MigrationInterface {
  name = 'LienThong1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE route_step (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        procedure_id uuid NOT NULL,
        stage smallint NOT NULL,
        step_code varchar(48) NOT NULL,
        name text NOT NULL,
        agency_id uuid NOT NULL,
        budget_unit varchar(16) NOT NULL DEFAULT 'working_days',
        budget_amount integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT route_step_pk PRIMARY KEY (id),
        CONSTRAINT route_step_code_uq UNIQUE (procedure_id, step_code),
        CONSTRAINT route_step_stage_ck CHECK (stage BETWEEN 1 AND 20),
        CONSTRAINT route_step_code_ck CHECK (step_code ~ '^[a-z][a-z0-9-]{1,47}$'),
        CONSTRAINT route_step_name_ck CHECK (btrim(name) <> ''),
        CONSTRAINT route_step_budget_unit_ck CHECK (budget_unit IN ('working_days', 'working_hours')),
        CONSTRAINT route_step_budget_ck CHECK (budget_amount BETWEEN 1 AND 365),
        CONSTRAINT route_step_procedure_fk FOREIGN KEY (procedure_id) REFERENCES procedure (id) ON DELETE CASCADE,
        CONSTRAINT route_step_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE delivery_target (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL,
        kind varchar(16) NOT NULL,
        agency_id uuid,
        mode varchar(8) NOT NULL,
        url text,
        secret text,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        timeout_ms integer NOT NULL DEFAULT 10000,
        active boolean NOT NULL DEFAULT true,
        consecutive_failures integer NOT NULL DEFAULT 0,
        circuit_open_until timestamptz,
        circuit_opened_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT delivery_target_pk PRIMARY KEY (id),
        CONSTRAINT delivery_target_code_uq UNIQUE (code),
        CONSTRAINT delivery_target_agency_uq UNIQUE (agency_id),
        CONSTRAINT delivery_target_kind_ck CHECK (kind IN ('agency', 'national_portal')),
        CONSTRAINT delivery_target_agency_ck CHECK ((kind = 'agency') = (agency_id IS NOT NULL)),
        CONSTRAINT delivery_target_mode_ck CHECK (mode IN ('push', 'pull', 'inbox')),
        CONSTRAINT delivery_target_national_push_ck CHECK (kind = 'agency' OR mode = 'push'),
        CONSTRAINT delivery_target_push_ck CHECK (NOT active OR mode <> 'push' OR (url IS NOT NULL AND secret IS NOT NULL)),
        CONSTRAINT delivery_target_secret_ck CHECK (secret IS NULL OR secret ~ '^whsec_[A-Za-z0-9+/=]{24,}$'),
        CONSTRAINT delivery_target_previous_secret_ck
          CHECK (previous_secret IS NULL OR previous_secret ~ '^whsec_[A-Za-z0-9+/=]{24,}$'),
        CONSTRAINT delivery_target_timeout_ck CHECK (timeout_ms BETWEEN 100 AND 120000),
        CONSTRAINT delivery_target_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE agency_case (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL,
        round smallint NOT NULL DEFAULT 1,
        stage smallint NOT NULL,
        step_code varchar(48) NOT NULL,
        step_name text NOT NULL,
        agency_id uuid NOT NULL,
        status varchar(24) NOT NULL,
        sub_status varchar(32),
        sub_status_note text,
        budget_unit varchar(16) NOT NULL,
        budget_amount integer NOT NULL,
        opened_at timestamptz,
        due_at timestamptz,
        fetched_at timestamptz,
        acknowledged_at timestamptz,
        completed_at timestamptz,
        result jsonb,
        return_reason text,
        near_due_notified_at timestamptz,
        overdue_flagged_at timestamptz,
        row_version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agency_case_pk PRIMARY KEY (id),
        CONSTRAINT agency_case_step_uq UNIQUE (dossier_id, round, step_code),
        CONSTRAINT agency_case_status_ck CHECK (status IN
          ('waiting', 'new', 'acknowledged', 'in_progress', 'needs_supplement', 'done', 'returned', 'cancelled')),
        CONSTRAINT agency_case_opened_ck CHECK ((status = 'waiting') = (opened_at IS NULL)),
        CONSTRAINT agency_case_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE RESTRICT,
        CONSTRAINT agency_case_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX agency_case_agency_idx ON agency_case (agency_id, status, opened_at)`);
    await q.query(`CREATE INDEX agency_case_dossier_idx ON agency_case (dossier_id, round, stage)`);
    await q.query(`
      CREATE INDEX agency_case_due_idx ON agency_case (due_at)
        WHERE status IN ('new', 'acknowledged', 'in_progress', 'needs_supplement')`);

    await q.query(`
      CREATE TABLE agency_sub_status (
        agency_kind varchar(32) NOT NULL,
        code varchar(32) NOT NULL,
        label text NOT NULL,
        case_status varchar(24) NOT NULL,
        CONSTRAINT agency_sub_status_pk PRIMARY KEY (agency_kind, code),
        CONSTRAINT agency_sub_status_case_ck CHECK (case_status IN ('acknowledged', 'in_progress', 'needs_supplement'))
      )`);

    await q.query(`
      CREATE TABLE delivery (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        target_id uuid NOT NULL,
        source_key varchar(160) NOT NULL,
        dossier_id uuid,
        agency_case_id uuid,
        event_type varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_status_code smallint,
        last_error text,
        delivered_at timestamptz,
        dead_at timestamptz,
        replay_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT delivery_pk PRIMARY KEY (id),
        CONSTRAINT delivery_source_uq UNIQUE (target_id, source_key),
        CONSTRAINT delivery_status_ck CHECK (status IN ('pending', 'delivered', 'dead')),
        CONSTRAINT delivery_target_fk FOREIGN KEY (target_id) REFERENCES delivery_target (id) ON DELETE RESTRICT,
        CONSTRAINT delivery_case_fk FOREIGN KEY (agency_case_id) REFERENCES agency_case (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX delivery_target_status_idx ON delivery (target_id, status, created_at)`);
    await q.query(`CREATE INDEX delivery_dossier_idx ON delivery (dossier_id, created_at)`);

    await q.query(`
      CREATE TABLE delivery_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY,
        delivery_id uuid NOT NULL,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code smallint,
        error text,
        outcome varchar(16) NOT NULL,
        CONSTRAINT delivery_attempt_pk PRIMARY KEY (id),
        CONSTRAINT delivery_attempt_outcome_ck CHECK (outcome IN ('delivered', 'retry', 'dead')),
        CONSTRAINT delivery_attempt_delivery_fk FOREIGN KEY (delivery_id) REFERENCES delivery (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX delivery_attempt_delivery_idx ON delivery_attempt (delivery_id, id)`);

    await q.query(`
      CREATE TABLE exchange_log (
        id bigint GENERATED ALWAYS AS IDENTITY,
        dossier_id uuid NOT NULL,
        agency_case_id uuid,
        direction varchar(3) NOT NULL,
        counterparty varchar(64) NOT NULL,
        message_type varchar(48) NOT NULL,
        message_id varchar(160) NOT NULL,
        body text NOT NULL,
        signature text,
        recorded_at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT exchange_log_pk PRIMARY KEY (id),
        CONSTRAINT exchange_log_direction_ck CHECK (direction IN ('out', 'in')),
        CONSTRAINT exchange_log_chain_uq UNIQUE (dossier_id, prev_hash),
        CONSTRAINT exchange_log_hash_uq UNIQUE (hash)
      )`);
    await q.query(`CREATE INDEX exchange_log_dossier_idx ON exchange_log (dossier_id, id)`);
    await q.query(`CREATE INDEX exchange_log_recorded_idx ON exchange_log (recorded_at)`);
    await q.query(`
      CREATE TRIGGER exchange_log_append_only BEFORE UPDATE OR DELETE ON exchange_log
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change()`);

    await q.query(`
      CREATE TABLE idempotency_record (
        scope varchar(160) NOT NULL,
        idempotency_key varchar(128) NOT NULL,
        request_hash char(64) NOT NULL,
        status_code smallint NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_record_pk PRIMARY KEY (scope, idempotency_key)
      )`);

    await q.query(`
      CREATE TABLE notification (
        id bigint GENERATED ALWAYS AS IDENTITY,
        agency_id uuid NOT NULL,
        recipient_role varchar(32),
        recipient_subject varchar(255),
        dossier_id uuid,
        agency_case_id uuid,
        kind varchar(32) NOT NULL,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT notification_pk PRIMARY KEY (id),
        CONSTRAINT notification_recipient_ck CHECK (recipient_role IS NOT NULL OR recipient_subject IS NOT NULL),
        CONSTRAINT notification_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX notification_agency_idx ON notification (agency_id, recipient_role, created_at)`);

    await q.query(`ALTER TABLE dossier ADD COLUMN near_due_notified_at timestamptz`);
    await q.query(`ALTER TABLE dossier ADD COLUMN overdue_flagged_at timestamptz`);
    await q.query(`
      CREATE INDEX dossier_deadline_scan_idx ON dossier (due_at)
        WHERE closed_at IS NULL AND due_at IS NOT NULL AND paused_at IS NULL AND result_ready_at IS NULL`);

    await q.query(`ALTER TABLE outbox_event ADD COLUMN handled_at timestamptz`);
    await q.query(`CREATE INDEX outbox_event_unhandled_idx ON outbox_event (relayed_at) WHERE handled_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_event_unhandled_idx`);
    await q.query(`ALTER TABLE outbox_event DROP COLUMN handled_at`);
    await q.query(`DROP INDEX dossier_deadline_scan_idx`);
    await q.query(`ALTER TABLE dossier DROP COLUMN overdue_flagged_at`);
    await q.query(`ALTER TABLE dossier DROP COLUMN near_due_notified_at`);
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE idempotency_record`);
    await q.query(`DROP TABLE exchange_log`);
    await q.query(`DROP TABLE delivery_attempt`);
    await q.query(`DROP TABLE delivery`);
    await q.query(`DROP TABLE agency_sub_status`);
    await q.query(`DROP TABLE agency_case`);
    await q.query(`DROP TABLE delivery_target`);
    await q.query(`DROP TABLE route_step`);
  }
}

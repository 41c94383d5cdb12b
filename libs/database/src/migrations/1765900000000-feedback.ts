import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Phản ánh hiện trường — street reports (owned by @app/feedback). Categories with their default unit and response
 * limit; reports with their public number (PA-<year>-<seq>, from a counter per year), location, reporter (never
 * shown publicly) and where they are in their life; photos as uploaded (staff only) and their metadata-free public
 * copies; an append-only trail; the reporter's rating. Photos live in the database, not on disk: a report and its
 * photos commit together or not at all, backups carry both, and a ward's volume (a few thousand photos a year,
 * public copies ≤ 2048 px) is small for PostgreSQL.
 */
export class Feedback1765900000000 implements MigrationInterface {
  name = 'Feedback1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback_category (
        code varchar(40) NOT NULL,
        name_vi text NOT NULL,
        name_en text NOT NULL,
        description_vi text NOT NULL DEFAULT '',
        description_en text NOT NULL DEFAULT '',
        group_vi text NOT NULL,
        group_en text NOT NULL,
        default_agency_id uuid NOT NULL,
        limit_value numeric(6,2) NOT NULL,
        limit_unit varchar(16) NOT NULL,
        urgent boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        attributes jsonb NOT NULL DEFAULT '[]',
        sort integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feedback_category_pk PRIMARY KEY (code),
        CONSTRAINT feedback_category_code_ck CHECK (code ~ '^[a-z0-9_]{2,40}$'),
        CONSTRAINT feedback_category_agency_fk FOREIGN KEY (default_agency_id) REFERENCES agency (id),
        CONSTRAINT feedback_category_limit_ck CHECK (
          limit_value > 0 AND limit_unit IN ('working_hours', 'working_days'))
      )`);
    await q.query(`
      CREATE TABLE feedback_report_counter (
        year integer NOT NULL,
        last integer NOT NULL,
        CONSTRAINT feedback_report_counter_pk PRIMARY KEY (year)
      )`);
    await q.query(`
      CREATE TABLE feedback_report (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        number varchar(20) NOT NULL,
        category_code varchar(40) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'new',
        description text NOT NULL,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        address text,
        channel varchar(8) NOT NULL,
        reporter_subject varchar(255),
        reporter_name text,
        reporter_phone varchar(20),
        reporter_email text,
        anonymous boolean NOT NULL DEFAULT false,
        follow_token_hash char(64),
        client_id uuid,
        device_id text,
        attributes jsonb NOT NULL DEFAULT '{}',
        agency_id uuid,
        merged_into uuid,
        reject_reason varchar(16),
        status_note text,
        answer text,
        published boolean NOT NULL DEFAULT false,
        urgent boolean NOT NULL DEFAULT false,
        received_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        assigned_at timestamptz,
        due_at timestamptz,
        resolved_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        reopen_count integer NOT NULL DEFAULT 0,
        deadline_state varchar(8),
        CONSTRAINT feedback_report_pk PRIMARY KEY (id),
        CONSTRAINT feedback_report_number_uq UNIQUE (number),
        CONSTRAINT feedback_report_category_fk FOREIGN KEY (category_code) REFERENCES feedback_category (code),
        CONSTRAINT feedback_report_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id),
        CONSTRAINT feedback_report_merged_fk FOREIGN KEY (merged_into) REFERENCES feedback_report (id),
        CONSTRAINT feedback_report_status_ck CHECK (status IN ('new', 'accepted', 'assigned', 'acknowledged',
          'in_progress', 'info_requested', 'resolved', 'rejected', 'merged', 'transferred')),
        CONSTRAINT feedback_report_channel_ck CHECK (channel IN ('web', 'open311')),
        CONSTRAINT feedback_report_location_ck CHECK (lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180),
        CONSTRAINT feedback_report_description_ck CHECK (length(btrim(description)) BETWEEN 10 AND 4000),
        CONSTRAINT feedback_report_reporter_ck CHECK (reporter_subject IS NOT NULL OR reporter_phone IS NOT NULL
          OR client_id IS NOT NULL),
        CONSTRAINT feedback_report_merged_ck CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
        CONSTRAINT feedback_report_assigned_ck CHECK (status NOT IN ('assigned', 'acknowledged', 'in_progress',
          'info_requested') OR agency_id IS NOT NULL),
        CONSTRAINT feedback_report_reopen_ck CHECK (reopen_count BETWEEN 0 AND 1),
        CONSTRAINT feedback_report_deadline_ck CHECK (deadline_state IS NULL OR deadline_state IN ('near_due', 'overdue'))
      )`);
    await q.query(`CREATE INDEX feedback_report_status_idx ON feedback_report (status, received_at)`);
    await q.query(`CREATE INDEX feedback_report_agency_idx ON feedback_report (agency_id, status)`);
    await q.query(`CREATE INDEX feedback_report_reporter_idx ON feedback_report (reporter_subject, received_at DESC)`);
    // Duplicate proposals: same category, recent, within a bounding box of a few hundred metres.
    await q.query(`CREATE INDEX feedback_report_near_idx ON feedback_report (category_code, lat, lng)`);
    await q.query(`CREATE INDEX feedback_report_published_idx ON feedback_report (updated_at DESC) WHERE published`);
    await q.query(
      `CREATE INDEX feedback_report_due_idx ON feedback_report (due_at)
        WHERE status IN ('assigned', 'acknowledged', 'in_progress', 'info_requested')`,
    );
    await q.query(`
      CREATE TABLE feedback_photo_content (
        sha256 char(64) NOT NULL,
        content_type varchar(32) NOT NULL,
        bytes bytea NOT NULL,
        CONSTRAINT feedback_photo_content_pk PRIMARY KEY (sha256)
      )`);
    await q.query(`
      CREATE TABLE feedback_photo (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL,
        kind varchar(8) NOT NULL,
        seq integer NOT NULL,
        original_sha256 char(64) NOT NULL,
        public_sha256 char(64) NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        exif_lat double precision,
        exif_lng double precision,
        taken_at timestamptz,
        blurred boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feedback_photo_pk PRIMARY KEY (id),
        CONSTRAINT feedback_photo_report_fk FOREIGN KEY (report_id) REFERENCES feedback_report (id),
        CONSTRAINT feedback_photo_original_fk FOREIGN KEY (original_sha256) REFERENCES feedback_photo_content (sha256),
        CONSTRAINT feedback_photo_public_fk FOREIGN KEY (public_sha256) REFERENCES feedback_photo_content (sha256),
        CONSTRAINT feedback_photo_kind_ck CHECK (kind IN ('report', 'answer')),
        CONSTRAINT feedback_photo_seq_uq UNIQUE (report_id, kind, seq)
      )`);
    await q.query(`
      CREATE TABLE feedback_event (
        id bigint GENERATED ALWAYS AS IDENTITY,
        report_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        action varchar(24) NOT NULL,
        from_status varchar(16),
        to_status varchar(16) NOT NULL,
        actor_subject varchar(255),
        actor_name text,
        actor_role varchar(32),
        note text,
        CONSTRAINT feedback_event_pk PRIMARY KEY (id),
        CONSTRAINT feedback_event_report_fk FOREIGN KEY (report_id) REFERENCES feedback_report (id)
      )`);
    await q.query(`CREATE INDEX feedback_event_report_idx ON feedback_event (report_id, id)`);
    await q.query(`
      CREATE TABLE feedback_rating (
        report_id uuid NOT NULL,
        round integer NOT NULL,
        level varchar(16) NOT NULL,
        comment text,
        rated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feedback_rating_pk PRIMARY KEY (report_id, round),
        CONSTRAINT feedback_rating_report_fk FOREIGN KEY (report_id) REFERENCES feedback_report (id),
        CONSTRAINT feedback_rating_level_ck CHECK (level IN ('very_satisfied', 'satisfied', 'unsatisfied'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'feedback_rating',
      'feedback_event',
      'feedback_photo',
      'feedback_photo_content',
      'feedback_report',
      'feedback_report_counter',
      'feedback_category',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

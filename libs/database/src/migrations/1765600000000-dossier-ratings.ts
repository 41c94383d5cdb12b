import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizens' ratings of the handling of a returned dossier (owned by @app/ratings; NĐ 118/2025 Điều 31, 33): one per
 * dossier — the overall level (Rất hài lòng / Hài lòng / Không hài lòng), the level given to each of the Điều 33
 * khoản 1 criteria the citizen chose to answer, an optional comment — with what it is counted by (the receiving
 * agency, the deciding agency, the procedure, the clerk who returned the result, the day) copied in when first given,
 * so indicators never re-derive them from a trail. And the counter tablets paired to a clerk's desk, which let
 * walk-in citizens rate without signing in: a pending pairing holds the hash of a short one-time code, a paired
 * device the hash of the token in its cookie; neither secret is stored.
 */
export class DossierRatings1765600000000 implements MigrationInterface {
  name = 'DossierRatings1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE counter_device (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL,
        clerk_subject varchar(255) NOT NULL,
        clerk_name text NOT NULL,
        label varchar(60) NOT NULL,
        pairing_code_hash char(64),
        pairing_expires_at timestamptz,
        token_hash char(64),
        paired_at timestamptz,
        expires_at timestamptz,
        unpaired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT counter_device_pk PRIMARY KEY (id),
        CONSTRAINT counter_device_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT,
        CONSTRAINT counter_device_label_ck CHECK (length(btrim(label)) BETWEEN 1 AND 60),
        CONSTRAINT counter_device_pairing_ck CHECK ((pairing_code_hash IS NULL) = (pairing_expires_at IS NULL)),
        CONSTRAINT counter_device_token_ck CHECK (
          (token_hash IS NULL AND paired_at IS NULL AND expires_at IS NULL)
          OR (token_hash IS NOT NULL AND paired_at IS NOT NULL AND expires_at IS NOT NULL)),
        CONSTRAINT counter_device_secret_ck CHECK (pairing_code_hash IS NULL OR token_hash IS NULL),
        CONSTRAINT counter_device_hash_ck CHECK (
          (pairing_code_hash IS NULL OR pairing_code_hash ~ '^[0-9a-f]{64}$')
          AND (token_hash IS NULL OR token_hash ~ '^[0-9a-f]{64}$'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX counter_device_token_uq ON counter_device (token_hash) WHERE token_hash IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX counter_device_pairing_uq ON counter_device (pairing_code_hash) WHERE pairing_code_hash IS NOT NULL`,
    );
    await q.query(`CREATE INDEX counter_device_clerk_idx ON counter_device (clerk_subject, created_at DESC)`);

    await q.query(`
      CREATE TABLE dossier_rating (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL,
        level varchar(16) NOT NULL,
        comment text,
        channel varchar(8) NOT NULL,
        counter_device_id uuid,
        rater_subject varchar(255),
        agency_id uuid NOT NULL,
        deciding_agency_id uuid NOT NULL,
        procedure_id uuid NOT NULL,
        clerk_subject varchar(255),
        clerk_name text,
        returned_at timestamptz NOT NULL,
        rated_on date NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        editable_until timestamptz NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        CONSTRAINT dossier_rating_pk PRIMARY KEY (id),
        CONSTRAINT dossier_rating_dossier_uq UNIQUE (dossier_id),
        CONSTRAINT dossier_rating_level_ck CHECK (level IN ('very_satisfied', 'satisfied', 'unsatisfied')),
        CONSTRAINT dossier_rating_channel_ck CHECK (channel IN ('online', 'lookup', 'counter')),
        CONSTRAINT dossier_rating_comment_ck CHECK (comment IS NULL OR char_length(comment) BETWEEN 1 AND 1000),
        CONSTRAINT dossier_rating_counter_ck CHECK ((channel = 'counter') = (counter_device_id IS NOT NULL)),
        CONSTRAINT dossier_rating_window_ck CHECK (editable_until >= created_at AND updated_at >= created_at),
        CONSTRAINT dossier_rating_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE RESTRICT,
        CONSTRAINT dossier_rating_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE RESTRICT,
        CONSTRAINT dossier_rating_deciding_agency_fk FOREIGN KEY (deciding_agency_id)
          REFERENCES agency (id) ON DELETE RESTRICT,
        CONSTRAINT dossier_rating_procedure_fk FOREIGN KEY (procedure_id) REFERENCES procedure (id) ON DELETE RESTRICT,
        CONSTRAINT dossier_rating_device_fk FOREIGN KEY (counter_device_id)
          REFERENCES counter_device (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX dossier_rating_agency_idx ON dossier_rating (agency_id, rated_on)`);
    await q.query(`CREATE INDEX dossier_rating_deciding_idx ON dossier_rating (deciding_agency_id, rated_on)`);
    await q.query(`CREATE INDEX dossier_rating_procedure_idx ON dossier_rating (procedure_id, rated_on)`);
    await q.query(
      `CREATE INDEX dossier_rating_clerk_idx ON dossier_rating (clerk_subject, rated_on) WHERE clerk_subject IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE dossier_rating_criterion (
        rating_id uuid NOT NULL,
        criterion varchar(2) NOT NULL,
        level varchar(16) NOT NULL,
        CONSTRAINT dossier_rating_criterion_pk PRIMARY KEY (rating_id, criterion),
        CONSTRAINT dossier_rating_criterion_ck CHECK (criterion IN ('a', 'b', 'c', 'd', 'dd', 'e', 'g', 'h', 'i')),
        CONSTRAINT dossier_rating_criterion_level_ck CHECK (level IN ('very_satisfied', 'satisfied', 'unsatisfied')),
        CONSTRAINT dossier_rating_criterion_rating_fk FOREIGN KEY (rating_id)
          REFERENCES dossier_rating (id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_rating_criterion`);
    await q.query(`DROP TABLE dossier_rating`);
    await q.query(`DROP TABLE counter_device`);
  }
}

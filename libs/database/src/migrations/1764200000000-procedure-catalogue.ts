import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The procedure catalogue (NĐ 63/2010/NĐ-CP Điều 8): a procedure and its versions by effective date.
 *
 * - Columns the system reasons about are explicit (time limit, channels, online level, inter-agency, supplement
 *   policy, applicant types); the rest of the legal record is jsonb validated by the service.
 * - A published (or retired) version is immutable, enforced by a trigger: the only change allowed is closing its
 *   open effective range once (effective_to NULL → a date) and published → retired.
 * - At most one non-draft version of a procedure is in force on any date: an exclusion constraint over the inclusive
 *   date range (btree_gist). Declarative and safe under concurrency (two transactions publishing at once cannot both
 *   win, which a checking trigger cannot promise without extra locking), and its GiST index serves the
 *   "version effective on date D" lookup.
 */
export class ProcedureCatalogue1764200000000 implements MigrationInterface {
  name = 'ProcedureCatalogue1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE procedure (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL,
        name text NOT NULL,
        field text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT procedure_pk PRIMARY KEY (id),
        CONSTRAINT procedure_code_uq UNIQUE (code),
        CONSTRAINT procedure_code_format_ck CHECK (code ~ '^[0-9A-Z]{1,4}\\.[0-9A-Z-]{3,24}$'),
        CONSTRAINT procedure_name_not_blank_ck CHECK (btrim(name) <> ''),
        CONSTRAINT procedure_field_not_blank_ck CHECK (btrim(field) <> '')
      )`);
    await q.query(`CREATE INDEX procedure_field_idx ON procedure (field)`);
    await q.query(`
      CREATE TABLE procedure_version (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        procedure_id uuid NOT NULL,
        version integer NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'draft',
        effective_from date,
        effective_to date,
        implementing_agency text NOT NULL,
        time_limit_unit varchar(16) NOT NULL,
        time_limit_amount integer NOT NULL,
        time_limit_extended_amount integer,
        time_limit_note text,
        channels smallint[] NOT NULL,
        online_level varchar(16) NOT NULL,
        inter_agency boolean NOT NULL DEFAULT false,
        supplement_policy varchar(16) NOT NULL DEFAULT 'pause',
        applicant_types text[] NOT NULL,
        steps jsonb NOT NULL DEFAULT '[]',
        required_documents jsonb NOT NULL DEFAULT '[]',
        fees jsonb NOT NULL DEFAULT '[]',
        legal_basis jsonb NOT NULL DEFAULT '[]',
        result jsonb NOT NULL DEFAULT '[]',
        conditions jsonb NOT NULL DEFAULT '[]',
        components jsonb NOT NULL DEFAULT '[]',
        form_schema jsonb NOT NULL DEFAULT '{"fields": []}',
        created_by text,
        published_by text,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT procedure_version_pk PRIMARY KEY (id),
        CONSTRAINT procedure_version_procedure_fk FOREIGN KEY (procedure_id) REFERENCES procedure (id) ON DELETE RESTRICT,
        CONSTRAINT procedure_version_number_uq UNIQUE (procedure_id, version),
        CONSTRAINT procedure_version_number_ck CHECK (version > 0),
        CONSTRAINT procedure_version_status_ck CHECK (status IN ('draft', 'published', 'retired')),
        CONSTRAINT procedure_version_published_dated_ck CHECK (
          status = 'draft' OR (effective_from IS NOT NULL AND published_at IS NOT NULL)),
        CONSTRAINT procedure_version_range_ck CHECK (effective_to IS NULL OR effective_to >= effective_from),
        CONSTRAINT procedure_version_time_limit_unit_ck CHECK (time_limit_unit IN ('working_days', 'working_hours')),
        CONSTRAINT procedure_version_time_limit_amount_ck CHECK (time_limit_amount >= 0 AND time_limit_amount <= 365),
        CONSTRAINT procedure_version_time_limit_extended_ck CHECK (
          time_limit_extended_amount IS NULL OR time_limit_extended_amount > time_limit_amount),
        CONSTRAINT procedure_version_channels_ck CHECK (
          cardinality(channels) > 0 AND channels <@ ARRAY[1, 2, 3]::smallint[]),
        CONSTRAINT procedure_version_online_level_ck CHECK (online_level IN ('full', 'partial', 'none')),
        CONSTRAINT procedure_version_online_channel_ck CHECK ((2 = ANY (channels)) = (online_level <> 'none')),
        CONSTRAINT procedure_version_supplement_policy_ck CHECK (supplement_policy IN ('pause', 'restart')),
        CONSTRAINT procedure_version_applicant_types_ck CHECK (
          cardinality(applicant_types) > 0 AND applicant_types <@ ARRAY['individual', 'organization']::text[]),
        CONSTRAINT procedure_version_json_shape_ck CHECK (
          jsonb_typeof(steps) = 'array' AND jsonb_typeof(required_documents) = 'array'
          AND jsonb_typeof(fees) = 'array' AND jsonb_typeof(legal_basis) = 'array'
          AND jsonb_typeof(result) = 'array' AND jsonb_typeof(conditions) = 'array'
          AND jsonb_typeof(components) = 'array' AND jsonb_typeof(form_schema) = 'object'),
        CONSTRAINT procedure_version_effective_overlap_ex EXCLUDE USING gist (
          procedure_id WITH =, daterange(effective_from, effective_to, '[]') WITH &&) WHERE (status <> 'draft')
      )`);
    // One draft at a time per procedure: editors work on the next version together, never on two forks.
    await q.query(
      `CREATE UNIQUE INDEX procedure_version_one_draft_uq ON procedure_version (procedure_id) WHERE status = 'draft'`,
    );
    await q.query(`
      CREATE FUNCTION procedure_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'draft' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'procedure_version_immutable: version % of a procedure is %, it cannot be deleted',
            OLD.version, OLD.status USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (to_jsonb(NEW) - 'effective_to' - 'status' - 'updated_at')
             IS DISTINCT FROM (to_jsonb(OLD) - 'effective_to' - 'status' - 'updated_at')
           OR (OLD.effective_to IS NOT NULL AND NEW.effective_to IS DISTINCT FROM OLD.effective_to)
           OR (NEW.status <> OLD.status AND NOT (OLD.status = 'published' AND NEW.status = 'retired')) THEN
          RAISE EXCEPTION 'procedure_version_immutable: version % of a procedure is %, only closing its range is allowed',
            OLD.version, OLD.status USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER procedure_version_guard_trg BEFORE UPDATE OR DELETE ON procedure_version
      FOR EACH ROW EXECUTE FUNCTION procedure_version_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE procedure_version`);
    await q.query(`DROP FUNCTION procedure_version_guard()`);
    await q.query(`DROP TABLE procedure`);
  }
}

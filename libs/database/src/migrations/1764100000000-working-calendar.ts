import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar: calendars (the national default and per-locality ones), the years each one has data
 * for, the days that depart from the weekly pattern (holidays, make-up and swapped days, Saturdays worked), and the
 * append-only history of administrators' edits.
 */
export class WorkingCalendar1764100000000 implements MigrationInterface {
  name = 'WorkingCalendar1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE work_calendar (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL,
        name text NOT NULL,
        saturday_working boolean NOT NULL DEFAULT false,
        cutoff_time time NOT NULL DEFAULT '15:00',
        morning_start time NOT NULL DEFAULT '07:30',
        morning_end time NOT NULL DEFAULT '11:30',
        afternoon_start time NOT NULL DEFAULT '13:30',
        afternoon_end time NOT NULL DEFAULT '17:00',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT work_calendar_pk PRIMARY KEY (id),
        CONSTRAINT work_calendar_code_uq UNIQUE (code),
        CONSTRAINT work_calendar_code_format_ck CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$'),
        CONSTRAINT work_calendar_name_not_blank_ck CHECK (btrim(name) <> ''),
        CONSTRAINT work_calendar_hours_order_ck
          CHECK (morning_start < morning_end AND morning_end <= afternoon_start AND afternoon_start < afternoon_end),
        CONSTRAINT work_calendar_cutoff_in_day_ck CHECK (cutoff_time > morning_start AND cutoff_time <= afternoon_end)
      )`);
    await q.query(`
      CREATE TABLE calendar_year (
        calendar_id uuid NOT NULL,
        year integer NOT NULL,
        seeded_at timestamptz NOT NULL DEFAULT now(),
        seeded_by varchar(255),
        CONSTRAINT calendar_year_pk PRIMARY KEY (calendar_id, year),
        CONSTRAINT calendar_year_calendar_fk FOREIGN KEY (calendar_id) REFERENCES work_calendar (id) ON DELETE CASCADE,
        CONSTRAINT calendar_year_range_ck CHECK (year BETWEEN 2000 AND 2100)
      )`);
    await q.query(`
      CREATE TABLE calendar_day (
        calendar_id uuid NOT NULL,
        day date NOT NULL,
        year integer GENERATED ALWAYS AS (EXTRACT(YEAR FROM day)::integer) STORED,
        kind varchar(16) NOT NULL,
        name text NOT NULL,
        source varchar(16) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calendar_day_pk PRIMARY KEY (calendar_id, day),
        CONSTRAINT calendar_day_year_fk FOREIGN KEY (calendar_id, year)
          REFERENCES calendar_year (calendar_id, year) ON DELETE CASCADE,
        CONSTRAINT calendar_day_kind_ck CHECK (kind IN ('holiday', 'working_day')),
        CONSTRAINT calendar_day_source_ck CHECK (source IN ('statutory', 'notice', 'admin')),
        CONSTRAINT calendar_day_name_not_blank_ck CHECK (btrim(name) <> ''),
        CONSTRAINT calendar_day_working_day_weekend_ck CHECK (kind = 'holiday' OR EXTRACT(ISODOW FROM day) IN (6, 7))
      )`);
    await q.query(`
      CREATE TABLE calendar_change (
        id bigint GENERATED ALWAYS AS IDENTITY,
        calendar_id uuid NOT NULL,
        day date NOT NULL,
        actor_subject varchar(255) NOT NULL,
        actor_username varchar(255) NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        before jsonb,
        after jsonb,
        reason text NOT NULL,
        CONSTRAINT calendar_change_pk PRIMARY KEY (id),
        CONSTRAINT calendar_change_calendar_fk FOREIGN KEY (calendar_id) REFERENCES work_calendar (id) ON DELETE RESTRICT,
        CONSTRAINT calendar_change_reason_not_blank_ck CHECK (btrim(reason) <> ''),
        CONSTRAINT calendar_change_something_ck CHECK (before IS NOT NULL OR after IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX calendar_change_day_idx ON calendar_change (calendar_id, day)`);
    await q.query(`
      CREATE FUNCTION calendar_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'calendar_change is append-only' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER calendar_change_append_only_trg BEFORE UPDATE OR DELETE ON calendar_change
      FOR EACH ROW EXECUTE FUNCTION calendar_change_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_change`);
    await q.query(`DROP FUNCTION calendar_change_append_only()`);
    await q.query(`DROP TABLE calendar_day`);
    await q.query(`DROP TABLE calendar_year`);
    await q.query(`DROP TABLE work_calendar`);
  }
}

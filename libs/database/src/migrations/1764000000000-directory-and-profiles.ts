import { MigrationInterface, QueryRunner } from 'typeorm';

/** Agency directory (electronic IDs, hierarchy) and the local profile of every Keycloak user who signed in. */
export class DirectoryAndProfiles1764000000000 implements MigrationInterface {
  name = 'DirectoryAndProfiles1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL,
        name text NOT NULL,
        short_name text,
        level varchar(16) NOT NULL,
        kind varchar(32) NOT NULL,
        parent_id uuid,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agency_pk PRIMARY KEY (id),
        CONSTRAINT agency_code_uq UNIQUE (code),
        CONSTRAINT agency_code_format_ck CHECK (code ~ '^[A-Z0-9]{2,4}(\\.[A-Z0-9]{2,4}){2,5}$'),
        CONSTRAINT agency_level_ck CHECK (level IN ('central', 'province', 'district', 'commune')),
        CONSTRAINT agency_kind_ck CHECK (kind IN ('people_committee', 'police', 'social_insurance', 'tax', 'justice', 'other')),
        CONSTRAINT agency_name_not_blank_ck CHECK (btrim(name) <> ''),
        CONSTRAINT agency_parent_fk FOREIGN KEY (parent_id) REFERENCES agency (id) ON DELETE RESTRICT,
        CONSTRAINT agency_parent_not_self_ck CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await q.query(`CREATE INDEX agency_parent_idx ON agency (parent_id)`);
    await q.query(`
      CREATE TABLE user_profile (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        subject varchar(255) NOT NULL,
        username varchar(255) NOT NULL,
        full_name text,
        email text,
        roles text[] NOT NULL DEFAULT '{}',
        agency_id uuid,
        claimed_agency_code varchar(32),
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_profile_pk PRIMARY KEY (id),
        CONSTRAINT user_profile_subject_uq UNIQUE (subject),
        CONSTRAINT user_profile_agency_fk FOREIGN KEY (agency_id) REFERENCES agency (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX user_profile_agency_idx ON user_profile (agency_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_profile`);
    await q.query(`DROP TABLE agency`);
  }
}

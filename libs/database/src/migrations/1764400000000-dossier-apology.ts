import { MigrationInterface, QueryRunner } from 'typeorm';

/** Mẫu 04: a late dossier's apology with a new appointment, drafted by a specialist and decided by a leader. */
export class DossierApology1764400000000 implements MigrationInterface {
  name = 'DossierApology1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossier_apology (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'proposed',
        original_due_at timestamptz NOT NULL,
        proposed_due_at timestamptz NOT NULL,
        reason text NOT NULL,
        proposed_by_subject varchar(255) NOT NULL,
        proposed_by_name text,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        decided_by_subject varchar(255),
        decided_by_name text,
        decided_at timestamptz,
        decision_note text,
        CONSTRAINT dossier_apology_pk PRIMARY KEY (id),
        CONSTRAINT dossier_apology_status_ck CHECK (status IN ('proposed', 'approved', 'rejected')),
        CONSTRAINT dossier_apology_later_ck CHECK (proposed_due_at > original_due_at),
        CONSTRAINT dossier_apology_reason_ck CHECK (btrim(reason) <> ''),
        CONSTRAINT dossier_apology_decided_ck CHECK ((status = 'proposed') = (decided_at IS NULL)),
        CONSTRAINT dossier_apology_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE UNIQUE INDEX dossier_apology_one_open_uq ON dossier_apology (dossier_id) WHERE status = 'proposed'`,
    );
    await q.query(`CREATE INDEX dossier_apology_dossier_idx ON dossier_apology (dossier_id, proposed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_apology`);
  }
}

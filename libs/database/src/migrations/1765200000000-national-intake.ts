import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Online dossiers forwarded by Cổng Dịch vụ công quốc gia (owned by @app/dossiers). Under NĐ 118/2025 an online
 * application is filed on the national portal, which passes it on to the province's system; the row keeps what
 * arrived (the national dossier id, the payload and its digest, so a repeated delivery is recognised and a different
 * one under the same id refused), the fees paid there, and the timers of Điều 17 khoản 2: the desk alerted within
 * hours of arrival, the dossier received or corrections asked for within working hours of filing.
 */
export class NationalIntake1765200000000 implements MigrationInterface {
  name = 'NationalIntake1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossier_national_intake (
        dossier_id uuid NOT NULL,
        national_id varchar(48) NOT NULL,
        payload_sha256 char(64) NOT NULL,
        payload jsonb NOT NULL,
        fees jsonb NOT NULL DEFAULT '[]',
        filed_at timestamptz NOT NULL,
        arrived_at timestamptz NOT NULL DEFAULT now(),
        regime_code varchar(32) NOT NULL,
        alert_due_at timestamptz,
        alerted_at timestamptz,
        receipt_due_at timestamptz,
        receipt_near_due_notified_at timestamptz,
        receipt_overdue_flagged_at timestamptz,
        CONSTRAINT dossier_national_intake_pk PRIMARY KEY (dossier_id),
        CONSTRAINT dossier_national_intake_id_uq UNIQUE (national_id),
        CONSTRAINT dossier_national_intake_id_ck CHECK (national_id ~ '^[A-Za-z0-9.-]{1,48}$'),
        CONSTRAINT dossier_national_intake_sha_ck CHECK (payload_sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT dossier_national_intake_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
      )`);
    // The scanner's two questions: who has not been alerted yet, whose receipt time is running.
    await q.query(
      `CREATE INDEX dossier_national_intake_alert_idx ON dossier_national_intake (arrived_at) WHERE alerted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX dossier_national_intake_receipt_idx ON dossier_national_intake (receipt_due_at)
        WHERE receipt_due_at IS NOT NULL AND receipt_overdue_flagged_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_national_intake`);
  }
}

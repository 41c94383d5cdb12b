import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What enforcing the regimes needs: the instant a dossier waiting for a supplement is closed if the applicant has not
 * completed it (NĐ 118/2025 Điều 19 khoản 5: 15 days after the notice), watched by the deadline scanner; and the
 * rule that a result handed back early is announced first (Điều 22 khoản 5), added to both regimes' rules; and the
 * Phiếu chuyển xử lý among the 2025 papers (Điều 20 khoản 2 điểm a).
 */
const TRANSFER_SLIP = {
  kind: 'transfer_slip',
  number: null,
  title: 'Phiếu chuyển xử lý',
  basis: 'NĐ 118/2025 Điều 20 khoản 2 điểm a',
};

export class RegimeEnforcement1765000000000 implements MigrationInterface {
  name = 'RegimeEnforcement1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier ADD COLUMN supplement_due_at timestamptz`);
    await q.query(`
      ALTER TABLE dossier ADD CONSTRAINT dossier_supplement_due_ck
        CHECK (supplement_due_at IS NULL OR status = 'supplement_requested')`);
    await q.query(`
      CREATE INDEX dossier_supplement_due_idx ON dossier (supplement_due_at)
       WHERE supplement_due_at IS NOT NULL`);
    await q.query(
      `UPDATE legal_regime
          SET rules = rules || jsonb_build_object('earlyReturnNoticeRequired', $2::boolean),
              bases = bases || jsonb_build_object('earlyReturnNoticeRequired', $3::text)
        WHERE code = $1`,
      ['nd61-2018', false, 'NĐ 61/2018: không quy định (chưa đối chiếu văn bản)'],
    );
    await q.query(
      `UPDATE legal_regime
          SET rules = rules || jsonb_build_object('earlyReturnNoticeRequired', $2::boolean),
              bases = bases || jsonb_build_object('earlyReturnNoticeRequired', $3::text)
        WHERE code = $1`,
      ['nd118-2025', true, 'NĐ 118/2025 Điều 22 khoản 5'],
    );
    // The paper the desk sends a liên thông dossier on with (no annex number: the decree prescribes its content).
    await q.query(`UPDATE legal_regime SET forms = forms || $2::jsonb WHERE code = $1`, [
      'nd118-2025',
      JSON.stringify([TRANSFER_SLIP]),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE legal_regime SET forms = (SELECT coalesce(jsonb_agg(f), '[]') FROM jsonb_array_elements(forms) f
                                         WHERE f->>'kind' <> 'transfer_slip')`,
    );
    await q.query(
      `UPDATE legal_regime SET rules = rules - 'earlyReturnNoticeRequired', bases = bases - 'earlyReturnNoticeRequired'`,
    );
    await q.query(`DROP INDEX dossier_supplement_due_idx`);
    await q.query(`ALTER TABLE dossier DROP CONSTRAINT dossier_supplement_due_ck`);
    await q.query(`ALTER TABLE dossier DROP COLUMN supplement_due_at`);
  }
}

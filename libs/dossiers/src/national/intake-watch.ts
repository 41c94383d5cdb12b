import type { EntityManager } from 'typeorm';

/**
 * The timers of dossiers forwarded by the national portal (NĐ 118/2025 Điều 17 khoản 2), as the deadline scanner
 * reads and records them. The intake table belongs to this library: the scanner claims rows here, decides who hears
 * of what, and records through `markIntakeTimers`.
 */
export interface IntakeTimerRow {
  dossierId: string;
  code: string;
  agencyId: string;
  procedureName: string;
  applicantName: string;
  filedAt: Date;
  arrivedAt: Date;
  alertDueAt: Date | null;
  alertedAt: Date | null;
  /** Null when the regime sets no limit, or once the desk has answered (received, asked for more, refused). */
  receiptDueAt: Date | null;
  receiptNearDueNotifiedAt: Date | null;
  receiptOverdueFlaggedAt: Date | null;
  /** The desk has already received it, asked for corrections or refused it (or it is closed). */
  answered: boolean;
}

interface Raw {
  dossier_id: string;
  code: string;
  agency_id: string;
  procedure_name: string;
  applicant_name: string;
  filed_at: Date;
  arrived_at: Date;
  alert_due_at: Date | null;
  alerted_at: Date | null;
  receipt_due_at: Date | null;
  receipt_near_due_notified_at: Date | null;
  receipt_overdue_flagged_at: Date | null;
  answered: boolean;
}

/** The desk's answers that stop the receipt clock: the dossier received, corrections asked for, or refused. */
export const INTAKE_ANSWERS = ['receive', 'request_supplement', 'refuse'] as const;

const ANSWERED = `EXISTS (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id
                           AND e.action IN (${INTAKE_ANSWERS.map((a) => `'${a}'`).join(', ')}))`;

/**
 * Intake rows with something to record at `now`: not alerted yet; or a receipt time still running (the desk has not
 * answered and the dossier is still open) that is inside the warning window and not warned, or past and not flagged.
 * $1 = now, $2 = warning window (ms), $3 = limit. Claimed FOR UPDATE SKIP LOCKED: two scanners never take one row.
 */
const CANDIDATES = `
  SELECT i.dossier_id, d.code, d.agency_id, p.name AS procedure_name, d.applicant->>'fullName' AS applicant_name,
         i.filed_at, i.arrived_at, i.alert_due_at, i.alerted_at, i.receipt_due_at, i.receipt_near_due_notified_at,
         i.receipt_overdue_flagged_at, (d.closed_at IS NOT NULL OR ${ANSWERED}) AS answered
    FROM dossier_national_intake i
    JOIN dossier d ON d.id = i.dossier_id
    JOIN procedure_version v ON v.id = d.procedure_version_id
    JOIN procedure p ON p.id = v.procedure_id
   WHERE i.alerted_at IS NULL
      OR (i.receipt_due_at IS NOT NULL AND i.receipt_overdue_flagged_at IS NULL
          AND i.receipt_due_at <= $1::timestamptz + $2::float8 * interval '1 millisecond'
          AND (i.receipt_due_at <= $1 OR i.receipt_near_due_notified_at IS NULL)
          AND d.closed_at IS NULL AND NOT ${ANSWERED})
   ORDER BY i.arrived_at
   LIMIT $3
     FOR UPDATE OF i SKIP LOCKED`;

export async function claimIntakeTimers(
  em: EntityManager,
  now: Date,
  warningWindowMs: number,
  limit: number,
): Promise<IntakeTimerRow[]> {
  const rows = await em.query<Raw[]>(CANDIDATES, [now, warningWindowMs, limit]);
  return rows.map((r) => ({
    dossierId: r.dossier_id,
    code: r.code,
    agencyId: r.agency_id,
    procedureName: r.procedure_name,
    applicantName: r.applicant_name,
    filedAt: r.filed_at,
    arrivedAt: r.arrived_at,
    alertDueAt: r.alert_due_at,
    alertedAt: r.alerted_at,
    // Once answered, the receipt time no longer runs: nothing more to warn about.
    receiptDueAt: r.answered ? null : r.receipt_due_at,
    receiptNearDueNotifiedAt: r.receipt_near_due_notified_at,
    receiptOverdueFlaggedAt: r.receipt_overdue_flagged_at,
    answered: r.answered,
  }));
}

/** Records what the scanner did for one claimed row (in the claiming transaction). */
export async function markIntakeTimers(
  em: EntityManager,
  dossierId: string,
  marks: { alerted?: boolean; receiptNearDue?: boolean; receiptOverdue?: boolean },
  now: Date,
): Promise<void> {
  const sets: string[] = [];
  if (marks.alerted) sets.push('alerted_at = $2');
  if (marks.receiptNearDue) sets.push('receipt_near_due_notified_at = $2');
  if (marks.receiptOverdue) sets.push('receipt_overdue_flagged_at = $2');
  if (sets.length === 0) return;
  await em.query(`UPDATE dossier_national_intake SET ${sets.join(', ')} WHERE dossier_id = $1`, [dossierId, now]);
}

/** What the desk page shows of a dossier that came from the national portal. */
export interface IntakeView {
  nationalId: string;
  filedAt: Date;
  arrivedAt: Date;
  alertedAt: Date | null;
  receiptDueAt: Date | null;
  /** When the desk answered (received, asked for corrections, refused), or null while it has not. */
  answeredAt: Date | null;
  fees: Array<{ name: string; amount: number; collection: string | null }>;
  /** `TrichYeuHoSo`: what the applicant asks for, in their words. */
  summary: string | null;
}

/** The intake record of a dossier, or null for a dossier that did not come from the national portal. */
export async function intakeOf(em: EntityManager, dossierId: string): Promise<IntakeView | null> {
  const [row] = await em.query<
    Array<{
      national_id: string;
      filed_at: Date;
      arrived_at: Date;
      alerted_at: Date | null;
      receipt_due_at: Date | null;
      answered_at: Date | null;
      fees: IntakeView['fees'];
      summary: string | null;
    }>
  >(
    `SELECT i.national_id, i.filed_at, i.arrived_at, i.alerted_at, i.receipt_due_at, i.fees,
            i.payload->>'TrichYeuHoSo' AS summary,
            (SELECT min(e.occurred_at) FROM dossier_event e WHERE e.dossier_id = i.dossier_id
               AND e.action IN (${INTAKE_ANSWERS.map((a) => `'${a}'`).join(', ')})) AS answered_at
       FROM dossier_national_intake i WHERE i.dossier_id = $1`,
    [dossierId],
  );
  if (!row) return null;
  return {
    nationalId: row.national_id,
    filedAt: row.filed_at,
    arrivedAt: row.arrived_at,
    alertedAt: row.alerted_at,
    receiptDueAt: row.receipt_due_at,
    answeredAt: row.answered_at,
    fees: row.fees,
    summary: row.summary,
  };
}

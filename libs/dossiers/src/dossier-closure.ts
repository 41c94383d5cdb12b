import type { EntityManager } from 'typeorm';
import { LegalRegime, regimeAt } from '@app/regimes';
import { NATIONAL_STATUS_CODE } from './dossier.lifecycle';

/** Who a closure is attributed to on the dossier's trail (the system that watches the time limits). */
export interface ClosureActor {
  subject: string;
  username: string;
  name: string;
  role: string;
}

/** A dossier closed because its applicant did not complete it in time. */
export interface ClosedDossier {
  id: string;
  code: string | null;
  agencyId: string;
  assigneeSubject: string | null;
  procedureName: string;
  /** When the supplement was due (the closure instant the request set). */
  supplementDueAt: Date;
  /** The article the closure rests on. */
  basis: string;
}

interface ClosureCandidate {
  id: string;
  code: string | null;
  agency_id: string;
  agency_code: string;
  assignee_subject: string | null;
  received_at: Date | null;
  supplement_due_at: Date;
  procedure_name: string;
}

const CANDIDATES = `
  SELECT d.id, d.code, d.agency_id, a.code AS agency_code, d.assignee_subject, d.received_at, d.supplement_due_at,
         p.name AS procedure_name
    FROM dossier d
    JOIN agency a ON a.id = d.agency_id
    JOIN procedure_version v ON v.id = d.procedure_version_id
    JOIN procedure p ON p.id = v.procedure_id
   WHERE d.status = 'supplement_requested' AND d.supplement_due_at <= $1
   ORDER BY d.supplement_due_at
   LIMIT $2
     FOR UPDATE OF d SKIP LOCKED`;

/**
 * Closes the dossiers whose applicant has not completed them by the instant their supplement request set (NĐ 118/2025
 * Điều 19 khoản 5: "Sau 15 ngày kể từ khi thông báo … thực hiện đóng hồ sơ trên Hệ thống thông tin giải quyết thủ tục
 * hành chính"), at most `limit` of them, inside the caller's transaction: each is stopped with the article on its
 * trail and the status change in the outbox for the national portal. Rows another worker holds are skipped.
 */
export async function closeUnsupplementedDossiers(
  em: EntityManager,
  regimes: readonly LegalRegime[],
  now: Date,
  limit: number,
  actor: ClosureActor,
): Promise<{ claimed: number; closed: ClosedDossier[] }> {
  const rows = await em.query<ClosureCandidate[]>(CANDIDATES, [now, limit]);
  const closed: ClosedDossier[] = [];
  for (const r of rows) {
    const regime = regimeAt(regimes, r.received_at ?? now);
    const basis = regime.bases.closeUnsupplementedAfterDays;
    const reason = `Quá thời hạn bổ sung, hoàn thiện hồ sơ mà tổ chức, cá nhân chưa hoàn thành: đóng hồ sơ (${basis}).`;
    await em.query(
      `UPDATE dossier SET status = 'stopped', closed_at = $2, paused_at = NULL, resume_status = NULL,
              supplement_due_at = NULL, row_version = row_version + 1, updated_at = now()
        WHERE id = $1`,
      [r.id, now],
    );
    await em.query(
      `INSERT INTO dossier_event (dossier_id, action, from_status, to_status, actor_subject, actor_username, actor_name,
                                  actor_role, actor_agency, reason, data, occurred_at)
       VALUES ($1, 'close_unsupplemented', 'supplement_requested', 'stopped', $2, $3, $4, $5, NULL, $6, $7, $8)`,
      [
        r.id,
        actor.subject,
        actor.username,
        actor.name,
        actor.role,
        reason,
        { supplementDueAt: r.supplement_due_at.toISOString(), basis, regime: regime.code },
        now,
      ],
    );
    await em.query(
      `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload)
       VALUES ('dossier', $1, 'dossier.status_changed', $2)`,
      [
        r.id,
        {
          dossierId: r.id,
          code: r.code,
          agency: r.agency_code,
          action: 'close_unsupplemented',
          from: 'supplement_requested',
          to: 'stopped',
          nationalStatus: NATIONAL_STATUS_CODE.stopped,
          occurredAt: now.toISOString(),
        },
      ],
    );
    closed.push({
      id: r.id,
      code: r.code,
      agencyId: r.agency_id,
      assigneeSubject: r.assignee_subject,
      procedureName: r.procedure_name,
      supplementDueAt: r.supplement_due_at,
      basis,
    });
  }
  return { claimed: rows.length, closed };
}

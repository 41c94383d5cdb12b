import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { claimIntakeTimers, closeUnsupplementedDossiers, markIntakeTimers } from '@app/dossiers';
import { planStaffEmails } from '@app/messages';
import { LegalRegime, RegimeService } from '@app/regimes';
import { auditOnDossier, notify, RecordActor } from '../cases/case-records';
import { OPEN_CASE_STATUSES } from '../routing.types';
import {
  auditActionOf,
  caseNotifications,
  closureNotifications,
  DeadlineTransition,
  deadlineTransition,
  dossierNotifications,
  intakeNotifications,
  intakeTimerSteps,
  PlannedNotification,
} from './deadline.rules';

export const DEADLINE_SCAN_OPTIONS = Symbol('DEADLINE_SCAN_OPTIONS');

export interface DeadlineScanOptions {
  /** How long before a due time the people responsible are warned. */
  nearDueWindowMs: number;
  /** Rows claimed per transaction (default 100). */
  batchSize?: number;
  /**
   * How long before the receipt limit of a dossier from the national portal the desk is warned (default two hours:
   * the limit itself is only eight working hours).
   */
  intakeWarningWindowMs?: number;
}

export interface ScanResult {
  caseNearDue: number;
  caseOverdue: number;
  dossierNearDue: number;
  dossierOverdue: number;
  /** Dossiers closed because the applicant did not complete them in time. */
  dossierClosed: number;
  /** Dossiers from the national portal the desk was told of. */
  intakeAlerted: number;
  intakeNearDue: number;
  intakeOverdue: number;
  notifications: number;
}

/** Who the deadline entries on a dossier's trail are attributed to. */
export const DEADLINE_ACTOR: RecordActor = {
  subject: 'system:deadlines',
  username: 'deadlines',
  name: 'Hệ thống theo dõi thời hạn',
  agency: null,
  role: 'system',
};

interface CaseCandidate {
  id: string;
  dossier_id: string;
  step_name: string;
  agency_id: string;
  agency_name: string;
  due_at: Date;
  near_due_notified_at: Date | null;
  overdue_flagged_at: Date | null;
  dossier_code: string | null;
  lead_agency_id: string;
  assignee_subject: string | null;
}

interface DossierCandidate {
  id: string;
  code: string | null;
  agency_id: string;
  handling_agency_id: string;
  assignee_subject: string | null;
  due_at: Date;
  near_due_notified_at: Date | null;
  overdue_flagged_at: Date | null;
  procedure_name: string;
}

/**
 * Both transitions in SQL, the same rule as deadlineTransition (which decides again on the locked row): overdue not
 * yet flagged for the current due time, or inside the window and not yet warned for it. $1 = now, $2 = window (ms).
 */
function pendingTransition(alias: string): string {
  const a = alias;
  return `${a}.due_at IS NOT NULL
      AND ${a}.due_at <= $1::timestamptz + $2::float8 * interval '1 millisecond'
      AND ((${a}.due_at <= $1 AND (${a}.overdue_flagged_at IS NULL OR ${a}.overdue_flagged_at < ${a}.due_at))
        OR (${a}.due_at > $1 AND (${a}.near_due_notified_at IS NULL
                                  OR ${a}.near_due_notified_at < ${a}.due_at - $2::float8 * interval '1 millisecond')))`;
}

const OPEN_CASES = OPEN_CASE_STATUSES.map((s) => `'${s}'`).join(', ');

const CASE_CANDIDATES = `
  SELECT c.id, c.dossier_id, c.step_name, c.agency_id, a.name AS agency_name, c.due_at, c.near_due_notified_at,
         c.overdue_flagged_at, d.code AS dossier_code, d.agency_id AS lead_agency_id, d.assignee_subject
    FROM agency_case c
    JOIN dossier d ON d.id = c.dossier_id
    JOIN agency a ON a.id = c.agency_id
   WHERE c.status IN (${OPEN_CASES}) AND c.paused_at IS NULL AND d.closed_at IS NULL AND ${pendingTransition('c')}
   ORDER BY c.due_at
   LIMIT $3
     FOR UPDATE OF c SKIP LOCKED`;

const DOSSIER_CANDIDATES = `
  SELECT d.id, d.code, d.agency_id, COALESCE(d.deciding_agency_id, d.agency_id) AS handling_agency_id,
         d.assignee_subject, d.due_at, d.near_due_notified_at, d.overdue_flagged_at, p.name AS procedure_name
    FROM dossier d
    JOIN procedure_version v ON v.id = d.procedure_version_id
    JOIN procedure p ON p.id = v.procedure_id
   WHERE d.closed_at IS NULL AND d.result_ready_at IS NULL AND d.paused_at IS NULL AND ${pendingTransition('d')}
   ORDER BY d.due_at
   LIMIT $3
     FOR UPDATE OF d SKIP LOCKED`;

/**
 * Finds deadline transitions in PostgreSQL — the only record of every timer, so a worker that was down through a
 * due time catches up on its next scan — and records each exactly once: the flag on the row, the notifications and
 * the entry on the dossier's trail are written in one short transaction per batch, on rows claimed with FOR UPDATE
 * SKIP LOCKED so two scanning workers never take the same row.
 */
@Injectable()
export class DeadlineScanner {
  private readonly batchSize: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DEADLINE_SCAN_OPTIONS) private readonly options: DeadlineScanOptions,
    private readonly regimes: RegimeService,
  ) {
    this.batchSize = options.batchSize ?? 100;
  }

  async scan(now = new Date()): Promise<ScanResult> {
    const result: ScanResult = {
      caseNearDue: 0,
      caseOverdue: 0,
      dossierNearDue: 0,
      dossierOverdue: 0,
      dossierClosed: 0,
      intakeAlerted: 0,
      intakeNearDue: 0,
      intakeOverdue: 0,
      notifications: 0,
    };
    for (;;) {
      const batch = await this.dataSource.transaction((em) => this.caseBatch(em, now, result));
      if (batch.claimed < this.batchSize || batch.recorded === 0) break;
    }
    for (;;) {
      const batch = await this.dataSource.transaction((em) => this.dossierBatch(em, now, result));
      if (batch.claimed < this.batchSize || batch.recorded === 0) break;
    }
    for (;;) {
      const batch = await this.dataSource.transaction((em) => this.intakeBatch(em, now, result));
      if (batch.claimed < this.batchSize || batch.recorded === 0) break;
    }
    const regimes = await this.regimes.all();
    for (;;) {
      const batch = await this.dataSource.transaction((em) => this.closureBatch(em, regimes, now, result));
      if (batch.claimed < this.batchSize) break;
    }
    return result;
  }

  /**
   * Dossiers still waiting for their supplement when the regime's time is up are closed (NĐ 118/2025 Điều 19
   * khoản 5), the desk and the specialist told, one batch per transaction.
   */
  private async closureBatch(em: EntityManager, regimes: readonly LegalRegime[], now: Date, result: ScanResult) {
    const { claimed, closed } = await closeUnsupplementedDossiers(em, regimes, now, this.batchSize, DEADLINE_ACTOR);
    for (const c of closed) {
      const planned = closureNotifications({
        dossierId: c.id,
        dossierCode: c.code,
        procedureName: c.procedureName,
        agencyId: c.agencyId,
        assigneeSubject: c.assigneeSubject,
        supplementDueAt: c.supplementDueAt,
        basis: c.basis,
      });
      for (const n of planned) await notify(em, n);
      result.notifications += planned.length;
      result.dossierClosed += 1;
    }
    return { claimed };
  }

  /**
   * Dossiers forwarded by the national portal: the desk alerted at once, warned before the receipt limit and
   * flagged once past it (NĐ 118/2025 Điều 17 khoản 2), each step once, with an entry on the dossier's trail.
   */
  private async intakeBatch(em: EntityManager, now: Date, result: ScanResult) {
    const window = this.options.intakeWarningWindowMs ?? 2 * 3600_000;
    const rows = await claimIntakeTimers(em, now, window, this.batchSize);
    let recorded = 0;
    for (const r of rows) {
      const steps = intakeTimerSteps(r, now, window);
      if (!steps.alert && !steps.receipt) continue;
      await markIntakeTimers(
        em,
        r.dossierId,
        {
          alerted: steps.alert,
          receiptNearDue: steps.receipt === 'near_due',
          receiptOverdue: steps.receipt === 'overdue',
        },
        now,
      );
      const planned = intakeNotifications(steps, r);
      for (const n of planned) await notify(em, n);
      result.notifications += planned.length;
      const due = { receiptDueAt: r.receiptDueAt?.toISOString() ?? null };
      if (steps.alert && !r.answered) {
        await auditOnDossier(em, r.dossierId, 'national_alerted', DEADLINE_ACTOR, {
          ...due,
          alertDueAt: r.alertDueAt?.toISOString() ?? null,
        });
      }
      if (steps.alert) result.intakeAlerted += 1;
      if (steps.receipt) {
        await auditOnDossier(em, r.dossierId, `receipt_${steps.receipt}`, DEADLINE_ACTOR, due);
        if (steps.receipt === 'overdue') result.intakeOverdue += 1;
        else result.intakeNearDue += 1;
      }
      recorded += 1;
    }
    return { claimed: rows.length, recorded };
  }

  private async caseBatch(em: EntityManager, now: Date, result: ScanResult) {
    const window = this.options.nearDueWindowMs;
    const rows = await em.query<CaseCandidate[]>(CASE_CANDIDATES, [now, window, this.batchSize]);
    let recorded = 0;
    for (const r of rows) {
      const state = {
        dueAt: r.due_at,
        nearDueNotifiedAt: r.near_due_notified_at,
        overdueFlaggedAt: r.overdue_flagged_at,
      };
      const transition = deadlineTransition(state, now, window);
      if (!transition) continue;
      await em.query(
        transition === 'overdue'
          ? `UPDATE agency_case SET overdue_flagged_at = $2 WHERE id = $1`
          : `UPDATE agency_case SET near_due_notified_at = $2 WHERE id = $1`,
        [r.id, now],
      );
      const planned = caseNotifications(transition, {
        caseId: r.id,
        dossierId: r.dossier_id,
        dossierCode: r.dossier_code,
        stepName: r.step_name,
        caseAgencyId: r.agency_id,
        caseAgencyName: r.agency_name,
        leadAgencyId: r.lead_agency_id,
        assigneeSubject: r.assignee_subject,
        dueAt: r.due_at,
      });
      result.notifications += await this.record(em, r.dossier_id, transition, planned, {
        caseId: r.id,
        stepName: r.step_name,
        dueAt: r.due_at.toISOString(),
      });
      if (transition === 'overdue') result.caseOverdue += 1;
      else result.caseNearDue += 1;
      recorded += 1;
    }
    return { claimed: rows.length, recorded };
  }

  private async dossierBatch(em: EntityManager, now: Date, result: ScanResult) {
    const window = this.options.nearDueWindowMs;
    const rows = await em.query<DossierCandidate[]>(DOSSIER_CANDIDATES, [now, window, this.batchSize]);
    let recorded = 0;
    for (const r of rows) {
      const state = {
        dueAt: r.due_at,
        nearDueNotifiedAt: r.near_due_notified_at,
        overdueFlaggedAt: r.overdue_flagged_at,
      };
      const transition = deadlineTransition(state, now, window);
      if (!transition) continue;
      // The flag only: the dossier's row_version is the desk's optimistic lock and must not make open forms stale.
      await em.query(
        transition === 'overdue'
          ? `UPDATE dossier SET overdue_flagged_at = $2 WHERE id = $1`
          : `UPDATE dossier SET near_due_notified_at = $2 WHERE id = $1`,
        [r.id, now],
      );
      const planned = dossierNotifications(transition, {
        dossierId: r.id,
        dossierCode: r.code,
        procedureName: r.procedure_name,
        agencyId: r.agency_id,
        handlingAgencyId: r.handling_agency_id,
        assigneeSubject: r.assignee_subject,
        dueAt: r.due_at,
      });
      result.notifications += await this.record(em, r.id, transition, planned, { dueAt: r.due_at.toISOString() });
      if (transition === 'overdue') result.dossierOverdue += 1;
      else result.dossierNearDue += 1;
      recorded += 1;
    }
    return { claimed: rows.length, recorded };
  }

  /** The notifications and the trail entry of one transition; returns how many notifications were written. */
  private async record(
    em: EntityManager,
    dossierId: string,
    transition: DeadlineTransition,
    planned: readonly PlannedNotification[],
    data: Record<string, unknown>,
  ): Promise<number> {
    const ids: string[] = [];
    for (const n of planned) {
      ids.push(
        await notify(em, {
          agencyId: n.agencyId,
          role: n.role,
          subject: n.subject,
          dossierId: n.dossierId,
          agencyCaseId: n.agencyCaseId,
          kind: n.kind,
          message: n.message,
        }),
      );
    }
    // Near due and overdue: the officers alerted also hear by e-mail (sent by the message sender).
    await planStaffEmails(em, ids);
    await auditOnDossier(em, dossierId, auditActionOf(transition), DEADLINE_ACTOR, data);
    return planned.length;
  }
}

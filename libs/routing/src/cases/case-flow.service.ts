import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService, toLocal, yearOf } from '@app/calendar';
import { firstRow } from '@app/database';
import { DEFAULT_CALENDAR } from '@app/dossiers';
import { appendExchange } from '../exchange-log/exchange-log';
import { announcedBatch, DeliveryBatch, planDeliveries } from '../deliveries/delivery.planner';
import type { CaseOpenedMessage } from '../routing.types';
import { caseContext, caseView, loadCase } from './case-view';
import { auditOnDossier, notify, RecordActor, ROUTER_ACTOR } from './case-records';

export const CASE_LINKS = (id: string) => ({
  self: `/api/v1/agency-cases/${id}`,
  acknowledge: `/api/v1/agency-cases/${id}/acknowledge`,
  status: `/api/v1/agency-cases/${id}/status`,
  result: `/api/v1/agency-cases/${id}/result`,
  return: `/api/v1/agency-cases/${id}/return`,
});

/**
 * The route's moves, always inside the caller's transaction with the dossier row locked: open a round of cases when
 * a dossier is forwarded, open a stage (due dates from the working calendar, delivery by the agency's mode), and
 * after an answer either open the next stage or report that the route is finished.
 */
@Injectable()
export class CaseFlow {
  constructor(private readonly calendars: CalendarService) {}

  /** The working calendar around `at`, read on the caller's transaction. */
  private calendarAt(em: EntityManager, at: Date) {
    const year = yearOf(toLocal(at).date);
    return this.calendars.load(DEFAULT_CALENDAR, { from: year - 1, to: year + 2 }, em);
  }

  /** Creates the cases of a new round from the procedure's route and opens its first stage. Returns the round. */
  async openRound(
    em: EntityManager,
    dossierId: string,
    now: Date,
    batch: DeliveryBatch = announcedBatch(),
  ): Promise<number | null> {
    const [d] = await em.query<Array<{ status: string; procedure_id: string; round: number }>>(
      `SELECT d.status, v.procedure_id,
              COALESCE((SELECT max(round) FROM agency_case c WHERE c.dossier_id = d.id), 0) + 1 AS round
         FROM dossier d JOIN procedure_version v ON v.id = d.procedure_version_id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [dossierId],
    );
    // Withdrawn or stopped before the router got to it: nothing to forward any more.
    if (!d || d.status !== 'awaiting_agency') return null;
    const open = await em.query<unknown[]>(
      `SELECT 1 FROM agency_case WHERE dossier_id = $1 AND status IN ('waiting', 'new', 'acknowledged', 'in_progress',
        'needs_supplement') LIMIT 1`,
      [dossierId],
    );
    if (open.length > 0) return null;
    const inserted = await em.query<Array<{ stage: number }>>(
      `INSERT INTO agency_case (dossier_id, round, stage, step_code, step_name, agency_id, status, budget_unit, budget_amount)
       SELECT $1, $2, s.stage, s.step_code, s.name, s.agency_id, 'waiting', s.budget_unit, s.budget_amount
         FROM route_step s WHERE s.procedure_id = $3
       RETURNING stage`,
      [dossierId, d.round, d.procedure_id],
    );
    if (inserted.length === 0) return null;
    await this.openStage(em, dossierId, d.round, Math.min(...inserted.map((r) => r.stage)), now, batch);
    return d.round;
  }

  /** Opens every waiting case of a stage: due date, then push delivery, inbox notification or pull listing. */
  async openStage(
    em: EntityManager,
    dossierId: string,
    round: number,
    stage: number,
    now: Date,
    batch: DeliveryBatch = announcedBatch(),
  ): Promise<void> {
    const cases = await em.query<
      Array<{ id: string; budget_unit: 'working_days' | 'working_hours'; budget_amount: number }>
    >(
      `SELECT id, budget_unit, budget_amount FROM agency_case
        WHERE dossier_id = $1 AND round = $2 AND stage = $3 AND status = 'waiting' ORDER BY step_code`,
      [dossierId, round, stage],
    );
    const calendar = await this.calendarAt(em, now);
    const opened: Array<{ id: string; dueAt: Date; dueDate: string }> = [];
    for (const c of cases) {
      const due = calendar.dueFor(now, { unit: c.budget_unit, amount: c.budget_amount });
      await em.query(
        `UPDATE agency_case SET status = 'new', opened_at = $2, due_at = $3, row_version = row_version + 1,
                updated_at = now() WHERE id = $1`,
        [c.id, now, due.dueAt],
      );
      opened.push({ id: c.id, dueAt: due.dueAt, dueDate: due.dueDate });
    }
    if (opened.length === 0) return;
    // What every case of the stage shows of the dossier (applicant, e-form, files, the route with this stage open).
    const context = await caseContext(em, dossierId, round);
    for (const due of opened) {
      const row = await loadCase(em, due.id);
      if (!row) continue;
      const [target] = await em.query<
        Array<{ id: string; code: string; mode: 'push' | 'pull' | 'inbox'; active: boolean }>
      >(`SELECT id, code, mode, active FROM delivery_target WHERE agency_id = $1`, [row.agency_id]);
      const mode = target?.mode ?? 'inbox';
      await auditOnDossier(em, dossierId, 'agency_case_opened', ROUTER_ACTOR, {
        caseId: row.id,
        stepCode: row.step_code,
        agency: row.agency_code,
        mode,
        dueAt: due.dueAt.toISOString(),
      });
      if (mode === 'push' && target) {
        const message: CaseOpenedMessage = {
          type: 'agency_case.opened',
          case: { ...caseView(row), ...context },
          links: CASE_LINKS(row.id),
        };
        await planDeliveries(
          em,
          [
            {
              targetId: target.id,
              sourceKey: `case:${row.id}:opened`,
              dossierId,
              agencyCaseId: row.id,
              eventType: 'agency_case.opened',
              payload: message as unknown as Record<string, unknown>,
            },
          ],
          batch,
        );
      } else if (mode === 'inbox') {
        // The portal is the channel: the case is handed over the moment it appears in the agency's inbox.
        await appendExchange(
          em,
          {
            dossierId,
            agencyCaseId: row.id,
            direction: 'out',
            counterparty: row.agency_code,
            messageType: 'agency_case.opened',
            messageId: `case:${row.id}:opened`,
            body: JSON.stringify({
              type: 'agency_case.opened',
              case: { ...caseView(row), ...context },
              links: CASE_LINKS(row.id),
            }),
            signature: null,
          },
          now,
        );
      }
      await notify(em, {
        agencyId: row.agency_id,
        role: 'agency_officer',
        dossierId,
        agencyCaseId: row.id,
        kind: 'case_opened',
        message: `Hồ sơ liên thông ${row.dossier_code} (${row.step_name}) chuyển đến, hạn ${due.dueDate}.`,
      });
    }
  }

  /**
   * The step's due time once its clock runs again after a supplement pause: the working time that was left when it
   * stopped runs again from the resumption (same rule as a dossier's "pause" policy; a step paused when already
   * late keeps its due time).
   */
  async resumedDue(
    em: EntityManager,
    step: { opened_at: Date; due_at: Date; budget_unit: 'working_days' | 'working_hours'; budget_amount: number },
    pausedAt: Date,
    resumedAt: Date,
  ): Promise<Date> {
    const calendar = await this.calendarAt(em, resumedAt);
    const limit = { unit: step.budget_unit, amount: step.budget_amount };
    const opened = calendar.dueFor(step.opened_at, limit);
    const due = { ...opened, dueAt: step.due_at, dueDate: toLocal(step.due_at).date };
    return calendar.pausedDue({ limit, due, pausedAt, resumedAt }).dueAt;
  }

  /**
   * After a case is done: when its whole stage is done, opens the next stage; returns true when the round has no
   * stage left (the route is finished and the dossier goes back to the lead agency).
   */
  async advance(em: EntityManager, dossierId: string, round: number, stage: number, now: Date): Promise<boolean> {
    const left = firstRow(
      await em.query<Array<{ unfinished: number; next_stage: number | null }>>(
        `SELECT count(*) FILTER (WHERE stage = $3 AND status <> 'done')::int AS unfinished,
              min(stage) FILTER (WHERE stage > $3 AND status = 'waiting') AS next_stage
         FROM agency_case WHERE dossier_id = $1 AND round = $2`,
        [dossierId, round, stage],
      ),
      'stage count',
    );
    if (left.unfinished > 0) return false;
    if (left.next_stage !== null) {
      await this.openStage(em, dossierId, round, left.next_stage, now);
      return false;
    }
    return true;
  }

  /**
   * Ends every open case of a dossier that leaves "awaiting agency" (withdrawn, stopped, or the round closed by the
   * desk), attributed to whoever moved it and with their reason.
   */
  async cancelOpenCases(
    em: EntityManager,
    dossierId: string,
    batch: DeliveryBatch = announcedBatch(),
    actor: RecordActor = ROUTER_ACTOR,
    reason: string | null = null,
  ): Promise<void> {
    const rounds = await em.query<Array<{ round: number }>>(
      `SELECT DISTINCT round FROM agency_case WHERE dossier_id = $1
          AND status IN ('waiting', 'new', 'acknowledged', 'in_progress', 'needs_supplement') ORDER BY round`,
      [dossierId],
    );
    for (const r of rounds) await this.cancelRound(em, dossierId, r.round, null, actor, batch, reason);
  }

  /**
   * Cancels the open cases of a round (but `exceptCaseId`): one agency returned the dossier, or the dossier moved on.
   * Every agency whose case had opened is told: a signed delivery for push, a notification in its inbox otherwise.
   */
  async cancelRound(
    em: EntityManager,
    dossierId: string,
    round: number,
    exceptCaseId: string | null,
    actor: RecordActor,
    batch: DeliveryBatch = announcedBatch(),
    reason: string | null = null,
  ): Promise<void> {
    // UPDATE … RETURNING comes back from TypeORM as [rows, affected count].
    const [cancelled] = await em.query<
      [Array<{ id: string; agency_id: string; status: string; step_name: string; dossier_code: string | null }>, number]
    >(
      `UPDATE agency_case c SET status = 'cancelled', paused_at = NULL, row_version = c.row_version + 1, updated_at = now()
         FROM agency_case old
        WHERE c.id = old.id AND c.dossier_id = $1 AND c.round = $2 AND c.id IS DISTINCT FROM $3::uuid
          AND c.status IN ('waiting', 'new', 'acknowledged', 'in_progress', 'needs_supplement')
       RETURNING c.id, c.agency_id, old.status, c.step_name,
                 (SELECT d.code FROM dossier d WHERE d.id = c.dossier_id) AS dossier_code`,
      [dossierId, round, exceptCaseId],
    );
    for (const c of cancelled) {
      if (c.status === 'waiting') continue;
      await auditOnDossier(em, dossierId, 'agency_case_cancelled', actor, { caseId: c.id }, reason);
      await notify(em, {
        agencyId: c.agency_id,
        role: 'agency_officer',
        dossierId,
        agencyCaseId: c.id,
        kind: 'case_cancelled',
        message: `Hồ sơ liên thông ${c.dossier_code ?? ''} (${c.step_name}) đã dừng, không cần xử lý tiếp${reason ? `: ${reason}` : '.'}`,
      });
      const [target] = await em.query<Array<{ id: string; mode: string }>>(
        `SELECT id, mode FROM delivery_target WHERE agency_id = $1 AND active`,
        [c.agency_id],
      );
      if (target?.mode === 'push') {
        await planDeliveries(
          em,
          [
            {
              targetId: target.id,
              sourceKey: `case:${c.id}:cancelled`,
              dossierId,
              agencyCaseId: c.id,
              eventType: 'agency_case.cancelled',
              payload: {
                type: 'agency_case.cancelled',
                caseId: c.id,
                ...(reason ? { reason } : {}),
                links: { self: CASE_LINKS(c.id).self },
              },
            },
          ],
          batch,
        );
      }
    }
  }
}

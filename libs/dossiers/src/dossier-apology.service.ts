import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { CalendarService, daysBetween, isIsoDate, toLocal, yearOf } from '@app/calendar';
import { RegimeService } from '@app/regimes';
import { firstRow } from '@app/database';
import { DomainError } from '@app/observability';
import { DEFAULT_CALENDAR } from './calendar-deadlines';
import { accessFactsOf, actorFor, ANSWERING_AGENCY_CODES } from './dossier.access';
import { NATIONAL_STATUS_CODE, TERMINAL_STATUSES } from './dossier.lifecycle';
import type { DossierRow } from './dossier.service';

/** Why the regime forbids moving the appointment now, and the article that says so. */
export interface ExtensionBlock {
  reason: 'extension_limit' | 'extension_lead_time';
  basis: string;
}

export interface ApologyView {
  id: string;
  status: 'proposed' | 'approved' | 'rejected';
  originalDueAt: Date;
  proposedDueAt: Date;
  reason: string;
  proposedByName: string | null;
  proposedAt: Date;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

interface ApologyRow {
  id: string;
  status: ApologyView['status'];
  original_due_at: Date;
  proposed_due_at: Date;
  reason: string;
  proposed_by_name: string | null;
  proposed_at: Date;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
}

const OPEN_FOR_APOLOGY = [
  'received',
  'in_process',
  'awaiting_agency',
  'awaiting_financial_obligation',
  'awaiting_approval',
];

function view(r: ApologyRow): ApologyView {
  return {
    id: r.id,
    status: r.status,
    originalDueAt: r.original_due_at,
    proposedDueAt: r.proposed_due_at,
    reason: r.reason,
    proposedByName: r.proposed_by_name,
    proposedAt: r.proposed_at,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  };
}

/**
 * Mẫu 04 — apology and new appointment for a dossier that is or will be late: a specialist (or the desk) proposes
 * a new working day with the reason, a leader approves or rejects it. Approval moves the appointment (recorded as an
 * appointment change) and tells the routing worker; the on-time index still counts the dossier as late.
 */
@Injectable()
export class DossierApologyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly regimes: RegimeService,
  ) {}

  private async lockedDossier(em: EntityManager, principal: Principal, id: string) {
    const [row] = await em.query<DossierRow[]>(
      `SELECT d.*, a.code AS agency_code, da.code AS deciding_agency_code, ${ANSWERING_AGENCY_CODES}
         FROM dossier d JOIN agency a ON a.id = d.agency_id LEFT JOIN agency da ON da.id = d.deciding_agency_id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [id],
    );
    const actor = row ? actorFor(principal, accessFactsOf(row)) : null;
    if (!row || !actor) throw new DomainError('not_found', 'No such dossier.');
    return { row, actor };
  }

  private async event(
    em: EntityManager,
    row: DossierRow,
    principal: Principal,
    role: string,
    action: string,
    reason: string | null,
    data: Record<string, unknown>,
  ) {
    await em.query(
      `INSERT INTO dossier_event (dossier_id, action, from_status, to_status, actor_subject, actor_username, actor_name,
                                  actor_role, actor_agency, reason, data)
       VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.id,
        action,
        row.status,
        principal.subject,
        principal.username,
        principal.name,
        role,
        principal.agency,
        reason,
        data,
      ],
    );
  }

  async propose(principal: Principal, id: string, input: { newDueDate: string; reason: string }): Promise<ApologyView> {
    if (!isIsoDate(input.newDueDate)) {
      throw new DomainError('validation_failed', 'newDueDate: must be a date YYYY-MM-DD', {
        errors: [{ field: 'newDueDate', messages: ['must be a date YYYY-MM-DD'] }],
      });
    }
    if (!input.reason || input.reason.trim().length === 0) {
      throw new DomainError('validation_failed', 'reason: is required', {
        errors: [{ field: 'reason', messages: ['is required'] }],
      });
    }
    return this.dataSource.transaction(async (em) => {
      const { row, actor } = await this.lockedDossier(em, principal, id);
      if (actor.kind !== 'staff' || !actor.roles.some((r) => r === 'specialist' || r === 'clerk')) {
        throw new DomainError('forbidden', 'A specialist or the desk drafts the apology.');
      }
      if (!OPEN_FOR_APOLOGY.includes(row.status) || !row.due_at || TERMINAL_STATUSES.includes(row.status)) {
        throw new DomainError('conflict', `No appointment to move in status ${row.status}.`);
      }
      const open = await em.query<unknown[]>(
        `SELECT 1 FROM dossier_apology WHERE dossier_id = $1 AND status = 'proposed'`,
        [id],
      );
      if (open.length > 0)
        throw new DomainError('conflict', 'An apology is already waiting for the leader’s decision.');
      await this.checkRegimeLimits(em, row);
      const year = yearOf(input.newDueDate);
      const calendar = await this.calendars.load(DEFAULT_CALENDAR, { from: year - 1, to: year + 1 }, em);
      if (!calendar.isWorkingDay(input.newDueDate)) {
        throw new DomainError('validation_failed', 'newDueDate: is not a working day', {
          errors: [{ field: 'newDueDate', messages: ['is not a working day'], code: 'not_working_day' }],
        });
      }
      const proposedDueAt = calendar.endOfWorkingDay(input.newDueDate);
      if (proposedDueAt.getTime() <= row.due_at.getTime() || input.newDueDate <= toLocal(new Date()).date) {
        throw new DomainError(
          'validation_failed',
          'newDueDate: must be a future working day after the current appointment',
          {
            errors: [
              {
                field: 'newDueDate',
                messages: ['must be a future working day after the current appointment'],
                code: 'not_after_due',
              },
            ],
          },
        );
      }
      const created = firstRow(
        await em.query<ApologyRow[]>(
          `INSERT INTO dossier_apology (dossier_id, original_due_at, proposed_due_at, reason, proposed_by_subject, proposed_by_name)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [id, row.due_at, proposedDueAt, input.reason.trim(), principal.subject, principal.name],
        ),
        'apology',
      );
      await this.event(
        em,
        row,
        principal,
        actor.roles.includes('specialist') ? 'specialist' : 'clerk',
        'apology_proposed',
        input.reason.trim(),
        {
          proposedDueAt: proposedDueAt.toISOString(),
        },
      );
      return view(created);
    });
  }

  /**
   * What the dossier's regime forbids about moving its appointment now, with the article (NĐ 118/2025 Điều 19
   * khoản 6: the apology and extension request at least one day before the deadline, the appointment moved only
   * once), or null when an apology may be proposed as far as the regime goes.
   */
  async extensionBlock(
    row: Pick<DossierRow, 'id' | 'received_at' | 'due_at'>,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ExtensionBlock | null> {
    const regime = await this.regimes.at(row.received_at ?? new Date(), em);
    const { maxExtensions, extensionLeadDays } = regime.rules;
    if (maxExtensions !== null) {
      const [done] = await em.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM dossier_apology WHERE dossier_id = $1 AND status = 'approved'`,
        [row.id],
      );
      if ((done?.n ?? 0) >= maxExtensions) return { reason: 'extension_limit', basis: regime.bases.maxExtensions };
    }
    if (extensionLeadDays !== null && row.due_at) {
      const left = daysBetween(toLocal(new Date()).date, toLocal(row.due_at).date);
      if (left < extensionLeadDays) return { reason: 'extension_lead_time', basis: regime.bases.extensionLeadDays };
    }
    return null;
  }

  private async checkRegimeLimits(em: EntityManager, row: DossierRow): Promise<void> {
    const block = await this.extensionBlock(row, em);
    if (!block) return;
    throw new DomainError(
      'action_not_available',
      block.reason === 'extension_limit'
        ? `The appointment was already moved as often as ${block.basis} allows.`
        : `An extension is asked for at least one day before the deadline (${block.basis}); the deadline is too near or past.`,
      { extensions: { action: 'apology', missing: block.reason, basis: block.basis } },
    );
  }

  async decide(
    principal: Principal,
    id: string,
    input: { approve: boolean; note?: string | null },
  ): Promise<ApologyView> {
    return this.dataSource.transaction(async (em) => {
      const { row, actor } = await this.lockedDossier(em, principal, id);
      // The authority that decides the dossier signs its apology, not the desk that received it for another one.
      if (actor.kind !== 'staff' || !actor.roles.includes('leader') || actor.side === 'desk')
        throw new DomainError('forbidden', 'A leader of the authority that decides the dossier signs the apology.');
      const [pending] = await em.query<ApologyRow[]>(
        `SELECT * FROM dossier_apology WHERE dossier_id = $1 AND status = 'proposed' FOR UPDATE`,
        [id],
      );
      if (!pending) throw new DomainError('conflict', 'No apology is waiting for a decision.');
      if (!input.approve && !(input.note && input.note.trim())) {
        throw new DomainError('validation_failed', 'note: a reason is required to reject', {
          errors: [{ field: 'note', messages: ['is required to reject'] }],
        });
      }
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
      const [updated] = await em.query<[ApologyRow[], number]>(
        `UPDATE dossier_apology SET status = $2, decided_by_subject = $3, decided_by_name = $4, decided_at = now(), decision_note = $5
          WHERE id = $1 RETURNING *`,
        [
          pending.id,
          input.approve ? 'approved' : 'rejected',
          principal.subject,
          principal.name,
          input.note?.trim() || null,
        ],
      );
      const decided = firstRow(updated, 'apology');
      await this.event(
        em,
        row,
        principal,
        'leader',
        input.approve ? 'apology_approved' : 'apology_rejected',
        input.note?.trim() || null,
        {
          proposedDueAt: pending.proposed_due_at.toISOString(),
        },
      );
      if (input.approve) {
        await em.query(
          `UPDATE dossier SET due_at = $2, row_version = row_version + 1, updated_at = now() WHERE id = $1`,
          [id, pending.proposed_due_at],
        );
        await em.query(
          `INSERT INTO appointment_change (dossier_id, kind, old_due_at, new_due_at, reason, actor_subject, actor_name)
           VALUES ($1, 'apology', $2, $3, $4, $5, $6)`,
          [id, row.due_at, pending.proposed_due_at, pending.reason, principal.subject, principal.name],
        );
        await em.query(
          `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload)
           VALUES ('dossier', $1, 'dossier.appointment_changed', $2)`,
          [
            id,
            {
              dossierId: id,
              code: row.code,
              agency: row.agency_code,
              status: row.status,
              nationalStatus: NATIONAL_STATUS_CODE[row.status],
              oldDueAt: row.due_at?.toISOString() ?? null,
              newDueAt: pending.proposed_due_at.toISOString(),
              reason: 'apology',
            },
          ],
        );
      }
      return view(decided);
    });
  }

  async list(principal: Principal, id: string): Promise<ApologyView[]> {
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<
        Array<{
          status: string;
          owner_subject: string | null;
          agency_code: string;
          deciding_agency_code: string | null;
          received_at: Date | null;
          answering_agency_code: string | null;
          deciding_answering_code: string | null;
        }>
      >(
        `SELECT d.status, d.owner_subject, a.code AS agency_code, da.code AS deciding_agency_code, d.received_at,
                ${ANSWERING_AGENCY_CODES}
           FROM dossier d JOIN agency a ON a.id = d.agency_id LEFT JOIN agency da ON da.id = d.deciding_agency_id
          WHERE d.id = $1`,
        [id],
      );
      if (!row || !actorFor(principal, accessFactsOf(row))) {
        throw new DomainError('not_found', 'No such dossier.');
      }
      const rows = await em.query<ApologyRow[]>(
        `SELECT * FROM dossier_apology WHERE dossier_id = $1 ORDER BY proposed_at`,
        [id],
      );
      return rows.map(view);
    });
  }
}

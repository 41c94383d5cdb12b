import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NATIONAL_IDENTITY_PROVIDER, type Principal } from '@app/auth';
import { firstRow } from '@app/database';
import { DomainError, FieldProblem } from '@app/observability';
import { FormSchema, validateFormData } from '@app/procedures';
import { LegalRegime, RegimeService } from '@app/regimes';
import { toLocal } from '@app/calendar';
import { accessFactsOf, actorFor, ANSWERING_AGENCY_CODES } from './dossier.access';
import { allocateDossierCode } from './dossier-sequence';
import { vietnamDate } from './dossier-code';
import {
  ActionFacts,
  Actor,
  applicableActions,
  checkTransition,
  closesRoundEarly,
  DossierAction,
  DossierStatus,
  missingFor,
  MissingForAction,
  NATIONAL_STATUS_CODE,
  RegimeLimit,
  needsAssignee,
  resumeStatusFor,
  statusesAllowing,
} from './dossier.lifecycle';
import { DOSSIER_TRANSITION_HOOK, DossierTransitionHook } from './dossier-transition.hook';
import { DOSSIER_DEADLINES, DossierDeadlines } from './dossier-deadlines';
import { IDENTITY_VERIFIED_FIELDS, type Applicant, type Channel, type IdentityVerified } from './dossier.entity';
import { newLookupKey } from './lookup-key';
import { offersProcedure, provinceOf } from './dossier-offering';

export interface DossierRow {
  id: string;
  code: string | null;
  /** The citizen's own name for the dossier (set while it is a draft), or null. */
  title: string | null;
  status: DossierStatus;
  resume_status: DossierStatus | null;
  channel: Channel;
  /** The receiving desk's agency (reception, receipt, return). */
  agency_id: string;
  agency_code: string;
  /** The deciding authority when another agency of the province decides (NĐ 118/2025 Điều 14 khoản 2), or null. */
  deciding_agency_id: string | null;
  deciding_agency_code: string | null;
  /** Who answers for the desk's and the deciding authority's agency when it has ceased (see agency_answering). */
  answering_agency_code?: string | null;
  deciding_answering_code?: string | null;
  /** The agencies' current names (the papers use the name of the reception day). */
  agency_name?: string;
  deciding_agency_name?: string | null;
  procedure_version_id: string;
  owner_subject: string | null;
  applicant: Applicant;
  form_data: Record<string, unknown>;
  /** What the national identity proved of the applicant when the citizen wrote it, or null. */
  identity_verified: IdentityVerified | null;
  assignee_subject: string | null;
  lookup_key: string;
  submitted_at: Date | null;
  received_at: Date | null;
  counting_started_on: string | null;
  due_at: Date | null;
  paused_at: Date | null;
  /** While waiting for an appraisal-stage supplement: when the dossier is closed if it is not completed. */
  supplement_due_at: Date | null;
  result_ready_at: Date | null;
  returned_at: Date | null;
  return_channel: Channel | null;
  closed_at: Date | null;
  row_version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ActionInput {
  reason?: string | null;
  /** Optimistic concurrency: the row version the caller saw; a stale one is refused with 409. */
  expectedVersion?: number;
  /** assign: Keycloak subject of the specialist. */
  assignee?: string;
  /** return_result: how the result was handed back. */
  returnChannel?: Channel;
  /**
   * receive: the papers handed in (document key, original/copy, count) as the receipt (Mẫu 01) lists them;
   * request_supplement: the documents still to hand in (Mẫu 02). Keys are the procedure version's document keys.
   */
  documents?: Array<{ key: string; kind?: DocumentCopyKind; count?: number }>;
}

export type DocumentCopyKind = 'original' | 'copy' | 'photocopy';

/** A paper of the dossier as the legal forms list it (TT 01/2018: name, original or copy, count). */
export interface RecordedDocument {
  key: string;
  name: string;
  kind: DocumentCopyKind;
  count: number;
}

interface VersionDocument {
  code?: string;
  name: string;
  required?: boolean;
  originals?: number;
  copies?: number;
}

interface Effects {
  set: Record<string, unknown>;
  data: Record<string, unknown>;
  appointment?: { kind: string; oldDueAt: Date | null; newDueAt: Date; reason: string };
  /** False for a step on the trail that leaves the status as it is (nothing to tell the national portal). */
  statusChange?: boolean;
}

/** What the regime limits of an action are read from. */
export type FactsRow = Pick<
  DossierRow,
  'id' | 'procedure_version_id' | 'status' | 'received_at' | 'due_at' | 'result_ready_at'
>;

const PROBLEM_MESSAGES = {
  not_permitted: 'Your role does not allow this action on this dossier.',
  reason_required: 'A reason is required for this action.',
} as const;

const MISSING_MESSAGES: Readonly<Record<MissingForAction, string>> = {
  route: 'The procedure has no inter-agency route: there is no agency to forward the dossier to.',
  result_document: 'Attach the result document (purpose "result") before submitting it for approval.',
  intake_supplement_limit:
    'A supplement was already asked for at intake as often as the rules allow: receive or refuse the dossier.',
  supplement_window:
    'The working days after reception in which a supplement may be asked for are over: decide on the dossier as it is.',
  early_return_notice:
    'The result is returned before its appointment: tell the applicant first and record how (early-return notice).',
  not_early: 'No early-return notice applies: the appointment has come, or the applicant was already told.',
};

/** 409 for an action the dossier's status does not allow, naming the statuses it needs. */
function notAvailableFromStatus(action: DossierAction, status: DossierStatus): DomainError {
  const needs = statusesAllowing(action);
  return new DomainError(
    'action_not_available',
    `"${action}" needs the dossier to be ${needs.join(' or ') || 'in another status'}; it is ${status}.`,
    { extensions: { action, dossierStatus: status, requiredStatus: needs } },
  );
}

/** 409 for an action the status allows but the dossier lacks something for (with the article, for a regime's rule). */
function notAvailableMissing(action: DossierAction, status: DossierStatus, missing: MissingForAction, basis?: string) {
  const message = basis ? `${MISSING_MESSAGES[missing]} (${basis})` : MISSING_MESSAGES[missing];
  return new DomainError('action_not_available', message, {
    extensions: { action, dossierStatus: status, missing, ...(basis ? { basis } : {}) },
  });
}

/** Actions whose possibility depends on what the dossier holds or its regime allows, not only on its status. */
const FACT_ACTIONS: readonly DossierAction[] = [
  'forward_to_agency',
  'submit_for_approval',
  'agency_answered',
  'request_supplement',
  'return_result',
  'notify_early_return',
];

/** Statuses in which a regime's rule can hold an action back (the others need no regime read). */
const LIMITED_STATUSES: readonly DossierStatus[] = ['submitted', 'in_process', 'result_ready'];

const OPEN_CASE_STATUSES_SQL = `('waiting', 'new', 'acknowledged', 'in_progress', 'needs_supplement')`;

/** What "now" is for the lifecycle: the system time, or a fixed one where a test walks a dossier through 2025. */
export type DossierClock = () => Date;
export const DOSSIER_CLOCK = Symbol('DOSSIER_CLOCK');
/** Whether citizens file online on this portal; off where online applications go through the national portal. */
export const OWN_ONLINE_INTAKE = Symbol('OWN_ONLINE_INTAKE');
const systemClock: DossierClock = () => new Date();

const SELECT_DOSSIER = `SELECT d.*, a.code AS agency_code, a.name AS agency_name, da.code AS deciding_agency_code,
       da.name AS deciding_agency_name, ${ANSWERING_AGENCY_CODES}
  FROM dossier d JOIN agency a ON a.id = d.agency_id LEFT JOIN agency da ON da.id = d.deciding_agency_id`;

/**
 * Every change of a dossier's state goes through here: one transaction writes the new state, its append-only audit
 * entry, any appointment change and the outbox event the routing worker relays. A forbidden action is refused
 * with a clear problem and changes nothing.
 */
@Injectable()
export class DossierService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DOSSIER_DEADLINES) private readonly deadlines: DossierDeadlines,
    private readonly regimes: RegimeService,
    @Optional() @Inject(DOSSIER_TRANSITION_HOOK) private readonly transitionHook?: DossierTransitionHook,
    @Optional() @Inject(DOSSIER_CLOCK) private readonly clock: DossierClock = systemClock,
    @Optional() @Inject(OWN_ONLINE_INTAKE) private readonly ownOnlineIntake: boolean = true,
  ) {}

  /**
   * What the dossier holds that some actions need (route, result document, open agency cases). Read-only look at
   * tables other libraries write.
   */
  async facts(row: FactsRow): Promise<ActionFacts> {
    return this.factsOf(this.dataSource.manager, row);
  }

  private async factsOf(em: EntityManager, row: FactsRow, now = this.clock()): Promise<ActionFacts> {
    const rows = await em.query<Array<{ has_route: boolean; has_result: boolean; open_cases: number }>>(
      `SELECT EXISTS (SELECT 1 FROM route_step s JOIN procedure_version v ON v.procedure_id = s.procedure_id
                       WHERE v.id = $2) AS has_route,
              EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier_id = $1 AND f.purpose = 'result'
                         AND (f.document_code IS NULL OR f.document_code NOT LIKE 'lt:%')) AS has_result,
              (SELECT count(*)::int FROM agency_case c WHERE c.dossier_id = $1
                  AND c.status IN ${OPEN_CASE_STATUSES_SQL}) AS open_cases`,
      [row.id, row.procedure_version_id],
    );
    const facts = firstRow(rows, 'dossier facts');
    return {
      hasRoute: facts.has_route,
      hasResultDocument: facts.has_result,
      openAgencyCases: facts.open_cases,
      limits: await this.limitsOf(em, row, now),
    } satisfies ActionFacts;
  }

  /** The regime of a dossier: the one in force at its reception, or now before it is received. */
  private regimeOf(em: EntityManager, row: Pick<DossierRow, 'received_at'>, now: Date): Promise<LegalRegime> {
    return this.regimes.at(row.received_at ?? now, em);
  }

  /**
   * What the dossier's regime holds back now: a second supplement request at intake (NĐ 118 Điều 16 khoản 3), one
   * during appraisal after the working days the regime gives (Điều 19 khoản 5), a result handed back before its
   * appointment without telling the applicant first (Điều 22 khoản 5).
   */
  private async limitsOf(em: EntityManager, row: FactsRow, now: Date): Promise<RegimeLimit[]> {
    if (!LIMITED_STATUSES.includes(row.status)) return [];
    const { rules, bases } = await this.regimeOf(em, row, now);
    const out: RegimeLimit[] = [];
    if (row.status === 'submitted' && rules.intakeSupplementRequests !== null) {
      const { n } = firstRow(
        await em.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM dossier_event
            WHERE dossier_id = $1 AND action = 'request_supplement' AND from_status = 'submitted'`,
          [row.id],
        ),
        'supplement requests',
      );
      if (n >= rules.intakeSupplementRequests) {
        out.push({
          action: 'request_supplement',
          missing: 'intake_supplement_limit',
          basis: bases.intakeSupplementRequests,
        });
      }
    }
    if (row.status === 'in_process' && row.received_at && rules.appraisalSupplementWithinWorkingDays !== null) {
      const end = await this.deadlines.supplementWindowEnd(
        em,
        row.received_at,
        rules.appraisalSupplementWithinWorkingDays,
      );
      if (now.getTime() >= end.getTime()) {
        out.push({
          action: 'request_supplement',
          missing: 'supplement_window',
          basis: bases.appraisalSupplementWithinWorkingDays,
        });
      }
    }
    if (row.status === 'result_ready') {
      const early =
        rules.earlyReturnNoticeRequired && row.due_at !== null && toLocal(now).date < toLocal(row.due_at).date;
      const told =
        early &&
        (
          await em.query<unknown[]>(
            `SELECT 1 FROM dossier_event WHERE dossier_id = $1 AND action = 'notify_early_return' AND occurred_at >= $2
              LIMIT 1`,
            [row.id, row.result_ready_at ?? new Date(0)],
          )
        ).length > 0;
      const basis = bases.earlyReturnNoticeRequired;
      if (early && !told) out.push({ action: 'return_result', missing: 'early_return_notice', basis });
      else out.push({ action: 'notify_early_return', missing: 'not_early', basis });
    }
    return out;
  }

  /** The actions the caller can take on this dossier now (the buttons a page offers, the API's availableActions). */
  async actionsFor(principal: Principal, row: DossierRow, actor: Actor): Promise<DossierAction[]> {
    const facts = await this.factsOf(this.dataSource.manager, row);
    return applicableActions(row.status, actor, facts, {
      subject: principal.subject,
      assignee: row.assignee_subject,
    });
  }

  /** The dossier if the caller may see it; 404 otherwise (its existence is not disclosed). */
  async get(principal: Principal, id: string): Promise<{ row: DossierRow; actor: Actor }> {
    const [row] = await this.dataSource.query<DossierRow[]>(`${SELECT_DOSSIER} WHERE d.id = $1`, [id]);
    const actor = row ? actorFor(principal, accessFactsOf(row)) : null;
    if (!row || !actor) throw new DomainError('not_found', 'No such dossier.');
    return { row, actor };
  }

  async act(principal: Principal, id: string, action: DossierAction, input: ActionInput = {}): Promise<DossierRow> {
    return this.dataSource.transaction((em) => this.actWithin(em, principal, id, action, input, null));
  }

  /** An action in the caller's transaction (another lib's write that must commit with the dossier's). */
  async actIn(
    em: EntityManager,
    principal: Principal,
    id: string,
    action: DossierAction,
    input: ActionInput = {},
  ): Promise<DossierRow> {
    return this.actWithin(em, principal, id, action, input, null);
  }

  /**
   * An action the system takes on evidence it verified itself — a payment confirmed by the gateway's signed
   * notification — in the caller's transaction, recorded under `principal` (a service name). The lifecycle still
   * decides whether the dossier's status allows it; no person's role or assignment is needed.
   */
  async actAsSystem(
    em: EntityManager,
    principal: Principal,
    id: string,
    action: DossierAction,
    input: ActionInput = {},
  ): Promise<DossierRow> {
    return this.actWithin(em, principal, id, action, input, { kind: 'staff', roles: ['clerk', 'specialist'] });
  }

  /**
   * An action taken by an officer of a linked agency on the lead agency's dossier (an agency answer that completes
   * the route), inside the caller's transaction. The caller has already checked that the officer's agency holds a
   * case of this dossier; the lifecycle still decides whether the action is possible.
   */
  async actForLinkedAgency(
    em: EntityManager,
    principal: Principal,
    id: string,
    action: DossierAction,
    input: ActionInput = {},
  ): Promise<DossierRow> {
    return this.actWithin(em, principal, id, action, input, { kind: 'staff', roles: ['agency_officer'] });
  }

  private async actWithin(
    em: EntityManager,
    principal: Principal,
    id: string,
    action: DossierAction,
    input: ActionInput,
    linkedAgencyActor: Actor | null,
  ): Promise<DossierRow> {
    const [row] = await em.query<DossierRow[]>(`${SELECT_DOSSIER} WHERE d.id = $1 FOR UPDATE OF d`, [id]);
    const actor = row && linkedAgencyActor ? linkedAgencyActor : row ? actorFor(principal, accessFactsOf(row)) : null;
    if (!row || !actor) throw new DomainError('not_found', 'No such dossier.');
    // A stale version is the only "changed meanwhile" conflict; an action the dossier does not allow says why.
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.row_version) {
      throw new DomainError('conflict', 'The dossier was changed by someone else meanwhile; reload it and try again.', {
        currentVersion: row.row_version,
        extensions: { currentVersion: row.row_version },
      });
    }
    const check = checkTransition(row.status, action, actor, {
      reason: input.reason,
      resumeStatus: row.resume_status,
    });
    if (!check.ok) {
      switch (check.problem) {
        case 'reason_required':
          throw new DomainError('validation_failed', PROBLEM_MESSAGES.reason_required, {
            errors: [{ field: 'reason', messages: ['is required'] }],
          });
        case 'not_permitted':
          throw new DomainError('forbidden', PROBLEM_MESSAGES.not_permitted);
        case 'not_allowed_from_status':
        case 'nothing_to_resume':
          throw notAvailableFromStatus(action, row.status);
      }
    }
    if (!linkedAgencyActor && needsAssignee(action, actor) && row.assignee_subject !== principal.subject) {
      throw new DomainError(
        'forbidden',
        row.assignee_subject
          ? 'This dossier is assigned to another specialist.'
          : 'This dossier is not assigned to a specialist yet.',
      );
    }
    // Only the actions that depend on more than the status read the rest (a burst of receptions stays lean).
    const now = this.clock();
    const facts = FACT_ACTIONS.includes(action) ? await this.factsOf(em, row, now) : null;
    const missing = facts && missingFor(action, facts);
    if (missing) {
      const basis = facts.limits?.find((l) => l.action === action && l.missing === missing)?.basis;
      throw notAvailableMissing(action, row.status, missing, basis);
    }
    const reason = input.reason?.trim() || null;
    if (!linkedAgencyActor && facts && closesRoundEarly(action, row.status, facts) && !reason) {
      throw new DomainError(
        'validation_failed',
        'Linked agencies still work on this dossier: say why the round is closed before they answer.',
        { errors: [{ field: 'reason', messages: ['is required to close the round before every agency answered'] }] },
      );
    }
    if (action === 'submit' && row.channel === 2) await this.checkIdentityLevel(em, row, principal);
    const effects = await this.effectsOf(em, row, action, check.to, input, now);
    // The closure watch ends with the wait for the supplement, whatever ends it.
    if (check.to !== 'supplement_requested' && !('supplement_due_at' in effects.set)) {
      effects.set['supplement_due_at'] = null;
    }
    // Work of other libraries that belongs to this change (agency cases end when the dossier leaves them behind).
    await this.transitionHook?.beforeTransition(em, {
      dossierId: row.id,
      dossierCode: row.code,
      action,
      from: row.status,
      to: check.to,
      principal,
      byLinkedAgency: linkedAgencyActor !== null,
      reason,
    });
    const columns = Object.keys(effects.set);
    const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
    // The row is locked FOR UPDATE above: no one else can change it before this transaction ends.
    await em.query(
      `UPDATE dossier SET status = $2, ${[...assignments, 'row_version = row_version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1`,
      [row.id, check.to, ...columns.map((c) => effects.set[c])],
    );
    await this.record(em, row, principal, actor, action, check.to, input.reason ?? null, effects, now);
    return firstRow(await em.query<DossierRow[]>(`${SELECT_DOSSIER} WHERE d.id = $1`, [row.id]), 'dossier');
  }

  private async effectsOf(
    em: EntityManager,
    row: DossierRow,
    action: DossierAction,
    to: DossierStatus,
    input: ActionInput,
    now: Date,
  ): Promise<Effects> {
    switch (action) {
      case 'submit': {
        const formData = await this.completeFormData(em, row);
        return { set: { submitted_at: now, form_data: formData }, data: {} };
      }
      case 'receive': {
        const documents = await this.receivedDocuments(em, row, input.documents);
        // A dossier forwarded by the national portal keeps the national code it came with (NĐ 118/2025 Điều 28).
        const code = row.code ?? (await allocateDossierCode(em, await this.codeAgencyOf(em, row), vietnamDate(now)));
        const due = await this.deadlines.atReception(em, row, now);
        return {
          set: { code, received_at: now, counting_started_on: due.countingStartedOn, due_at: due.dueAt },
          data: { code, dueAt: due.dueAt.toISOString(), documents },
          appointment: { kind: 'reception', oldDueAt: null, newDueAt: due.dueAt, reason: 'Tiếp nhận hồ sơ' },
        };
      }
      case 'request_supplement': {
        const documents = await this.missingDocuments(em, row, input.documents);
        // During appraisal the regime may close the dossier if the applicant does not complete it (Điều 19.5).
        const regime = row.status === 'in_process' ? await this.regimeOf(em, row, now) : null;
        const closeAfter = regime?.rules.closeUnsupplementedAfterDays ?? null;
        const closesAt =
          regime && closeAfter !== null ? await this.deadlines.supplementClosureAt(em, now, closeAfter) : null;
        return {
          set: {
            resume_status: resumeStatusFor(row.status),
            paused_at: row.due_at ? now : null,
            supplement_due_at: closesAt,
          },
          data: {
            resumeStatus: resumeStatusFor(row.status),
            documents,
            ...(closesAt && regime
              ? { closesAt: closesAt.toISOString(), closureBasis: regime.bases.closeUnsupplementedAfterDays }
              : {}),
          },
        };
      }
      case 'supplement': {
        if (!row.due_at || !row.paused_at) return { set: { resume_status: null, paused_at: null }, data: {} };
        // The regime's rule (NĐ 118: the time starts again from zero) before the procedure's own policy.
        const regime = await this.regimeOf(em, row, now);
        const next = await this.deadlines.afterSupplement(em, row, {
          pausedAt: row.paused_at,
          resumedAt: now,
          ...(regime.rules.appraisalSupplementRestartsClock ? { policy: 'restart' as const } : {}),
        });
        return {
          set: { resume_status: null, paused_at: null, due_at: next.dueAt },
          data: { dueAt: next.dueAt.toISOString(), policy: next.policy },
          appointment: {
            kind: next.policy === 'pause' ? 'supplement_pause' : 'supplement_restart',
            oldDueAt: row.due_at,
            newDueAt: next.dueAt,
            reason: 'Công dân bổ sung hồ sơ',
          },
        };
      }
      case 'assign': {
        const assignee = input.assignee;
        if (!assignee)
          throw new DomainError('validation_failed', 'assignee is required.', {
            errors: [{ field: 'assignee', messages: ['is required'] }],
          });
        const [specialist] = await em.query<unknown[]>(
          `SELECT u.subject FROM user_profile u
            WHERE u.subject = $1 AND u.agency_id IN ($2, agency_answering($2)) AND 'specialist' = ANY (u.roles)`,
          [assignee, row.deciding_agency_id ?? row.agency_id],
        );
        if (!specialist) {
          throw new DomainError('validation_failed', 'assignee must be a specialist of the agency that decides it.', {
            errors: [{ field: 'assignee', messages: ['must be a specialist of the agency that decides the dossier'] }],
          });
        }
        return { set: { assignee_subject: assignee }, data: { assignee } };
      }
      case 'approve':
        return { set: { result_ready_at: now }, data: {} };
      case 'return_result': {
        const channel = input.returnChannel ?? row.channel;
        return { set: { returned_at: now, return_channel: channel, closed_at: now }, data: { returnChannel: channel } };
      }
      case 'refuse':
      case 'withdraw':
      case 'stop':
      case 'close_unsupplemented':
        return { set: { closed_at: now, paused_at: null }, data: {} };
      case 'notify_early_return':
        return { set: {}, data: { dueAt: row.due_at?.toISOString() ?? null }, statusChange: false };
      case 'request_correction':
        return this.correctionEffects(em, row, now, input.reason?.trim() ?? '');
      // The routing worker opens the agency cases from the outbox event (the route was checked above).
      case 'forward_to_agency':
      case 'agency_answered':
      case 'request_financial_obligation':
      case 'financial_obligation_met':
      case 'submit_for_approval':
      case 'send_back':
        return { set: {}, data: { to } };
    }
  }

  private async record(
    em: EntityManager,
    row: DossierRow,
    principal: Principal,
    actor: Actor,
    action: DossierAction,
    to: DossierStatus,
    reason: string | null,
    effects: Effects,
    now: Date,
  ): Promise<void> {
    // A service acting on verified evidence (the payment gateway) holds no person's role: the trail says "system".
    const role =
      actor.kind === 'owner'
        ? 'citizen'
        : principal.kind === 'service' && principal.roles.length === 0
          ? 'system'
          : actor.roles[0];
    await em.query(
      `INSERT INTO dossier_event (dossier_id, action, from_status, to_status, actor_subject, actor_username, actor_name,
                                  actor_role, actor_agency, reason, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.id,
        action,
        row.status,
        to,
        principal.subject,
        principal.username,
        principal.name,
        role,
        principal.agency,
        reason,
        effects.data,
        now,
      ],
    );
    if (effects.appointment) {
      await em.query(
        `INSERT INTO appointment_change (dossier_id, kind, old_due_at, new_due_at, reason, actor_subject, actor_name, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          row.id,
          effects.appointment.kind,
          effects.appointment.oldDueAt,
          effects.appointment.newDueAt,
          effects.appointment.reason,
          principal.subject,
          principal.name,
          now,
        ],
      );
    }
    if (effects.statusChange === false) return;
    await em.query(
      `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload) VALUES ('dossier', $1, 'dossier.status_changed', $2)`,
      [
        row.id,
        {
          dossierId: row.id,
          code: (effects.set['code'] as string | undefined) ?? row.code,
          agency: row.agency_code,
          action,
          from: row.status,
          to,
          nationalStatus: NATIONAL_STATUS_CODE[to],
          occurredAt: now.toISOString(),
        },
      ],
    );
  }

  /**
   * Whose electronic ID a new code carries (NĐ 118/2025 Điều 28 khoản 2 điểm a): the authority that decides the
   * procedure; for a liên thông group, the desk that received it.
   */
  private async codeAgencyOf(em: EntityManager, row: DossierRow): Promise<{ id: string; code: string }> {
    if (!row.deciding_agency_id || !row.deciding_agency_code) return { id: row.agency_id, code: row.agency_code };
    const [route] = await em.query<unknown[]>(
      `SELECT 1 FROM route_step s JOIN procedure_version v ON v.procedure_id = s.procedure_id WHERE v.id = $1 LIMIT 1`,
      [row.procedure_version_id],
    );
    return route
      ? { id: row.agency_id, code: row.agency_code }
      : { id: row.deciding_agency_id, code: row.deciding_agency_code };
  }

  /**
   * A returned result sent back to the deciding authority for correction (NĐ 118 Điều 23 khoản 1): the dossier is
   * processed again with a new appointment the regime's working days away, and approved and returned again. A
   * dossier of a regime without such a limit takes the limit in force now: the correction is a step taken today.
   */
  private async correctionEffects(em: EntityManager, row: DossierRow, now: Date, reason: string): Promise<Effects> {
    const own = await this.regimeOf(em, row, now);
    const today = own.rules.resultCorrectionWorkingDays === null ? await this.regimes.at(now, em) : own;
    const days = today.rules.resultCorrectionWorkingDays;
    if (days === null) {
      throw new DomainError('action_not_available', 'No rule in force sets a time limit for correcting a result.', {
        extensions: { action: 'request_correction', dossierStatus: row.status, missing: 'correction_rule' },
      });
    }
    const dueAt = await this.deadlines.correctionDueAt(em, now, days);
    return {
      set: {
        due_at: dueAt,
        result_ready_at: null,
        returned_at: null,
        return_channel: null,
        closed_at: null,
        paused_at: null,
      },
      data: { dueAt: dueAt.toISOString(), basis: today.bases.resultCorrectionWorkingDays },
      appointment: { kind: 'correction', oldDueAt: row.due_at, newDueAt: dueAt, reason },
    };
  }

  private async versionDocuments(em: EntityManager, row: DossierRow): Promise<VersionDocument[]> {
    const [version] = await em.query<Array<{ required_documents: VersionDocument[] }>>(
      `SELECT required_documents FROM procedure_version WHERE id = $1`,
      [row.procedure_version_id],
    );
    return version?.required_documents ?? [];
  }

  /** Files attached per document key (application and supplement), for an online dossier. */
  private async attachedCounts(em: EntityManager, row: DossierRow): Promise<Map<string, number>> {
    const rows = await em.query<Array<{ document_code: string; n: number }>>(
      `SELECT document_code, count(*)::int AS n FROM dossier_file
        WHERE dossier_id = $1 AND purpose IN ('application', 'supplement') AND document_code IS NOT NULL
        GROUP BY document_code`,
      [row.id],
    );
    return new Map(rows.map((r) => [r.document_code, r.n]));
  }

  /** The documents the caller names, checked against the procedure version's list (field errors name each one). */
  private namedDocuments(
    docs: VersionDocument[],
    given: NonNullable<ActionInput['documents']>,
    withCounts: boolean,
  ): RecordedDocument[] {
    const byKey = new Map(docs.map((d, i) => [documentKey(d, i), d]));
    const problems: FieldProblem[] = [];
    const out: RecordedDocument[] = [];
    const seen = new Set<string>();
    given.forEach((g, i) => {
      const doc = byKey.get(g.key);
      if (!doc) problems.push({ field: `documents[${i}].key`, messages: ['is not a document of this procedure'] });
      else if (seen.has(g.key)) problems.push({ field: `documents[${i}].key`, messages: ['is listed twice'] });
      const kind = g.kind ?? ((doc?.originals ?? 0) > 0 ? 'original' : 'copy');
      if (!['original', 'copy', 'photocopy'].includes(kind))
        problems.push({ field: `documents[${i}].kind`, messages: ['must be original, copy or photocopy'] });
      const count = g.count ?? 1;
      if (withCounts && (!Number.isInteger(count) || count < 1 || count > 99))
        problems.push({ field: `documents[${i}].count`, messages: ['must be a whole number from 1 to 99'] });
      seen.add(g.key);
      if (doc) out.push({ key: g.key, name: doc.name, kind, count });
    });
    if (problems.length > 0) {
      throw new DomainError('validation_failed', problems.map((p) => `${p.field} ${p.messages[0]}`).join('; '), {
        errors: problems,
      });
    }
    return out;
  }

  /**
   * What the receipt lists as received: the papers the clerk records; otherwise, online, the documents with files
   * attached (scans: "bản chụp", one per file); at the desk, the documents the procedure requires (a dossier is
   * received only complete), never an optional paper nobody handed in.
   */
  private async receivedDocuments(
    em: EntityManager,
    row: DossierRow,
    given: ActionInput['documents'],
  ): Promise<RecordedDocument[]> {
    const docs = await this.versionDocuments(em, row);
    if (given && given.length > 0) return this.namedDocuments(docs, given, true);
    if (row.channel === 2) {
      const attached = await this.attachedCounts(em, row);
      return docs.flatMap((d, i) => {
        const key = documentKey(d, i);
        const n = attached.get(key) ?? 0;
        return n > 0 ? [{ key, name: d.name, kind: 'photocopy' as const, count: n }] : [];
      });
    }
    return docs
      .map((d, i) => ({ d, key: documentKey(d, i) }))
      .filter(({ d }) => d.required !== false)
      .map(({ d, key }) => {
        const originals = d.originals ?? 0;
        return {
          key,
          name: d.name,
          kind: originals > 0 ? ('original' as const) : ('copy' as const),
          count: Math.max(1, originals > 0 ? originals : (d.copies ?? 0)),
        };
      });
  }

  /**
   * What Mẫu 02 asks for: the documents the caller names; otherwise, online, the required documents without a file.
   */
  private async missingDocuments(
    em: EntityManager,
    row: DossierRow,
    given: ActionInput['documents'],
  ): Promise<RecordedDocument[]> {
    const docs = await this.versionDocuments(em, row);
    if (given && given.length > 0) return this.namedDocuments(docs, given, false);
    if (row.channel !== 2) return [];
    const attached = await this.attachedCounts(em, row);
    return docs.flatMap((d, i) => {
      const key = documentKey(d, i);
      if (d.required === false || (attached.get(key) ?? 0) > 0) return [];
      const originals = d.originals ?? 0;
      return [{ key, name: d.name, kind: originals > 0 ? ('original' as const) : ('copy' as const), count: 1 }];
    });
  }

  /**
   * Opens a dossier as a draft under the procedure version in force today: a citizen's online dossier (channel 2),
   * or a walk-in (1) or postal (3) dossier the desk registers for the applicant.
   */
  async open(principal: Principal, input: OpenDossierInput): Promise<DossierRow> {
    const isDesk = input.channel !== 2;
    if (isDesk && !(principal.agency === input.agencyCode && principal.roles.includes('clerk'))) {
      throw new DomainError('forbidden', 'Only a clerk of the agency registers in-person and postal dossiers.');
    }
    if (!isDesk && !principal.roles.includes('citizen')) {
      throw new DomainError('forbidden', 'Online dossiers are submitted by citizens with their own account.');
    }
    if (!isDesk && !this.ownOnlineIntake) {
      throw new DomainError(
        'action_not_available',
        'Online applications are filed on Cổng Dịch vụ công quốc gia, which forwards them here (NĐ 118/2025 Điều 17).',
        { extensions: { missing: 'own_online_intake' } },
      );
    }
    const deciding = input.decidingAgencyCode?.trim() || null;
    if (deciding !== null && !isDesk) {
      throw fieldError('decidingAgencyCode', 'is chosen by the desk that receives the dossier, not online');
    }
    return this.dataSource.transaction(async (em) => {
      const [agency] = await em.query<Array<{ id: string; kind: string; level: string }>>(
        `SELECT id, kind, level FROM agency WHERE code = $1 AND active`,
        [input.agencyCode],
      );
      if (!agency) throw fieldError('agencyCode', `no active agency ${input.agencyCode}`);
      const decider = deciding !== null && deciding !== input.agencyCode ? deciding : null;
      const [decidingAgency] = decider
        ? await em.query<Array<{ id: string; kind: string; level: string }>>(
            `SELECT id, kind, level FROM agency WHERE code = $1 AND active`,
            [decider],
          )
        : [];
      if (decider && !decidingAgency) throw fieldError('decidingAgencyCode', `no active agency ${decider}`);
      const [version] = await em.query<Array<{ id: string; channels: number[]; implementing_agency: string }>>(
        `SELECT v.id, v.channels, v.implementing_agency FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id
          WHERE p.code = $1 AND v.status = 'published' AND v.effective_from <= $2
            AND (v.effective_to IS NULL OR v.effective_to >= $2)`,
        [input.procedureCode, vietnamDate(new Date())],
      );
      if (!version) throw fieldError('procedureCode', `no procedure ${input.procedureCode} in force today`);
      if (decider && decidingAgency) {
        await this.checkAcrossBoundaries(em, input.agencyCode, decider);
        if (!offersProcedure(decidingAgency, version.implementing_agency)) {
          throw fieldError('decidingAgencyCode', `agency ${decider} does not decide procedure ${input.procedureCode}`);
        }
      } else if (!offersProcedure(agency, version.implementing_agency)) {
        throw fieldError('agencyCode', `procedure ${input.procedureCode} is not offered by agency ${input.agencyCode}`);
      }
      if (!version.channels.map(Number).includes(input.channel)) {
        throw fieldError('channel', `procedure ${input.procedureCode} is not offered through channel ${input.channel}`);
      }
      const created = firstRow(
        await em.query<Array<{ id: string }>>(
          `INSERT INTO dossier (status, channel, agency_id, procedure_version_id, owner_subject, applicant, form_data,
                              lookup_key, created_by_subject, deciding_agency_id, identity_verified)
         VALUES ('draft', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            input.channel,
            agency.id,
            version.id,
            isDesk ? null : principal.subject,
            input.applicant,
            input.formData ?? {},
            newLookupKey(),
            principal.subject,
            decidingAgency?.id ?? null,
            isDesk ? null : checkedIdentity(principal, input.identityVerified),
          ],
        ),
        'dossier',
      );
      await em.query(
        `INSERT INTO dossier_event (dossier_id, action, from_status, to_status, actor_subject, actor_username, actor_name,
                                    actor_role, actor_agency, data)
         VALUES ($1, 'create', NULL, 'draft', $2, $3, $4, $5, $6, $7)`,
        [
          created.id,
          principal.subject,
          principal.username,
          principal.name,
          isDesk ? 'clerk' : 'citizen',
          principal.agency,
          { channel: input.channel, ...(decider ? { decidingAgency: decider } : {}) },
        ],
      );
      return firstRow(await em.query<DossierRow[]>(`${SELECT_DOSSIER} WHERE d.id = $1`, [created.id]), 'dossier');
    });
  }

  /**
   * Whether this desk may receive a procedure another agency decides: the regime in force today must allow reception
   * regardless of boundary (NĐ 118/2025 Điều 14 khoản 2), and only within the province (the last part of the
   * electronic ID, e.g. `H56`).
   */
  private async checkAcrossBoundaries(em: EntityManager, receiving: string, deciding: string): Promise<void> {
    const regime = await this.regimes.at(this.clock(), em);
    if (!regime.rules.receptionAcrossBoundaries) {
      throw fieldError(
        'decidingAgencyCode',
        `the rules in force (${regime.bases.receptionAcrossBoundaries}) have the deciding authority's own desk receive it`,
      );
    }
    if (provinceOf(receiving) !== provinceOf(deciding)) {
      throw fieldError('decidingAgencyCode', `agency ${deciding} is outside this desk's province`);
    }
  }

  /** Edits a draft (applicant details, e-form answers); only the citizen who owns it or the desk for its walk-ins. */
  async updateDraft(
    principal: Principal,
    id: string,
    input: {
      applicant?: Applicant;
      formData?: Record<string, unknown>;
      expectedVersion?: number;
      /** What the national identity proved of the applicant as now written (null: nothing; absent: unchanged). */
      identityVerified?: IdentityVerified | null;
    },
  ): Promise<DossierRow> {
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<DossierRow[]>(`${SELECT_DOSSIER} WHERE d.id = $1 FOR UPDATE OF d`, [id]);
      const actor = row ? actorFor(principal, accessFactsOf(row)) : null;
      if (!row || !actor) throw new DomainError('not_found', 'No such dossier.');
      if (row.status !== 'draft') throw new DomainError('conflict', 'Only a draft can be edited.');
      if (actor.kind === 'staff' && !actor.roles.includes('clerk'))
        throw new DomainError('forbidden', 'Only the desk edits a walk-in draft.');
      if (input.expectedVersion !== undefined && input.expectedVersion !== row.row_version) {
        throw new DomainError(
          'conflict',
          'The dossier was changed by someone else meanwhile; reload it and try again.',
        );
      }
      const identity =
        input.identityVerified === undefined || actor.kind !== 'owner'
          ? undefined
          : checkedIdentity(principal, input.identityVerified);
      await em.query(
        `UPDATE dossier SET applicant = COALESCE($2, applicant), form_data = COALESCE($3, form_data),
                identity_verified = CASE WHEN $4::boolean THEN $5::jsonb ELSE identity_verified END,
                row_version = row_version + 1, updated_at = now() WHERE id = $1`,
        [id, input.applicant ?? null, input.formData ?? null, identity !== undefined, identity ?? null],
      );
      return firstRow(await em.query<DossierRow[]>(`${SELECT_DOSSIER} WHERE d.id = $1`, [id]), 'dossier');
    });
  }

  /**
   * An online dossier of a procedure that needs a level-2 national identity is submitted only from a session signed
   * in through the national identity provider at level 2 (the catalogue's `online_identity_level`).
   */
  private async checkIdentityLevel(em: EntityManager, row: DossierRow, principal: Principal): Promise<void> {
    const [procedure] = await em.query<Array<{ online_identity_level: number }>>(
      `SELECT p.online_identity_level FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE v.id = $1`,
      [row.procedure_version_id],
    );
    const required = Number(procedure?.online_identity_level ?? 1);
    const current = principal.identityLevel ?? 0;
    if (required === 2 && current < 2) {
      throw new DomainError(
        'forbidden',
        'This procedure takes online dossiers only from a citizen signed in with a level-2 national identity ' +
          '(VNeID): sign in again through the national identity provider with a level-2 account.',
        { extensions: { missing: 'identity_level_2', requiredIdentityLevel: 2, identityLevel: current } },
      );
    }
  }

  /**
   * At submission the e-form must satisfy the procedure version's schema, and an online dossier must carry a file
   * for every required document (at the desk the clerk checks the papers themselves).
   */
  private async completeFormData(em: EntityManager, row: DossierRow): Promise<Record<string, unknown>> {
    const version = firstRow(
      await em.query<
        Array<{
          form_schema: FormSchema;
          required_documents: Array<{ code?: string; name: string; required?: boolean }>;
        }>
      >(`SELECT form_schema, required_documents FROM procedure_version WHERE id = $1`, [row.procedure_version_id]),
      'procedure version',
    );
    const checked = validateFormData(version.form_schema, row.form_data);
    const problems: FieldProblem[] = checked.ok
      ? []
      : checked.errors.map((e) => ({ field: `formData.${e.field}`, messages: e.messages }));
    if (row.channel === 2) {
      const attached = new Set(
        (
          await em.query<Array<{ document_code: string | null }>>(
            `SELECT DISTINCT document_code FROM dossier_file WHERE dossier_id = $1 AND purpose = 'application'`,
            [row.id],
          )
        ).map((r) => r.document_code),
      );
      for (const [index, doc] of version.required_documents.entries()) {
        const key = documentKey(doc, index);
        if (doc.required !== false && !attached.has(key)) {
          problems.push({ field: `documents.${key}`, messages: [`attach "${doc.name}"`] });
        }
      }
    }
    if (problems.length > 0 || !checked.ok) {
      throw new DomainError(
        'validation_failed',
        problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; '),
        { errors: problems },
      );
    }
    return checked.value;
  }
}

/** The key an attachment names its required document by: the document's code, else its position (1-based). */
export function documentKey(doc: { code?: string }, index: number): string {
  return doc.code ?? `doc-${index + 1}`;
}

/**
 * The identity record a citizen's session may claim: only a session brokered from the national identity provider,
 * at the level it signed in with, naming known fields; anything else records nothing.
 */
export function checkedIdentity(
  principal: Principal,
  claimed: IdentityVerified | null | undefined,
): IdentityVerified | null {
  const level = principal.identityLevel ?? 0;
  if (!claimed || level === 0 || principal.identityProvider !== NATIONAL_IDENTITY_PROVIDER) return null;
  const fields = IDENTITY_VERIFIED_FIELDS.filter((f) => claimed.fields.includes(f));
  const formKeys = [
    ...new Set(claimed.formKeys.filter((k) => typeof k === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k))),
  ];
  if (fields.length === 0 && formKeys.length === 0) return null;
  return { provider: NATIONAL_IDENTITY_PROVIDER, level, fields, formKeys };
}

function fieldError(field: string, message: string): DomainError {
  return new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, messages: [message] }] });
}

export interface OpenDossierInput {
  procedureCode: string;
  /** The receiving desk's agency (for an online dossier, the agency the citizen applies to). */
  agencyCode: string;
  /**
   * At the desk: another agency of the province that decides the procedure (reception regardless of boundary, NĐ
   * 118/2025 Điều 14 khoản 2); absent when the receiving agency decides.
   */
  decidingAgencyCode?: string | null;
  channel: Channel;
  applicant: Applicant;
  formData?: Record<string, unknown>;
  /** Online: what the national identity proved of the applicant (recorded only for such a session). */
  identityVerified?: IdentityVerified | null;
}

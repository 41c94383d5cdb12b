import type { Role } from '@app/auth';

/**
 * The internal dossier lifecycle: a superset of the legal statuses (PRODUCT.md), mapped outward to the national
 * portal's codes, never the other way round.
 */
export const DOSSIER_STATUSES = [
  'draft',
  'submitted',
  'received',
  'refused',
  'supplement_requested',
  'in_process',
  'awaiting_agency',
  'awaiting_financial_obligation',
  'awaiting_approval',
  'result_ready',
  'returned',
  'stopped',
  'withdrawn',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly DossierStatus[] = ['refused', 'returned', 'stopped', 'withdrawn'];

/** National public-service portal status codes (1–10) for outward sync; a draft is not known outside. */
export const NATIONAL_STATUS_CODE: Readonly<Record<DossierStatus, number | null>> = {
  draft: null,
  submitted: 1,
  received: 2,
  refused: 3,
  in_process: 4,
  awaiting_agency: 4,
  awaiting_approval: 4,
  supplement_requested: 5,
  awaiting_financial_obligation: 6,
  withdrawn: 7,
  stopped: 8,
  result_ready: 9,
  returned: 10,
};

export const DOSSIER_ACTIONS = [
  'submit',
  'withdraw',
  'receive',
  'refuse',
  'request_supplement',
  'supplement',
  'assign',
  'forward_to_agency',
  'agency_answered',
  'request_financial_obligation',
  'financial_obligation_met',
  'submit_for_approval',
  'approve',
  'send_back',
  'return_result',
  'stop',
  'notify_early_return',
  'request_correction',
  'close_unsupplemented',
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

/**
 * Who may act: the citizen who owns the dossier, or staff holding one of the roles. When a desk received a procedure
 * another agency decides (NĐ 118/2025 Điều 14 khoản 2), each side's staff act only on their side of the dossier:
 * `side` says which; without it (the receiving agency decides itself) the agency's staff do both.
 */
export type Actor = { kind: 'owner' } | { kind: 'staff'; roles: readonly Role[]; side?: DossierSide };

/** The receiving desk (reception, the receipt, the return of the result) or the deciding authority (the decision). */
export type DossierSide = 'desk' | 'deciding';

/** What the deciding authority does: assignment, appraisal, liên thông, the decision and stopping it. */
const DECIDING_ACTIONS: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'assign',
  'forward_to_agency',
  'agency_answered',
  'request_financial_obligation',
  'financial_obligation_met',
  'submit_for_approval',
  'approve',
  'send_back',
  'stop',
]);

/**
 * Whose side an action is on: a supplement asked for at intake is the desk's, one during appraisal the deciding
 * authority's (Điều 19 khoản 5); everything the desk does with the applicant (reception, refusal, withdrawal, the
 * return, the early-return notice, sending a wrong result back) is the desk's (Điều 20 khoản 1).
 */
export function actionSide(action: DossierAction, status: DossierStatus): DossierSide {
  if (action === 'request_supplement') return status === 'submitted' ? 'desk' : 'deciding';
  return DECIDING_ACTIONS.has(action) ? 'deciding' : 'desk';
}

function staffMay(rule: TransitionRule, status: DossierStatus, actor: Actor & { kind: 'staff' }): boolean {
  if (!actor.roles.some((r) => rule.staffRoles.includes(r))) return false;
  return actor.side === undefined || actionSide(rule.action, status) === actor.side;
}

export interface TransitionRule {
  action: DossierAction;
  from: readonly DossierStatus[];
  /** Fixed target, or 'resume' for the status the dossier was in when a supplement was requested. */
  to: DossierStatus | 'resume';
  owner: boolean;
  staffRoles: readonly Role[];
  reasonRequired: boolean;
}

const OPEN_AFTER_RECEPTION: readonly DossierStatus[] = [
  'received',
  'supplement_requested',
  'in_process',
  'awaiting_agency',
  'awaiting_financial_obligation',
  'awaiting_approval',
];

export const TRANSITIONS: readonly TransitionRule[] = [
  { action: 'submit', from: ['draft'], to: 'submitted', owner: true, staffRoles: ['clerk'], reasonRequired: false },
  {
    action: 'withdraw',
    from: ['submitted', ...OPEN_AFTER_RECEPTION],
    to: 'withdrawn',
    owner: true,
    staffRoles: ['clerk'],
    reasonRequired: true,
  },
  {
    action: 'receive',
    from: ['submitted'],
    to: 'received',
    owner: false,
    staffRoles: ['clerk'],
    reasonRequired: false,
  },
  { action: 'refuse', from: ['submitted'], to: 'refused', owner: false, staffRoles: ['clerk'], reasonRequired: true },
  {
    action: 'request_supplement',
    from: ['submitted', 'in_process'],
    to: 'supplement_requested',
    owner: false,
    staffRoles: ['clerk', 'specialist'],
    reasonRequired: true,
  },
  {
    action: 'supplement',
    from: ['supplement_requested'],
    to: 'resume',
    owner: true,
    staffRoles: ['clerk'],
    reasonRequired: false,
  },
  {
    action: 'assign',
    from: ['received', 'in_process'],
    to: 'in_process',
    owner: false,
    staffRoles: ['clerk', 'leader'],
    reasonRequired: false,
  },
  {
    action: 'forward_to_agency',
    from: ['in_process'],
    to: 'awaiting_agency',
    owner: false,
    staffRoles: ['clerk', 'specialist'],
    reasonRequired: false,
  },
  {
    action: 'agency_answered',
    from: ['awaiting_agency'],
    to: 'in_process',
    owner: false,
    staffRoles: ['clerk', 'specialist', 'agency_officer'],
    reasonRequired: false,
  },
  {
    action: 'request_financial_obligation',
    from: ['in_process'],
    to: 'awaiting_financial_obligation',
    owner: false,
    staffRoles: ['specialist'],
    reasonRequired: true,
  },
  {
    action: 'financial_obligation_met',
    from: ['awaiting_financial_obligation'],
    to: 'in_process',
    owner: false,
    staffRoles: ['clerk', 'specialist'],
    reasonRequired: false,
  },
  {
    action: 'submit_for_approval',
    from: ['in_process'],
    to: 'awaiting_approval',
    owner: false,
    staffRoles: ['specialist'],
    reasonRequired: false,
  },
  {
    action: 'approve',
    from: ['awaiting_approval'],
    to: 'result_ready',
    owner: false,
    staffRoles: ['leader'],
    reasonRequired: false,
  },
  {
    action: 'send_back',
    from: ['awaiting_approval'],
    to: 'in_process',
    owner: false,
    staffRoles: ['leader'],
    reasonRequired: true,
  },
  {
    action: 'return_result',
    from: ['result_ready'],
    to: 'returned',
    owner: false,
    staffRoles: ['clerk'],
    reasonRequired: false,
  },
  {
    action: 'stop',
    from: OPEN_AFTER_RECEPTION,
    to: 'stopped',
    owner: false,
    staffRoles: ['leader'],
    reasonRequired: true,
  },
  // The desk tells the applicant that the result will be handed back before its appointment (NĐ 118 Điều 22
  // khoản 5): the reason says how and when they were told. The status stays; the notice is on the trail.
  {
    action: 'notify_early_return',
    from: ['result_ready'],
    to: 'result_ready',
    owner: false,
    staffRoles: ['clerk'],
    reasonRequired: true,
  },
  // A result found wrong through the authority's fault goes back for correction within the regime's working days
  // (NĐ 118 Điều 23 khoản 1), then through approval and return again.
  {
    action: 'request_correction',
    from: ['returned'],
    to: 'in_process',
    owner: false,
    staffRoles: ['clerk'],
    reasonRequired: true,
  },
  // Closing a dossier the applicant did not complete in time (NĐ 118 Điều 19 khoản 5) is done by the deadline
  // scanner only: no role may take it through the API.
  {
    action: 'close_unsupplemented',
    from: ['supplement_requested'],
    to: 'stopped',
    owner: false,
    staffRoles: [],
    reasonRequired: true,
  },
];

const RULES = new Map<DossierAction, TransitionRule>(TRANSITIONS.map((t) => [t.action, t]));

export type TransitionCheck =
  | { ok: true; to: DossierStatus; rule: TransitionRule }
  | { ok: false; problem: 'not_allowed_from_status' | 'not_permitted' | 'reason_required' | 'nothing_to_resume' };

/**
 * Whether `actor` may apply `action` to a dossier in `status`. Pure: ownership and agency membership are decided by
 * the caller, which passes `owner` only for the dossier's own citizen and `staff` only for staff of its agency.
 */
export function checkTransition(
  status: DossierStatus,
  action: DossierAction,
  actor: Actor,
  opts: { reason?: string | null; resumeStatus?: DossierStatus | null } = {},
): TransitionCheck {
  const rule = RULES.get(action);
  if (!rule) return { ok: false, problem: 'not_allowed_from_status' };
  if (!rule.from.includes(status)) return { ok: false, problem: 'not_allowed_from_status' };
  const permitted = actor.kind === 'owner' ? rule.owner : staffMay(rule, status, actor);
  if (!permitted) return { ok: false, problem: 'not_permitted' };
  if (rule.reasonRequired && !(opts.reason && opts.reason.trim().length > 0))
    return { ok: false, problem: 'reason_required' };
  if (rule.to === 'resume') {
    const resume = opts.resumeStatus;
    if (!resume) return { ok: false, problem: 'nothing_to_resume' };
    return { ok: true, to: resume, rule };
  }
  return { ok: true, to: rule.to, rule };
}

/** The actions an actor could take now (to offer the right buttons). */
export function availableActions(status: DossierStatus, actor: Actor): DossierAction[] {
  return TRANSITIONS.filter(
    (t) => t.from.includes(status) && (actor.kind === 'owner' ? t.owner : staffMay(t, status, actor)),
  ).map((t) => t.action);
}

/** Supplement requests remember where to go back: to intake (submitted) or to processing (in_process). */
export function resumeStatusFor(status: DossierStatus): DossierStatus | null {
  return status === 'submitted' || status === 'in_process' ? status : null;
}

/** The statuses an action can be taken from (to say which one it needs when it is refused). */
export function statusesAllowing(action: DossierAction): readonly DossierStatus[] {
  return RULES.get(action)?.from ?? [];
}

/**
 * What the dossier holds that some actions need, beyond its status: a route of agencies to forward along, a result
 * document before the leader is asked to approve, the agency cases still open in the current round.
 */
export interface ActionFacts {
  hasRoute: boolean;
  hasResultDocument: boolean;
  openAgencyCases: number;
  /** What the dossier's legal regime forbids now (absent: nothing). */
  limits?: readonly RegimeLimit[];
}

/**
 * A rule of the dossier's legal regime that keeps an action from applying now, with the article behind it:
 * - `intake_supplement_limit`: supplements were already asked for at intake as often as the regime allows;
 * - `supplement_window`: the working days after reception in which appraisal may ask for a supplement are over;
 * - `early_return_notice`: the result is due to be returned before its appointment and the applicant was not told;
 * - `not_early`: no early-return notice applies (the appointment has come, or the regime asks for none, or it was
 *   given already).
 */
export type RegimeLimitKind = 'intake_supplement_limit' | 'supplement_window' | 'early_return_notice' | 'not_early';

export interface RegimeLimit {
  action: DossierAction;
  missing: RegimeLimitKind;
  basis: string;
}

/**
 * What is missing for an action the status allows: a route (forward), a result document (submit for approval), or
 * what the regime asks for first.
 */
export type MissingForAction = 'route' | 'result_document' | RegimeLimitKind;

export function missingFor(action: DossierAction, facts: ActionFacts): MissingForAction | null {
  if (action === 'forward_to_agency' && !facts.hasRoute) return 'route';
  if (action === 'submit_for_approval' && !facts.hasResultDocument) return 'result_document';
  return facts.limits?.find((l) => l.action === action)?.missing ?? null;
}

/**
 * Closing a round of agency cases early (the desk records the agencies' answer while some cases are still open)
 * needs a written reason: the open cases are cancelled and each agency is told why.
 */
export function closesRoundEarly(action: DossierAction, status: DossierStatus, facts: ActionFacts): boolean {
  return action === 'agency_answered' && status === 'awaiting_agency' && facts.openAgencyCases > 0;
}

/**
 * A staff member whose only role allowing the action is specialist acts as the processing specialist: only the
 * specialist the dossier is assigned to may. Clerks and leaders act for the agency as a whole.
 */
export function needsAssignee(action: DossierAction, actor: Actor): boolean {
  const rule = RULES.get(action);
  if (!rule || actor.kind !== 'staff') return false;
  const allowing = actor.roles.filter((r) => rule.staffRoles.includes(r));
  return allowing.length > 0 && allowing.every((r) => r === 'specialist');
}

/**
 * The actions an actor can take now and that can apply to this dossier: the status allows them, the actor's role
 * does, the dossier holds what they need, and a specialist-only action is offered to the assigned specialist only.
 */
export function applicableActions(
  status: DossierStatus,
  actor: Actor,
  facts: ActionFacts,
  who: { subject: string; assignee: string | null },
): DossierAction[] {
  return availableActions(status, actor).filter(
    (a) => missingFor(a, facts) === null && (!needsAssignee(a, actor) || who.assignee === who.subject),
  );
}

/**
 * The citizen may download the result documents once the result has been returned to them; before that (result
 * ready, awaiting the leader's signature, or an agency's intermediate paper) they are the agency's working papers.
 */
export function citizenMayDownloadResult(status: DossierStatus): boolean {
  return status === 'returned';
}

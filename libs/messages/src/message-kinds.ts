/**
 * What a citizen is told about their dossier, and which outbox event tells it. One kind per step of the dossier the
 * applicant must hear about (NĐ 118/2025: the receipt and appointment, a supplement request, a refusal, the financial
 * obligation, an apology with its new date, the result, its return, a stop or a closure).
 */
export const MESSAGE_KINDS = [
  'received',
  'supplement_requested',
  'refused',
  'financial_obligation',
  'payment_received',
  'apology',
  'result_ready',
  'returned',
  'stopped',
  'closed',
  'rating_invitation',
  // To officers, by e-mail beside the in-app notification: a dossier assigned to them, near its deadline, past it.
  'staff_assigned',
  'staff_near_due',
  'staff_overdue',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The kinds addressed to officers rather than to the applicant. */
export const STAFF_KINDS: readonly MessageKind[] = ['staff_assigned', 'staff_near_due', 'staff_overdue'];

/**
 * What goes by SMS as well: the steps the applicant must act on or be told of at once. An SMS carries the dossier code
 * and what to do, nothing personal (the name, the reasons and the links are in the e-mail and the portal); the return
 * itself and the invitation to rate are not worth a paid message.
 */
export const SMS_KINDS: readonly MessageKind[] = [
  'received',
  'supplement_requested',
  'refused',
  'financial_obligation',
  'apology',
  'result_ready',
  'stopped',
  'closed',
];

/** When a citizen gets SMS: only when no e-mail goes out for the message (the default), always, or never. */
export const SMS_PREFERENCES = ['fallback', 'always', 'never'] as const;
export type SmsPreference = (typeof SMS_PREFERENCES)[number];

/**
 * Notices the rules require the applicant to be given (a supplement request, a refusal, an apology with the new
 * date, a stop or a closure): they go out whatever channels the citizen opted out of.
 */
export const LEGALLY_REQUIRED: readonly MessageKind[] = [
  'supplement_requested',
  'refused',
  'apology',
  'stopped',
  'closed',
];

/** E-mail and SMS are sent; `inapp` rows are the citizen's list in the portal (the account's subject as recipient). */
export const MESSAGE_CHANNELS = ['email', 'sms', 'inapp'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** The outbox event as the worker reads it. */
export interface MessageEvent {
  id: string;
  event_type: string;
  payload: Record<string, unknown>;
}

/**
 * The message kinds an outbox event gives the applicant: none for events the applicant is not told about (assignment,
 * approval steps, liên thông rounds, national sync…); the return comes with the invitation to rate the handling.
 */
export function messageKindsOf(event: MessageEvent): MessageKind[] {
  const kind = messageKindOf(event);
  if (!kind) return [];
  return kind === 'returned' ? ['returned', 'rating_invitation'] : [kind];
}

/** The main message kind of an outbox event for the applicant, or null. */
export function messageKindOf(event: MessageEvent): MessageKind | null {
  const p = event.payload;
  if (event.event_type === 'dossier.appointment_changed') return p['reason'] === 'apology' ? 'apology' : null;
  if (event.event_type !== 'dossier.status_changed') return null;
  const action = p['action'];
  const to = p['to'];
  if (action === 'receive') return 'received';
  if (action === 'request_supplement') return 'supplement_requested';
  if (action === 'close_unsupplemented') return 'closed';
  if (action === 'financial_obligation_met') return 'payment_received';
  switch (to) {
    case 'refused':
      return 'refused';
    case 'awaiting_financial_obligation':
      return 'financial_obligation';
    case 'result_ready':
      return 'result_ready';
    case 'returned':
      return 'returned';
    case 'stopped':
      return 'stopped';
    default:
      return null;
  }
}

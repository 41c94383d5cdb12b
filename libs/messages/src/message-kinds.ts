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
  'apology',
  'result_ready',
  'returned',
  'stopped',
  'closed',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

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
 * The message kind an outbox event gives the applicant, or null for events the applicant is not told about
 * (assignment, approval steps, liên thông rounds, national sync…).
 */
export function messageKindOf(event: MessageEvent): MessageKind | null {
  const p = event.payload;
  if (event.event_type === 'dossier.appointment_changed') return p['reason'] === 'apology' ? 'apology' : null;
  if (event.event_type !== 'dossier.status_changed') return null;
  const action = p['action'];
  const to = p['to'];
  if (action === 'receive') return 'received';
  if (action === 'request_supplement') return 'supplement_requested';
  if (action === 'close_unsupplemented') return 'closed';
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

import type { DossierStatus } from '@app/dossiers';
import type { Lang } from '../i18n/messages';
import { formatDay, formatDayTime } from './citizen-format';
import { translator } from '../web/page-kit';

/** What the tracker needs of a dossier (the columns of its row). */
export interface ProgressDossier {
  status: DossierStatus;
  submitted_at: Date | null;
  received_at: Date | null;
  result_ready_at: Date | null;
  returned_at: Date | null;
  closed_at: Date | null;
  due_at: Date | null;
}

/** What the tracker needs of an audit-trail entry. */
export interface ProgressEvent {
  action: string;
  toStatus: string;
  reason: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export type StepState = 'done' | 'current' | 'upcoming' | 'stopped';

export interface ProgressStep {
  key: 'submitted' | 'received' | 'processing' | 'result' | 'returned';
  title: string;
  state: StepState;
  /** The state in words, for screen readers and the tag ("Đã xong", "Đang thực hiện", "Chưa tới"). */
  stateText: string;
  /** dd/mm/yyyy (Vietnam's time zone), or '' when the step has no date yet. */
  date: string;
  /** A sentence about this step for the citizen, or ''. */
  note: string;
}

/** One line of the citizen's history: what happened, when, and (where the law asks for one) why. */
export interface HistoryEntry {
  text: string;
  when: string;
  reason: string | null;
}

/**
 * The actions a citizen sees in their history. Internal hand-overs (assignment, approval round trips, agency
 * acknowledgements and sub-statuses, deliveries, deadline flags) stay on the staff pages and in Mẫu 05.
 */
const CITIZEN_ACTIONS = new Set([
  'create',
  'submit',
  'withdraw',
  'receive',
  'refuse',
  'request_supplement',
  'supplement',
  'forward_to_agency',
  'agency_answered',
  'request_financial_obligation',
  'financial_obligation_met',
  'approve',
  'return_result',
  'stop',
]);

/** Actions whose reason the citizen is told (the law asks the desk to give it). */
const REASON_ACTIONS = new Set(['withdraw', 'refuse', 'request_supplement', 'stop']);

const PROCESSING: readonly DossierStatus[] = [
  'in_process',
  'awaiting_agency',
  'awaiting_financial_obligation',
  'awaiting_approval',
];

const STOPPED: readonly DossierStatus[] = ['refused', 'withdrawn', 'stopped'];

function firstAt(events: readonly ProgressEvent[], pred: (e: ProgressEvent) => boolean): Date | null {
  return events.find(pred)?.occurredAt ?? null;
}

function lastAt(events: readonly ProgressEvent[], pred: (e: ProgressEvent) => boolean): ProgressEvent | null {
  return [...events].reverse().find(pred) ?? null;
}

/**
 * The citizen's progress tracker: submitted → received → processing → result → returned, each done, current or to
 * come, with its date. A refused, withdrawn or stopped dossier ends at the step where it stopped, saying why.
 */
export function progressSteps(
  row: ProgressDossier,
  events: readonly ProgressEvent[],
  lang: Lang,
  agencyNames: readonly string[] = [],
): ProgressStep[] {
  const t = translator(lang);
  const processingAt = firstAt(events, (e) => PROCESSING.includes(e.toStatus as DossierStatus));
  const stoppedEvent = STOPPED.includes(row.status) ? lastAt(events, (e) => e.toStatus === row.status) : null;
  const supplementEvent =
    row.status === 'supplement_requested' ? lastAt(events, (e) => e.action === 'request_supplement') : null;

  const reached = {
    submitted: row.submitted_at !== null,
    received: row.received_at !== null,
    processing: processingAt !== null || row.result_ready_at !== null,
    result: row.result_ready_at !== null,
    returned: row.returned_at !== null,
  };
  const dates = {
    submitted: row.submitted_at,
    received: row.received_at,
    processing: processingAt,
    result: row.result_ready_at,
    returned: row.returned_at,
  };
  const keys = ['submitted', 'received', 'processing', 'result', 'returned'] as const;
  // The step in progress: the first one not reached (none when the dossier is closed).
  const currentIndex = keys.findIndex((k) => !reached[k]);
  const closed = row.status === 'returned' || stoppedEvent !== null;

  return keys.map((key, index) => {
    let state: StepState;
    if (reached[key]) state = 'done';
    else if (index === currentIndex && stoppedEvent) state = 'stopped';
    else if (index === currentIndex && !closed) state = 'current';
    else state = 'upcoming';
    // A dossier stopped at a step shows the step as stopped even when later ones never come.
    let note = '';
    if (state === 'stopped' && stoppedEvent) {
      note = t(`dossier.progress.stopped.${row.status}`, { date: formatDay(stoppedEvent.occurredAt) });
    } else if (state === 'current') {
      if (supplementEvent) note = t('dossier.progress.note.supplement');
      else if (key === 'received') note = t('dossier.progress.note.awaitingReception');
      else if (key === 'processing' || key === 'result') {
        note =
          row.status === 'awaiting_agency' && agencyNames.length > 0
            ? t('dossier.progress.note.agencies', { agencies: agencyNames.join(', ') })
            : row.due_at
              ? t('dossier.progress.note.due', { date: formatDay(row.due_at) })
              : '';
      } else if (key === 'returned') note = t('dossier.progress.note.collect');
      else if (key === 'submitted') note = t('dossier.progress.note.draft');
    } else if (state === 'done' && key === 'processing' && agencyNames.length > 0) {
      note = t('dossier.progress.note.agenciesDone', { agencies: agencyNames.join(', ') });
    }
    const date = dates[key];
    return {
      key,
      title: t(`dossier.progress.${key}`),
      state,
      stateText: t(`dossier.progress.state.${state}`),
      date: state === 'done' && date ? formatDay(date) : '',
      note,
    };
  });
}

/**
 * The citizen's history: only what concerns them, in order, with consecutive repeats of one action folded into one
 * line (the forwarding to several agencies reads as one line naming them).
 */
export function citizenHistory(
  events: readonly ProgressEvent[],
  lang: Lang,
  agencyNameOf: (code: string) => string,
): HistoryEntry[] {
  const t = translator(lang);
  const out: Array<HistoryEntry & { action: string }> = [];
  const opened = events.filter((e) => e.action === 'agency_case_opened');
  for (const e of events) {
    if (!CITIZEN_ACTIONS.has(e.action)) continue;
    const reason = REASON_ACTIONS.has(e.action) ? e.reason : null;
    const previous = out[out.length - 1];
    if (previous && previous.action === e.action && previous.reason === reason) continue;
    let text = t(`dossier.event.${e.action}`);
    if (e.action === 'forward_to_agency') {
      const codes = [
        ...new Set(
          opened
            .filter((o) => o.occurredAt.getTime() >= e.occurredAt.getTime())
            .map((o) => (typeof o.data['agency'] === 'string' ? o.data['agency'] : '')),
        ),
      ].filter(Boolean);
      if (codes.length > 0) {
        text = t('dossier.history.forwardedTo', { agencies: codes.map(agencyNameOf).join(', ') });
      }
    }
    out.push({ action: e.action, text, when: formatDayTime(e.occurredAt, lang), reason });
  }
  return out.map(({ text, when, reason }) => ({ text, when, reason }));
}

/** The agencies a dossier's cases went to, by electronic ID, in the order they were opened. */
export function forwardedAgencyCodes(events: readonly ProgressEvent[]): string[] {
  return [
    ...new Set(
      events
        .filter((e) => e.action === 'agency_case_opened')
        .map((e) => (typeof e.data['agency'] === 'string' ? e.data['agency'] : ''))
        .filter(Boolean),
    ),
  ];
}

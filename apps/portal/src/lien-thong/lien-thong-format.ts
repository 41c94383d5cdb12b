import type { FieldProblem } from '@app/observability';
import type { AgencyCaseStatus, CircuitState } from '@app/routing';
import type { T } from '../web/page-kit';
import { MAX_RESULT_DOCUMENTS } from './agency-case.dto';

/** The tabs of an agency's inbox, as the case list filters them. */
export const INBOX_TABS = ['new', 'open', 'closed'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

export function isInboxTab(value: unknown): value is InboxTab {
  return typeof value === 'string' && (INBOX_TABS as readonly string[]).includes(value);
}

/** govuk-tag colour of a case status: new work blue, in hand light blue, waiting on someone yellow, done green. */
export function caseStatusTagClass(status: AgencyCaseStatus): string {
  switch (status) {
    case 'waiting':
      return 'govuk-tag--grey';
    case 'new':
      return 'govuk-tag--blue';
    case 'acknowledged':
    case 'in_progress':
      return 'govuk-tag--light-blue';
    case 'needs_supplement':
      return 'govuk-tag--yellow';
    case 'done':
      return 'govuk-tag--green';
    case 'returned':
      return 'govuk-tag--red';
    case 'cancelled':
      return 'govuk-tag--grey';
  }
}

export function circuitTagClass(state: CircuitState): string {
  switch (state) {
    case 'closed':
      return 'govuk-tag--green';
    case 'half_open':
      return 'govuk-tag--yellow';
    case 'open':
      return 'govuk-tag--red';
  }
}

/**
 * A duration as people read it, the two largest units: "2 ngày 3 giờ", "45 phút", "12 giây". `unit` gives the
 * translated unit words.
 */
export function durationText(seconds: number, unit: (name: 'd' | 'h' | 'm' | 's', n: number) => string): string {
  const s = Math.max(0, Math.floor(seconds));
  const parts: Array<['d' | 'h' | 'm' | 's', number]> = [
    ['d', Math.floor(s / 86_400)],
    ['h', Math.floor((s % 86_400) / 3600)],
    ['m', Math.floor((s % 3600) / 60)],
    ['s', s % 60],
  ];
  const first = parts.findIndex(([, n]) => n > 0);
  if (first === -1) return unit('s', 0);
  return parts
    .slice(first, first + 2)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => unit(name, n))
    .join(' ');
}

/** A whole number of bytes for people: "820 B", "14 KB", "2.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The input of an action's form that shows a service problem of `field`. */
const INPUT_OF: Readonly<Record<string, string>> = {
  subStatus: 'subStatus',
  note: 'note',
  summary: 'summary',
  documents: 'files',
  reason: 'reason',
};

export function caseProblemInput(field: string): string {
  if (field.startsWith('documents')) return 'files';
  return INPUT_OF[field] ?? 'action';
}

/** A case service's problem in the page's language where it is a known one; otherwise the field and its words. */
export function caseProblemText(p: FieldProblem, t: T): string {
  const message = p.messages.join(', ');
  const doc = /^documents\[(\d+)\]\.(\w+)$/.exec(p.field);
  if (doc) {
    const n = String(Number(doc[1]) + 1);
    if (p.code === 'file_type') return t('lt.error.fileType', { n });
    if (p.code === 'too_large') return t('lt.error.fileSize', { n });
    if (doc[2] === 'fileName') return t('lt.error.fileName', { n });
    return t('lt.error.fileUnreadable', { n });
  }
  if (p.field === 'documents' || p.field === 'files')
    return t('lt.error.fileCount', { n: String(MAX_RESULT_DOCUMENTS) });
  if (p.field === 'subStatus') return t('lt.error.subStatusUnknown');
  if (p.field === 'note' && p.code === 'required') return t('lt.error.noteSupplement');
  if (p.field === 'note') return t('lt.error.noteLength');
  if (p.field === 'summary') return t('lt.error.summaryLength');
  if (p.field === 'reason') return t('lt.error.reasonLength');
  return `${p.field}: ${message}`;
}

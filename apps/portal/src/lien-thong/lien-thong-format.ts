import type { AgencyCaseStatus, CircuitState } from '@app/routing';

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

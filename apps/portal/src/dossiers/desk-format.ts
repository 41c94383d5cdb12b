import type { Role } from '@app/auth';
import type { DossierAction, DossierStatus } from '@app/dossiers';
import { TRANSITIONS } from '@app/dossiers';

/** The queues of the desk, in the order a clerk meets them; `assigned` is the specialist's own work. */
export const OPEN_QUEUES = [
  'submitted',
  'supplement_requested',
  'received',
  'in_process',
  'awaiting_agency',
  'awaiting_financial_obligation',
  'awaiting_approval',
  'result_ready',
] as const satisfies readonly DossierStatus[];
export const CLOSED_QUEUES = [
  'returned',
  'refused',
  'stopped',
  'withdrawn',
] as const satisfies readonly DossierStatus[];
export type DeskTab = 'assigned' | (typeof OPEN_QUEUES)[number] | (typeof CLOSED_QUEUES)[number];
export const DESK_TABS: readonly DeskTab[] = ['assigned', ...OPEN_QUEUES, ...CLOSED_QUEUES];

/**
 * Tabs in display order for the caller's roles: specialists see their own work first (only they have any), leaders
 * what awaits their approval.
 */
export function tabsFor(roles: readonly Role[]): DeskTab[] {
  const first: DeskTab[] = [];
  if (roles.includes('leader')) first.push('awaiting_approval');
  if (roles.includes('specialist')) first.push('assigned');
  const queues: DeskTab[] = [...OPEN_QUEUES, ...CLOSED_QUEUES];
  return [...first, ...queues.filter((t) => !first.includes(t))];
}

export function isDeskTab(value: unknown): value is DeskTab {
  return typeof value === 'string' && (DESK_TABS as readonly string[]).includes(value);
}

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

function parts(instant: Date): { d: string; m: string; y: string; hh: string; mm: string } {
  const local = new Date(instant.getTime() + VN_OFFSET_MS).toISOString();
  return {
    y: local.slice(0, 4),
    m: local.slice(5, 7),
    d: local.slice(8, 10),
    hh: local.slice(11, 13),
    mm: local.slice(14, 16),
  };
}

/** An instant as Vietnam shows it: `dd/mm/yyyy HH:MM` in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function formatDateTime(instant: Date | string | null | undefined): string {
  if (!instant) return '';
  const p = parts(new Date(instant));
  return `${p.d}/${p.m}/${p.y} ${p.hh}:${p.mm}`;
}

/** The calendar date of an instant in Vietnam, `dd/mm/yyyy`. */
export function formatDate(instant: Date | string | null | undefined): string {
  if (!instant) return '';
  const p = parts(new Date(instant));
  return `${p.d}/${p.m}/${p.y}`;
}

/** The machine-readable instant for `<time datetime>`, with Vietnam's offset. */
export function isoLocal(instant: Date | string | null | undefined): string {
  if (!instant) return '';
  const p = parts(new Date(instant));
  return `${p.y}-${p.m}-${p.d}T${p.hh}:${p.mm}+07:00`;
}

/** `31/12/2027` or `2027-12-31` → `2027-12-31` when it is a real calendar date; otherwise null. */
export function parseDateInput(value: string): string | null {
  const trimmed = value.trim();
  const [vn, day = '', month = '', year = ''] = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed) ?? [];
  const iso = vn ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : trimmed;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** `2027-12-31` → `31/12/2027`. */
export function displayIsoDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The first and last day of the month of `today` (`YYYY-MM-DD`), the default period of the register. */
export function monthOf(today: string): { from: string; to: string } {
  const [y = NaN, m = NaN] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const month = String(m).padStart(2, '0');
  return { from: `${y}-${month}-01`, to: `${y}-${month}-${String(last).padStart(2, '0')}` };
}

/** Whether the action needs a written reason (refuse, supplement request, withdraw, send back, stop, …). */
export function reasonRequired(action: DossierAction): boolean {
  return TRANSITIONS.some((t) => t.action === action && t.reasonRequired);
}

/** govuk-tag colour class for a status: new work blue, waiting on someone yellow, done green, closed grey/red. */
export function statusTagClass(status: DossierStatus): string {
  switch (status) {
    case 'draft':
      return 'govuk-tag--grey';
    case 'submitted':
      return 'govuk-tag--blue';
    case 'received':
    case 'in_process':
      return 'govuk-tag--light-blue';
    case 'supplement_requested':
    case 'awaiting_agency':
    case 'awaiting_financial_obligation':
      return 'govuk-tag--yellow';
    case 'awaiting_approval':
      return 'govuk-tag--purple';
    case 'result_ready':
      return 'govuk-tag--turquoise';
    case 'returned':
      return 'govuk-tag--green';
    case 'refused':
    case 'stopped':
      return 'govuk-tag--red';
    case 'withdrawn':
      return 'govuk-tag--grey';
  }
}

/**
 * Date arithmetic for the working calendar, done on ISO date strings (`YYYY-MM-DD`) and explicit UTC+07:00 offsets.
 * Vietnam (Asia/Ho_Chi_Minh) has had no daylight saving time since 1975, so local time is always UTC+7; nothing here
 * reads the machine's local time zone.
 */

/** Offset of Asia/Ho_Chi_Minh from UTC, in milliseconds. */
export const VN_OFFSET_MS = 7 * 3600 * 1000;
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const DAY_MS = 24 * 3600 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)(?::00)?$/;

/** True for a real calendar date written `YYYY-MM-DD` (2025-02-29 is false). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function assertIsoDate(value: string, what = 'date'): void {
  if (!isIsoDate(value)) throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got "${value}"`);
}

/** Days since 1970-01-01 of an ISO date. */
function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date: "${date}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** `HH:MM` (or `HH:MM:00`, as PostgreSQL prints a `time`) → minutes after midnight. */
export function parseClock(value: string, what = 'time'): number {
  const m = HH_MM.exec(value);
  if (!m) throw new RangeError(`${what} must be HH:MM, got "${value}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The local (UTC+7) calendar date and time of day of an instant; time of day in milliseconds after midnight. */
export function toLocal(instant: Date): { date: string; msOfDay: number } {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid instant');
  const shifted = t + VN_OFFSET_MS;
  const day = Math.floor(shifted / DAY_MS);
  return { date: fromDayNumber(day), msOfDay: shifted - day * DAY_MS };
}

/** The instant of a local (UTC+7) date at `minutes` after midnight. */
export function instantAt(date: string, minutes: number): Date {
  return new Date(dayNumber(date) * DAY_MS + minutes * 60_000 - VN_OFFSET_MS);
}

/** An instant written in local time with its offset, e.g. `2025-04-10T17:00:00+07:00`. */
export function formatLocalInstant(instant: Date): string {
  const shifted = new Date(instant.getTime() + VN_OFFSET_MS).toISOString();
  const ms = shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${ms === '.000' ? '' : ms}+07:00`;
}

const LOCAL_OR_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an instant: ISO 8601 with an offset (`Z` or `±hh:mm`), or a local Asia/Ho_Chi_Minh time without one
 * (`2025-04-07T09:00`). Returns null when it is not such a string or not a real date and time.
 */
export function parseInstant(value: string): Date | null {
  const m = LOCAL_OR_OFFSET.exec(value);
  if (!m?.[1] || !isIsoDate(m[1])) return null;
  const [hh, mm, ss] = [Number(m[2]), Number(m[3]), Number(m[4] ?? '0')];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const text = m[6] ? value : `${value}+07:00`;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t);
}

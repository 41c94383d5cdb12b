/** Vietnam keeps UTC+7 all year (no daylight saving), so Asia/Ho_Chi_Minh wall time is a fixed shift. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(instant: Date): WallTime {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid date');
  const shifted = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The exchange's date format: `yyyyMMddHHmmss` in Vietnam time (docs/national-portal.md §2). */
export function exchangeDateTime(instant: Date): string {
  const t = wallTime(instant);
  return `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}${pad(t.hour)}${pad(t.minute)}${pad(t.second)}`;
}

/** `yymmdd` of the Vietnam day the instant falls on. */
export function vietnamDayKey(instant: Date): string {
  const t = wallTime(instant);
  return `${pad(t.year % 100)}${pad(t.month)}${pad(t.day)}`;
}

/** A date and time as people read it on the page: "05/12/2026 14:03" (Vietnam time). */
export function displayDateTime(instant: Date | string): string {
  const t = wallTime(typeof instant === 'string' ? new Date(instant) : instant);
  return `${pad(t.day)}/${pad(t.month)}/${pad(t.year, 4)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** The same instant as a machine-readable value for `<time datetime>`, with Vietnam's offset. */
export function isoVietnam(instant: Date | string): string {
  const t = wallTime(typeof instant === 'string' ? new Date(instant) : instant);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}+07:00`;
}

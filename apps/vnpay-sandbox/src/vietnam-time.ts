/** Vietnam keeps UTC+7 all year (no daylight saving), so Asia/Ho_Chi_Minh wall time is a fixed shift. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function shifted(instant: Date): Date {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid date');
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS);
}

/** VNPay's date format: `yyyyMMddHHmmss` in Vietnam time (vnp_CreateDate, vnp_ExpireDate, vnp_PayDate). */
export function vnpDate(instant: Date): string {
  const t = shifted(instant);
  return `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(
    t.getUTCMinutes(),
  )}${pad(t.getUTCSeconds())}`;
}

/** The instant a `yyyyMMddHHmmss` Vietnam time names, or null when it is not one (wrong shape, no such day). */
export function parseVnpDate(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  return new Date(utc - VIETNAM_OFFSET_MS);
}

/** A date and time as people read it on the page: "05/12/2026 14:03:09" (Vietnam time). */
export function displayDateTime(instant: Date | string): string {
  const t = shifted(typeof instant === 'string' ? new Date(instant) : instant);
  return `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCFullYear(), 4)} ${pad(t.getUTCHours())}:${pad(
    t.getUTCMinutes(),
  )}:${pad(t.getUTCSeconds())}`;
}

/** The same instant as a machine-readable value for `<time datetime>`, with Vietnam's offset. */
export function isoVietnam(instant: Date | string): string {
  const t = shifted(typeof instant === 'string' ? new Date(instant) : instant);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(
    t.getUTCMinutes(),
  )}:${pad(t.getUTCSeconds())}+07:00`;
}

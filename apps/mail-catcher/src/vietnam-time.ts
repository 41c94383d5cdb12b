/** Vietnam keeps UTC+7 all year (no daylight saving), so Asia/Ho_Chi_Minh wall time is a fixed shift. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function shifted(instant: Date): Date {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid date');
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS);
}

/** A date and time as people read it on the page: "05/12/2026 14:03" (Vietnam time). */
export function displayDateTime(instant: Date): string {
  const t = shifted(instant);
  return `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCFullYear(), 4)} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** The same instant as a machine-readable value for `<time datetime>`, with Vietnam's offset. */
export function isoVietnam(instant: Date): string {
  const t = shifted(instant);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(
    t.getUTCMinutes(),
  )}:${pad(t.getUTCSeconds())}+07:00`;
}

/**
 * Dates and times as Vietnamese administrative documents write them, always in Asia/Ho_Chi_Minh. Vietnam has had no
 * daylight saving time since 1975, so local time is UTC+7 and nothing here reads the machine's time zone.
 *
 * Nghị định 30/2020/NĐ-CP (formatting of administrative documents): days below 10 and months below 3 carry a leading
 * zero in the place-and-date line ("ngày 05 tháng 02 năm 2026", but "tháng 3").
 */

const VN_OFFSET_MS = 7 * 3600 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface VietnamDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The wall-clock parts of an instant in Asia/Ho_Chi_Minh. */
export function vietnamParts(instant: Date): VietnamDateParts {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('invalid date');
  const local = new Date(time + VN_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

function isoDateParts(date: string): VietnamDateParts {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a calendar date YYYY-MM-DD: "${date}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date YYYY-MM-DD: "${date}"`);
  }
  return { year, month, day, hour: 0, minute: 0 };
}

function parts(value: Date | string): VietnamDateParts {
  return typeof value === 'string' ? isoDateParts(value) : vietnamParts(value);
}

/** "ngày 05 tháng 02 năm 2026" / "ngày 25 tháng 11 năm 2026" (leading zeros as NĐ 30/2020 requires). */
export function longDate(value: Date | string): string {
  const p = parts(value);
  const day = p.day < 10 ? two(p.day) : String(p.day);
  const month = p.month < 3 ? two(p.month) : String(p.month);
  return `ngày ${day} tháng ${month} năm ${p.year}`;
}

/** "09 giờ 15 phút, ngày 25 tháng 11 năm 2026". */
export function longDateTime(instant: Date): string {
  const p = vietnamParts(instant);
  return `${two(p.hour)} giờ ${two(p.minute)} phút, ${longDate(instant)}`;
}

/** The place-and-date line of a document: "Thủy Biều, ngày 25 tháng 11 năm 2026". */
export function placeAndDate(locality: string, value: Date | string): string {
  return `${locality}, ${longDate(value)}`;
}

/** "25/11/2026". */
export function shortDate(value: Date | string): string {
  const p = parts(value);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** "25/11/2026 09:15". */
export function shortDateTime(instant: Date): string {
  const p = vietnamParts(instant);
  return `${shortDate(instant)} ${two(p.hour)}:${two(p.minute)}`;
}

import Holidays from 'date-holidays';
import { addDays, isoWeekday } from './calendar-date';
import { CalendarDayData } from './working-calendar';

/** A day of a composed year: always `source` statutory, `rule` says which rule of ours produced it. */
export interface ComposedDay extends CalendarDayData {
  source: 'statutory';
  rule: 'fixed' | 'lunar' | 'tet_block' | 'national_day_adjacent' | 'make_up';
}

export interface LunarAnchors {
  /** Mùng 1 Tết (first day of the lunar year). */
  tetDay1: string;
  /** Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month. */
  hungKings: string;
}

/**
 * The lunar anchors of a Gregorian year from `date-holidays` (country VN): Tết day 1 (rule `vietnamese 1-0-1`) and
 * Giỗ Tổ Hùng Vương (rule `vietnamese 3-0-10`). Throws when the library does not provide them.
 */
export function lunarAnchors(year: number): LunarAnchors {
  const hd = new Holidays('VN');
  const list = hd.getHolidays(year, 'vi');
  const byRule = (rule: string) => list.find((h) => h.rule === rule)?.date.slice(0, 10);
  const tetDay1 = byRule('vietnamese 1-0-1');
  const hungKings = byRule('vietnamese 3-0-10');
  if (!tetDay1 || !hungKings) throw new Error(`date-holidays has no lunar anchors for VN ${year}`);
  return { tetDay1, hungKings };
}

const TET_DAY_NAMES = ['Tết Nguyên đán (giao thừa)', 'Tết Nguyên đán (mùng 1)', 'Tết Nguyên đán (mùng 2)'];

/**
 * The public holidays of a year by Bộ luật Lao động 2019, Điều 112, composed from the `date-holidays` anchors with
 * our default rules. The government's notice for the year (see OFFICIAL_NOTICES) then fixes the exact days.
 *
 * - 1/1, 30/4, 1/5 and 2/9 on their dates; Giỗ Tổ Hùng Vương on 10/3 lunar.
 * - **Tết block (5 days):** the last day of the lunar year (giao thừa) and the first four days of the new year,
 *   five consecutive calendar days. (2026's notice chose exactly this; 2025's chose 28 tháng Chạp to mùng 3.)
 * - **Second National Day day:** of 1/9 and 3/9, the one that is a weekday; when both are, the one that joins the
 *   holiday to a weekend (3/9 when 2/9 is a Thursday, 1/9 when it is a Tuesday); otherwise 1/9. So 2/9 on Monday,
 *   Thursday or Sunday → 3/9; on Tuesday, Wednesday, Friday or Saturday → 1/9.
 * - **Make-up days:** each of these holidays that falls on a weekly rest day (Sunday, and Saturday unless the
 *   locality works Saturdays) is made up on the next day that is neither a weekly rest day, a holiday, nor another
 *   make-up day, taken in date order — so the weekend days inside the Tết block are made up after the block.
 */
export function composeStatutoryYear(year: number, opts: { saturdayWorking?: boolean } = {}): ComposedDay[] {
  const { tetDay1, hungKings } = lunarAnchors(year);
  const pad = (n: number) => String(n).padStart(2, '0');
  const on = (m: number, d: number) => `${year}-${pad(m)}-${pad(d)}`;
  const isRest = (date: string) => {
    const wd = isoWeekday(date);
    return wd === 7 || (wd === 6 && !opts.saturdayWorking);
  };
  const day = (date: string, name: string, rule: ComposedDay['rule']): ComposedDay => ({
    date,
    kind: 'holiday',
    name,
    source: 'statutory',
    rule,
  });
  const holidays: ComposedDay[] = [
    day(on(1, 1), 'Tết Dương lịch', 'fixed'),
    ...[-1, 0, 1, 2, 3].map((offset) =>
      day(addDays(tetDay1, offset), TET_DAY_NAMES[offset + 1] ?? `Tết Nguyên đán (mùng ${offset + 1})`, 'tet_block'),
    ),
    day(hungKings, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'lunar'),
    day(on(4, 30), 'Ngày Chiến thắng (30/4)', 'fixed'),
    day(on(5, 1), 'Ngày Quốc tế Lao động (1/5)', 'fixed'),
    day(on(9, 2), 'Quốc khánh (2/9)', 'fixed'),
    day(nationalDayAdjacent(year), 'Quốc khánh (ngày liền kề)', 'national_day_adjacent'),
  ].sort((a, b) => a.date.localeCompare(b.date));

  const taken = new Set(holidays.map((h) => h.date));
  const makeUps: ComposedDay[] = [];
  for (const h of holidays) {
    if (!isRest(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isRest(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    makeUps.push(day(d, `Nghỉ bù ${h.name}`, 'make_up'));
  }
  return [...holidays, ...makeUps].sort((a, b) => a.date.localeCompare(b.date));
}

/** The default second day of the National Day holiday (see composeStatutoryYear). */
export function nationalDayAdjacent(year: number): string {
  const before = `${year}-09-01`;
  const after = `${year}-09-03`;
  const weekday = (d: string) => isoWeekday(d) <= 5;
  if (weekday(before) && weekday(after)) return isoWeekday(after) === 5 ? after : before;
  if (weekday(after)) return after;
  return before;
}

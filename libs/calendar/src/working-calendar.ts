import {
  addDays,
  assertIsoDate,
  daysBetween,
  instantAt,
  isoWeekday,
  parseClock,
  toLocal,
  yearOf,
} from './calendar-date';
import { CalendarYearNotCoveredError } from './calendar-year-not-covered.error';

export const CALENDAR_DAY_KINDS = ['holiday', 'working_day'] as const;
export const CALENDAR_DAY_SOURCES = ['statutory', 'notice', 'admin'] as const;
export const DEADLINE_UNITS = ['working_days', 'working_hours'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];
export type CalendarDaySource = (typeof CALENDAR_DAY_SOURCES)[number];
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/** A day that departs from the weekly pattern: a day off (holiday, make-up or swapped day) or a Saturday worked. */
export interface CalendarDayData {
  date: string;
  kind: CalendarDayKind;
  name: string;
  source?: CalendarDaySource;
}

export interface WorkingPeriod {
  /** `HH:MM`, local time. */
  start: string;
  end: string;
}

export interface WorkingCalendarData {
  code?: string;
  /** The years this calendar has data for; asking about any other year throws. */
  years: readonly number[];
  days: readonly CalendarDayData[];
  /** Saturdays are working days in this locality (Sunday never is). Default false: the civil-service week Mon–Fri. */
  saturdayWorking?: boolean;
  /** Receptions at or after this local time count from the next working day. Default `15:00`. */
  cutoff?: string;
  /** Working periods of a working day, in order. Default 07:30–11:30 and 13:30–17:00. */
  workingHours?: readonly WorkingPeriod[];
}

export interface DeadlineLimit {
  unit: DeadlineUnit;
  /** Working days (an integer; 0 = same day) or working hours (may be fractional, e.g. 0.5). */
  amount: number;
}

export interface Due {
  /** The working day the count starts on (the reception day, or the next working day after the cut-off). */
  countingStart: string;
  /** The instant the clock starts running. */
  startsAt: Date;
  /** The instant the result is due. */
  dueAt: Date;
  /** The local date of `dueAt`. */
  dueDate: string;
}

export const DEFAULT_CUTOFF = '15:00';
export const DEFAULT_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A working-day calendar built from plain data, with no I/O. All dates are ISO `YYYY-MM-DD` strings in
 * Asia/Ho_Chi_Minh (UTC+7, no DST); all instants are `Date`s and are converted with the explicit +07:00 offset.
 *
 * Counting conventions (what a desk clerk writes on the receipt, Mẫu 01):
 * - **Counting start.** A dossier received on a working day before the cut-off (15:00; 14:59:59 is before, 15:00:00
 *   is not) counts from that day; otherwise from the next working day.
 * - **Working days.** The counting-start day is day 0 and the limit is added in working days; the result is due at
 *   the end of the last working period of that day (17:00). Received Mon 09:00 with 3 working days → due Thu 17:00;
 *   received Mon 15:30 → due Fri 17:00. An amount of 0 is "same day": due at 17:00 of the counting-start day, i.e.
 *   that day before the cut-off and the next working day after it.
 * - **Working hours.** The clock starts at the reception instant (moved to the next working moment when it falls in
 *   the lunch break or before opening), or at the opening of the next working day when received at or after the
 *   cut-off or on a day off; it runs only inside working periods, skipping lunch, nights, weekends and holidays. A
 *   limit ending exactly at the end of a period is due then (11:30, not 13:30).
 * - **Supplement requests** ({@link pausedDue}, {@link restartedDue}): see there.
 * - **Years covered.** Every question about a date in a year outside `years` throws
 *   {@link CalendarYearNotCoveredError}, including iterations that run into such a year.
 */
export class WorkingCalendar {
  readonly code: string;
  readonly saturdayWorking: boolean;
  readonly cutoffMinutes: number;
  /** Working periods as [start, end) minutes after midnight. */
  readonly periods: ReadonlyArray<readonly [number, number]>;
  /** Start of the first and end of the last working period, minutes after midnight. */
  private readonly dayStart: number;
  private readonly dayEnd: number;
  private readonly years: ReadonlySet<number>;
  private readonly days: ReadonlyMap<string, CalendarDayData>;

  constructor(data: WorkingCalendarData) {
    this.code = data.code ?? 'calendar';
    this.saturdayWorking = data.saturdayWorking ?? false;
    this.cutoffMinutes = parseClock(data.cutoff ?? DEFAULT_CUTOFF, 'cutoff');
    for (const y of data.years) {
      if (!Number.isInteger(y) || y < 1900 || y > 9999) throw new RangeError(`year ${y} is not a valid year`);
    }
    this.years = new Set(data.years);
    const periods = (data.workingHours ?? DEFAULT_WORKING_HOURS).map(
      (p) => [parseClock(p.start, 'working period start'), parseClock(p.end, 'working period end')] as const,
    );
    const [firstPeriod] = periods;
    const lastPeriod = periods.at(-1);
    if (!firstPeriod || !lastPeriod) throw new RangeError('a calendar needs at least one working period');
    periods.forEach(([s, e], i) => {
      if (s >= e) throw new RangeError(`working period ${i + 1} ends before it starts`);
      const before = periods[i - 1];
      if (before && s < before[1]) throw new RangeError(`working period ${i + 1} overlaps the one before`);
    });
    this.periods = periods;
    this.dayStart = firstPeriod[0];
    this.dayEnd = lastPeriod[1];
    const days = new Map<string, CalendarDayData>();
    for (const day of data.days) {
      assertIsoDate(day.date, 'calendar day');
      if (!this.years.has(yearOf(day.date))) {
        throw new RangeError(`calendar day ${day.date} lies outside the covered years`);
      }
      if (days.has(day.date)) throw new RangeError(`calendar day ${day.date} is listed twice`);
      days.set(day.date, day);
    }
    this.days = days;
  }

  /** The covered years, ascending. */
  get coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  private check(date: string): void {
    assertIsoDate(date);
    const year = yearOf(date);
    if (!this.years.has(year)) throw new CalendarYearNotCoveredError(this.code, year);
  }

  /** The exception recorded for a date (holiday or worked weekend day), if any. */
  dayInfo(date: string): CalendarDayData | null {
    this.check(date);
    return this.days.get(date) ?? null;
  }

  /** Weekly pattern: Mon–Fri, plus Saturday where the locality works Saturdays. */
  private isWeeklyWorkingDay(date: string): boolean {
    const wd = isoWeekday(date);
    return wd <= 5 || (wd === 6 && this.saturdayWorking);
  }

  isWorkingDay(date: string): boolean {
    const info = this.dayInfo(date);
    if (info) return info.kind === 'working_day';
    return this.isWeeklyWorkingDay(date);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    let d = addDays(date, 1);
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** `date` itself when it is a working day, else the next working day. */
  firstWorkingDayFrom(date: string): string {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /**
   * The working day `n` working days after `date` (n ≥ 0). With n = 0 it is the first working day from `date`
   * (the date itself when it is a working day); with n > 0, the n-th working day strictly after `date`.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
    if (n === 0) return this.firstWorkingDayFrom(date);
    let d = date;
    for (let i = 0; i < n; i++) d = this.nextWorkingDay(d);
    return d;
  }

  /**
   * Working days in the half-open range (from, to]: the inverse of addWorkingDays for a working `from`
   * (`workingDaysBetween(d, addWorkingDays(d, n)) === n`). Negative when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    if (daysBetween(from, to) < 0) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (const day of this.eachDay(addDays(from, 1), to)) if (day.working) count++;
    return count;
  }

  /**
   * Every day from `from` to `to` inclusive with whether it is a working day, across year boundaries; throws on
   * reaching a year the calendar does not cover.
   */
  *eachDay(from: string, to: string): Generator<{ date: string; working: boolean; info: CalendarDayData | null }> {
    assertIsoDate(from);
    assertIsoDate(to);
    for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) {
      const info = this.dayInfo(d);
      yield { date: d, working: info ? info.kind === 'working_day' : this.isWeeklyWorkingDay(d), info };
    }
  }

  /** End of the last working period of `date` (17:00 by default). */
  endOfWorkingDay(date: string): Date {
    return instantAt(date, this.dayEnd);
  }

  /** Opening of the first working period of `date` (07:30 by default). */
  startOfWorkingDay(date: string): Date {
    return instantAt(date, this.dayStart);
  }

  /** The working day a dossier received at `receivedAt` counts from (cut-off and days off applied). */
  countingStart(receivedAt: Date): string {
    const { date, msOfDay } = toLocal(receivedAt);
    if (this.isWorkingDay(date) && msOfDay < this.cutoffMinutes * MINUTE) return date;
    return this.nextWorkingDay(date);
  }

  /** The instant the clock starts for a reception (or a resumption) at `at`. */
  private clockStart(at: Date): { countingStart: string; startsAt: Date } {
    const countingStart = this.countingStart(at);
    const local = toLocal(at);
    const startsAt = countingStart === local.date ? this.nextWorkingMoment(at) : this.startOfWorkingDay(countingStart);
    return { countingStart, startsAt };
  }

  /** `at` when it lies inside a working period of a working day, else the start of the next working period. */
  nextWorkingMoment(at: Date): Date {
    return this.addWorkingTime(at, 0);
  }

  /**
   * The instant `ms` milliseconds of working time after `start`, counting only working periods of working days.
   * With ms = 0 it is `start` moved to the next working moment.
   */
  addWorkingTime(start: Date, ms: number): Date {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`working time must be non-negative, got ${ms}`);
    let { date, msOfDay } = toLocal(start);
    let remaining = ms;
    if (!this.isWorkingDay(date)) {
      date = this.nextWorkingDay(date);
      msOfDay = 0;
    }
    for (;;) {
      for (const [ps, pe] of this.periods) {
        const [s, e] = [ps * MINUTE, pe * MINUTE];
        if (msOfDay >= e) continue;
        const from = Math.max(msOfDay, s);
        if (remaining <= e - from) return new Date(instantAt(date, 0).getTime() + from + remaining);
        remaining -= e - from;
        msOfDay = e;
      }
      date = this.nextWorkingDay(date);
      msOfDay = 0;
    }
  }

  /** Working time in milliseconds between two instants (0 when `to` is not after `from`). */
  workingTimeBetween(from: Date, to: Date): number {
    if (to.getTime() <= from.getTime()) return 0;
    const a = toLocal(from);
    const b = toLocal(to);
    let total = 0;
    for (const day of this.eachDay(a.date, b.date)) {
      if (!day.working) continue;
      const lo = day.date === a.date ? a.msOfDay : 0;
      const hi = day.date === b.date ? b.msOfDay : Number.POSITIVE_INFINITY;
      for (const [ps, pe] of this.periods) {
        const overlap = Math.min(hi, pe * MINUTE) - Math.max(lo, ps * MINUTE);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  /** The due instant and date of a dossier received at `receivedAt` with the procedure's time limit. */
  dueFor(receivedAt: Date, limit: DeadlineLimit): Due {
    validateLimit(limit);
    const { countingStart, startsAt } = this.clockStart(receivedAt);
    if (limit.unit === 'working_days') {
      const dueDate = this.addWorkingDays(countingStart, limit.amount);
      return { countingStart, startsAt, dueAt: this.endOfWorkingDay(dueDate), dueDate };
    }
    const dueAt = this.addWorkingTime(startsAt, limit.amount * HOUR);
    return { countingStart, startsAt, dueAt, dueDate: toLocal(dueAt).date };
  }

  /**
   * Supplement policy "pause": the clock stops when the supplement is requested and the time that was left runs
   * again from the resumption (the complete supplement), which is treated like a reception (cut-off applies).
   * - Working days: the days left are the working days after the pause day up to the due date (the pause day
   *   itself is used up, at most the full limit); the resumption day is day 0 again.
   * - Working hours: the working time left between the pause (or the clock start, if later) and the due instant
   *   runs again from the resumption's clock start.
   * A dossier paused when already overdue keeps its due date (a pause does not rescue a late dossier).
   */
  pausedDue(args: { limit: DeadlineLimit; due: Due; pausedAt: Date; resumedAt: Date }): Due {
    const { limit, due, pausedAt, resumedAt } = args;
    validateLimit(limit);
    if (resumedAt.getTime() < pausedAt.getTime()) throw new RangeError('resumedAt is before pausedAt');
    if (pausedAt.getTime() >= due.dueAt.getTime()) return due;
    const resumed = this.clockStart(resumedAt);
    if (limit.unit === 'working_days') {
      const used = toLocal(pausedAt).date;
      const left = Math.min(limit.amount, Math.max(0, this.workingDaysBetween(used, due.dueDate)));
      const dueDate = this.addWorkingDays(resumed.countingStart, left);
      return { ...resumed, dueAt: this.endOfWorkingDay(dueDate), dueDate };
    }
    const from = pausedAt.getTime() > due.startsAt.getTime() ? pausedAt : due.startsAt;
    const left = this.workingTimeBetween(from, due.dueAt);
    const dueAt = this.addWorkingTime(resumed.startsAt, left);
    return { ...resumed, dueAt, dueDate: toLocal(dueAt).date };
  }

  /** Supplement policy "restart": the full limit counts again from the resumption, as from a new reception. */
  restartedDue(args: { limit: DeadlineLimit; resumedAt: Date }): Due {
    return this.dueFor(args.resumedAt, args.limit);
  }
}

function validateLimit(limit: DeadlineLimit): void {
  if (!(DEADLINE_UNITS as readonly string[]).includes(limit.unit)) throw new RangeError(`unknown unit ${limit.unit}`);
  if (!Number.isFinite(limit.amount) || limit.amount < 0) {
    throw new RangeError(`amount must be a non-negative number, got ${limit.amount}`);
  }
  if (limit.unit === 'working_days' && !Number.isInteger(limit.amount)) {
    throw new RangeError(`working days must be a whole number, got ${limit.amount}`);
  }
}

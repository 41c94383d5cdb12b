import { CalendarYearNotCoveredError } from './calendar-year-not-covered.error';
import { formatLocalInstant } from './calendar-date';
import { CalendarDayData, DeadlineLimit, WorkingCalendar } from './working-calendar';
import { nth } from '@app/testing';

/** The official notices of 2025 and 2026, written down here independently of the seed data. */
const DAYS_2025: CalendarDayData[] = [
  { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  ...['27', '28', '29', '30', '31'].map((d): CalendarDayData => ({
    date: `2025-01-${d}`,
    kind: 'holiday',
    name: 'Tết',
  })),
  { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương' },
  { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/5' },
  { date: '2025-04-30', kind: 'holiday', name: '30/4' },
  { date: '2025-05-01', kind: 'holiday', name: '1/5' },
  { date: '2025-05-02', kind: 'holiday', name: 'Nghỉ hoán đổi' },
  { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (liền kề)' },
  { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh' },
];
const DAYS_2026: CalendarDayData[] = [
  { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  { date: '2026-01-02', kind: 'holiday', name: 'Nghỉ hoán đổi' },
  { date: '2026-01-10', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/01' },
  ...['16', '17', '18', '19', '20'].map((d): CalendarDayData => ({
    date: `2026-02-${d}`,
    kind: 'holiday',
    name: 'Tết',
  })),
  { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (Chủ nhật)' },
  { date: '2026-04-27', kind: 'holiday', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
  { date: '2026-04-30', kind: 'holiday', name: '30/4' },
  { date: '2026-05-01', kind: 'holiday', name: '1/5' },
  { date: '2026-08-22', kind: 'working_day', name: 'Làm bù cho thứ Hai 31/8' },
  { date: '2026-08-31', kind: 'holiday', name: 'Nghỉ hoán đổi' },
  { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh (liền kề)' },
  { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh' },
];

const cal = new WorkingCalendar({ code: 'VN-test', years: [2025, 2026], days: [...DAYS_2025, ...DAYS_2026] });
const saturdays = new WorkingCalendar({
  code: 'VN-saturday',
  years: [2025, 2026],
  days: [...DAYS_2025, ...DAYS_2026],
  saturdayWorking: true,
});

const days = (amount: number): DeadlineLimit => ({ unit: 'working_days', amount });
const hours = (amount: number): DeadlineLimit => ({ unit: 'working_hours', amount });
/** A local Asia/Ho_Chi_Minh time. */
const at = (local: string) => new Date(`${local}+07:00`);
const local = (d: Date) => formatLocalInstant(d);

describe('WorkingCalendar — days', () => {
  it('keeps Tết 2025 (Mon 27 – Fri 31 Jan) off: a day received on the Friday before is due the Monday after', () => {
    for (const d of ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']) {
      expect(cal.isWorkingDay(d)).toBe(false);
    }
    expect(cal.isWorkingDay('2025-01-24')).toBe(true);
    expect(cal.nextWorkingDay('2025-01-24')).toBe('2025-02-03');
    expect(cal.dueFor(at('2025-01-24T09:00'), days(1)).dueDate).toBe('2025-02-03');
  });

  it('keeps Tết 2026 (Sat 14 – Sun 22 Feb, nine days) off', () => {
    const off = [...cal.eachDay('2026-02-14', '2026-02-22')].filter((d) => !d.working);
    expect(off).toHaveLength(9);
    expect(cal.dueFor(at('2026-02-13T10:00'), days(1)).dueDate).toBe('2026-02-23');
  });

  it('observes Giỗ Tổ: Mon 7 Apr 2025, and Sun 26 Apr 2026 made up on Mon 27 Apr', () => {
    expect(cal.isWorkingDay('2025-04-07')).toBe(false);
    expect(cal.dueFor(at('2025-04-04T10:00'), days(1)).dueDate).toBe('2025-04-08');
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.dueFor(at('2026-04-24T09:00'), days(1)).dueDate).toBe('2026-04-28');
  });

  it('observes 30/4 and 1/5 (2026: Thu and Fri → the next working day is Mon 4 May)', () => {
    expect(cal.dueFor(at('2026-04-29T09:00'), days(1)).dueDate).toBe('2026-05-04');
  });

  it('counts the swapped Saturday 26 Apr 2025 as a working day and Fri 2 May 2025 as a day off', () => {
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    expect(cal.dueFor(at('2025-04-25T10:00'), days(1)).dueDate).toBe('2025-04-26');
    expect(cal.dueFor(at('2025-04-29T10:00'), days(1)).dueDate).toBe('2025-05-05');
    expect(cal.workingDaysBetween('2025-04-25', '2025-05-05')).toBe(4); // Sat 26, Mon 28, Tue 29, Mon 5
  });

  it('observes 2/9 with its adjacent day (2025: Mon 1 Sep; 2026: Tue 1 Sep)', () => {
    expect(cal.dueFor(at('2025-08-29T09:00'), days(1)).dueDate).toBe('2025-09-03');
    expect(cal.dueFor(at('2026-08-28T10:00'), days(1)).dueDate).toBe('2026-09-03');
  });

  it('2026 Quốc khánh: Mon 31 Aug is off and Sat 22 Aug is worked in exchange', () => {
    expect(cal.isWorkingDay('2026-08-31')).toBe(false);
    expect(cal.isWorkingDay('2026-08-22')).toBe(true);
    expect(cal.dueFor(at('2026-08-21T10:00'), days(1)).dueDate).toBe('2026-08-22');
    expect(cal.dueFor(at('2026-08-20T10:00'), days(5)).dueDate).toBe('2026-08-26'); // Fri 21, Sat 22, Mon 24 – Wed 26
    expect(cal.countingStart(at('2026-08-31T09:00'))).toBe('2026-09-03');
    expect(cal.dueFor(at('2026-08-27T09:00'), days(3)).dueDate).toBe('2026-09-04'); // Fri 28, Thu 3, Fri 4
    expect(cal.workingDaysBetween('2026-08-21', '2026-09-03')).toBe(7); // Sat 22, Mon 24 – Fri 28, Thu 3
  });

  it('2026 Tết Dương lịch: Fri 2 Jan is off and Sat 10 Jan is worked in exchange', () => {
    expect(cal.isWorkingDay('2026-01-02')).toBe(false);
    expect(cal.isWorkingDay('2026-01-10')).toBe(true);
    expect(cal.dueFor(at('2026-01-09T10:00'), days(1)).dueDate).toBe('2026-01-10');
    expect(cal.dueFor(at('2026-01-08T09:00'), days(3)).dueDate).toBe('2026-01-12'); // Fri 9, Sat 10, Mon 12
  });

  it('never works a Sunday, even a holiday on one, and counts the make-up day instead', () => {
    expect(cal.isWorkingDay('2026-04-26')).toBe(false);
    expect(cal.workingDaysBetween('2026-04-24', '2026-04-28')).toBe(1);
  });

  it('counts a 3-working-day limit from Monday 09:00 to Thursday at the end of the working day', () => {
    const due = cal.dueFor(at('2025-07-07T09:00'), days(3));
    expect(due.countingStart).toBe('2025-07-07');
    expect(due.dueDate).toBe('2025-07-10');
    expect(local(due.dueAt)).toBe('2025-07-10T17:00:00+07:00');
  });

  it('applies the 15:00 cut-off: 14:59 counts the same day, 15:00 the next working day', () => {
    expect(cal.countingStart(at('2025-07-07T14:59'))).toBe('2025-07-07');
    expect(cal.countingStart(at('2025-07-07T14:59:59'))).toBe('2025-07-07');
    expect(cal.countingStart(at('2025-07-07T15:00'))).toBe('2025-07-08');
    // "same day" (amount 0): due that day before the cut-off, the next working day after it
    expect(cal.dueFor(at('2025-07-07T14:59'), days(0)).dueDate).toBe('2025-07-07');
    expect(cal.dueFor(at('2025-07-07T15:00'), days(0)).dueDate).toBe('2025-07-08');
    expect(cal.dueFor(at('2025-07-07T15:00'), days(3)).dueDate).toBe('2025-07-11');
    // after the cut-off on a Friday: the next working day is Monday
    expect(cal.dueFor(at('2025-07-04T16:30'), days(0)).dueDate).toBe('2025-07-07');
  });

  it('reads instants in Asia/Ho_Chi_Minh whatever offset they are written with', () => {
    // 07:59Z = 14:59 in Hanoi, 08:00Z = 15:00
    expect(cal.countingStart(new Date('2025-07-07T07:59:00Z'))).toBe('2025-07-07');
    expect(cal.countingStart(new Date('2025-07-07T08:00:00Z'))).toBe('2025-07-08');
    // 20:00Z on Sunday is already 03:00 on Monday in Hanoi
    expect(cal.countingStart(new Date('2025-07-06T20:00:00Z'))).toBe('2025-07-07');
  });

  it('starts the count on the next working day for a reception on a day off', () => {
    expect(cal.countingStart(at('2025-07-05T09:00'))).toBe('2025-07-07'); // Saturday
    expect(cal.countingStart(at('2025-09-02T09:00'))).toBe('2025-09-03'); // Quốc khánh
  });

  it('crosses the year boundary: received Wed 31 Dec 2025 with 3 working days → Wed 7 Jan 2026 (1–4 Jan off)', () => {
    expect(cal.dueFor(at('2025-12-31T09:00'), days(3)).dueDate).toBe('2026-01-07');
    expect(cal.dueFor(at('2025-12-31T16:00'), days(0)).dueDate).toBe('2026-01-05');
    expect(cal.workingDaysBetween('2025-12-31', '2026-01-07')).toBe(3);
    expect(cal.workingDaysBetween('2026-01-07', '2025-12-31')).toBe(-3);
  });

  it('is consistent: workingDaysBetween inverts addWorkingDays', () => {
    for (const [from, n] of [
      ['2025-01-24', 5],
      ['2025-04-25', 4],
      ['2025-12-29', 10],
    ] as const) {
      expect(cal.workingDaysBetween(from, cal.addWorkingDays(from, n))).toBe(n);
    }
  });
});

describe('WorkingCalendar — Saturday-working locality', () => {
  it('counts Saturdays as working days, Sundays and holidays still not', () => {
    expect(saturdays.isWorkingDay('2025-07-05')).toBe(true);
    expect(saturdays.isWorkingDay('2025-07-06')).toBe(false);
    expect(saturdays.dueFor(at('2025-07-04T09:00'), days(1)).dueDate).toBe('2025-07-05');
    expect(cal.dueFor(at('2025-07-04T09:00'), days(1)).dueDate).toBe('2025-07-07');
    expect(saturdays.dueFor(at('2025-07-05T10:00'), days(0)).dueDate).toBe('2025-07-05');
    expect(saturdays.isWorkingDay('2025-05-02')).toBe(false);
  });
});

describe('WorkingCalendar — hours', () => {
  it('runs the clock inside working periods and skips lunch', () => {
    expect(local(cal.dueFor(at('2025-07-07T10:30'), hours(4)).dueAt)).toBe('2025-07-07T16:30:00+07:00');
    expect(local(cal.dueFor(at('2025-07-07T12:00'), hours(1)).dueAt)).toBe('2025-07-07T14:30:00+07:00');
  });

  it('ends exactly at the end of a period rather than after lunch', () => {
    expect(local(cal.dueFor(at('2025-07-07T07:30'), hours(4)).dueAt)).toBe('2025-07-07T11:30:00+07:00');
  });

  it('skips nights, weekends and holidays', () => {
    expect(local(cal.dueFor(at('2025-07-07T14:00'), hours(8)).dueAt)).toBe('2025-07-08T14:30:00+07:00');
    expect(local(cal.dueFor(at('2025-07-04T14:00'), hours(4)).dueAt)).toBe('2025-07-07T08:30:00+07:00');
    expect(local(cal.dueFor(at('2026-02-13T14:00'), hours(8)).dueAt)).toBe('2026-02-23T14:30:00+07:00');
  });

  it('starts at the next opening after the cut-off or before opening time', () => {
    const late = cal.dueFor(at('2025-07-07T16:00'), hours(4));
    expect(local(late.startsAt)).toBe('2025-07-08T07:30:00+07:00');
    expect(local(late.dueAt)).toBe('2025-07-08T11:30:00+07:00');
    expect(local(cal.dueFor(at('2025-07-07T06:00'), hours(0.5)).dueAt)).toBe('2025-07-07T08:00:00+07:00');
  });

  it('measures working time between instants', () => {
    expect(cal.workingTimeBetween(at('2025-07-07T08:00'), at('2025-07-08T08:30')) / 3_600_000).toBe(8);
  });
});

describe('WorkingCalendar — supplement requests', () => {
  const received = at('2025-07-07T09:00'); // Monday
  const due = cal.dueFor(received, days(3)); // Thu 10 Jul

  it('pause keeps the working days left: paused Tue, resumed next Mon → due Wed', () => {
    const paused = cal.pausedDue({
      limit: days(3),
      due,
      pausedAt: at('2025-07-08T10:00'),
      resumedAt: at('2025-07-14T09:00'),
    });
    expect(paused.dueDate).toBe('2025-07-16');
    const lateResume = cal.pausedDue({
      limit: days(3),
      due,
      pausedAt: at('2025-07-08T10:00'),
      resumedAt: at('2025-07-14T15:30'),
    });
    expect(lateResume.dueDate).toBe('2025-07-17');
  });

  it('restart counts the full limit again from the resumption', () => {
    expect(cal.restartedDue({ limit: days(3), resumedAt: at('2025-07-14T09:00') }).dueDate).toBe('2025-07-17');
    expect(cal.restartedDue({ limit: days(3), resumedAt: at('2025-07-14T15:30') }).dueDate).toBe('2025-07-18');
  });

  it('pause keeps the working hours left for hour-based limits', () => {
    const hdue = cal.dueFor(at('2025-07-07T08:00'), hours(8));
    expect(local(hdue.dueAt)).toBe('2025-07-08T08:30:00+07:00');
    const paused = cal.pausedDue({
      limit: hours(8),
      due: hdue,
      pausedAt: at('2025-07-07T14:00'), // 4 h used
      resumedAt: at('2025-07-09T10:00'),
    });
    expect(local(paused.dueAt)).toBe('2025-07-09T16:00:00+07:00');
  });

  it('a pause of a dossier already overdue keeps its due date', () => {
    const paused = cal.pausedDue({
      limit: days(3),
      due,
      pausedAt: at('2025-07-11T09:00'),
      resumedAt: at('2025-07-14T09:00'),
    });
    expect(paused.dueDate).toBe('2025-07-10');
  });
});

describe('WorkingCalendar — years covered', () => {
  const only2025 = new WorkingCalendar({ code: 'VN-2025', years: [2025], days: DAYS_2025 });

  it('rejects a question about an unseeded year instead of assuming it has no holidays', () => {
    expect(() => only2025.isWorkingDay('2026-03-02')).toThrow(CalendarYearNotCoveredError);
    expect(() => only2025.isWorkingDay('2026-03-02')).toThrow(/VN-2025 has no data for 2026/);
    expect(() => only2025.dueFor(at('2025-12-30T09:00'), days(3))).toThrow(CalendarYearNotCoveredError);
    expect(only2025.dueFor(at('2025-12-29T09:00'), days(2)).dueDate).toBe('2025-12-31');
  });

  it('refuses data that lies outside its years or lists a day twice', () => {
    expect(() => new WorkingCalendar({ years: [2025], days: DAYS_2026 })).toThrow(/outside the covered years/);
    expect(() => new WorkingCalendar({ years: [2025], days: [nth(DAYS_2025, 0), nth(DAYS_2025, 0)] })).toThrow(/twice/);
    expect(() => new WorkingCalendar({ years: [2025], days: [], cutoff: '25:00' })).toThrow(/cutoff/);
  });

  it('reports what it covers', () => {
    expect(cal.coveredYears).toEqual([2025, 2026]);
    expect(only2025.covers(2026)).toBe(false);
  });
});

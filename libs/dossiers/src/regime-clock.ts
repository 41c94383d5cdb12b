import { addDays, instantAt, toLocal, WorkingCalendar } from '@app/calendar';

/**
 * The instants the legal regimes' time limits end at, on the working calendar. Periods follow Bộ luật Dân sự 2015
 * where the decree says nothing more: the day of the event is not counted (Điều 147 khoản 2), a period in days ends
 * at 24:00 of its last day (Điều 148 khoản 6), and one whose last day is a day off ends with the next working day
 * (Điều 148 khoản 5).
 */

/**
 * The last instant appraisal may ask for a supplement: the end of the n-th working day after the day of reception
 * (NĐ 118/2025 Điều 19 khoản 5: "không quá 03 ngày làm việc kể từ ngày tiếp nhận hồ sơ").
 */
export function supplementWindowEnd(calendar: WorkingCalendar, receivedAt: Date, workingDays: number): Date {
  return instantAt(addDays(calendar.addWorkingDays(toLocal(receivedAt).date, workingDays), 1), 0);
}

/**
 * When a dossier still waiting for its supplement is closed: `days` calendar days after the day of the notice
 * (NĐ 118/2025 Điều 19 khoản 5: "Sau 15 ngày kể từ khi thông báo"), moved to the next working day when the last day
 * is a day off; the period ends at 24:00 of that day.
 */
export function supplementClosureAt(calendar: WorkingCalendar, notifiedAt: Date, days: number): Date {
  const last = addDays(toLocal(notifiedAt).date, days);
  const end = calendar.isWorkingDay(last) ? last : calendar.nextWorkingDay(last);
  return instantAt(addDays(end, 1), 0);
}

/**
 * When a corrected result is due back at the desk: `workingDays` working days counted like a reception at the
 * moment the desk sends it back (NĐ 118/2025 Điều 23 khoản 1: "chậm nhất trong vòng 03 ngày làm việc").
 */
export function correctionDueAt(calendar: WorkingCalendar, sentBackAt: Date, workingDays: number): Date {
  return calendar.dueFor(sentBackAt, { unit: 'working_days', amount: workingDays }).dueAt;
}

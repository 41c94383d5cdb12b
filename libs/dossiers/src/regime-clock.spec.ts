import { CalendarDayData, formatLocalInstant, WorkingCalendar } from '@app/calendar';
import { correctionDueAt, supplementClosureAt, supplementWindowEnd } from './regime-clock';

/** The 2025 notices around the April–May and September holidays, written down here independently of the seed. */
const DAYS_2025: CalendarDayData[] = [
  { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/5' },
  { date: '2025-04-30', kind: 'holiday', name: '30/4' },
  { date: '2025-05-01', kind: 'holiday', name: '1/5' },
  { date: '2025-05-02', kind: 'holiday', name: 'Nghỉ hoán đổi' },
  { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (liền kề)' },
  { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh' },
];
const cal = new WorkingCalendar({ code: 'VN-test', years: [2025], days: DAYS_2025 });
const at = (local: string) => new Date(`${local}+07:00`);
const local = (d: Date) => formatLocalInstant(d);

describe('the instants the regimes’ time limits end at', () => {
  it('closes 15 calendar days after the notice day, at 24:00, moved past days off to the next working day', () => {
    // Monday 14/04 + 15 days = Tuesday 29/04, a working day: the period ends as 30/04 begins.
    expect(local(supplementClosureAt(cal, at('2025-04-14T10:00:00'), 15))).toBe('2025-04-30T00:00:00+07:00');
    // Tuesday 15/04 + 15 = Wednesday 30/04, a holiday; 01/05, 02/05 are too and 03–04/05 a weekend: Monday 05/05.
    expect(local(supplementClosureAt(cal, at('2025-04-15T16:59:00'), 15))).toBe('2025-05-06T00:00:00+07:00');
    // The notice day is not counted, whatever its hour.
    expect(local(supplementClosureAt(cal, at('2025-07-02T00:05:00'), 15))).toBe('2025-07-18T00:00:00+07:00');
  });

  it('lets appraisal ask for a supplement until the end of the third working day after reception', () => {
    // Monday 28/04: 29/04, then 30/04–02/05 off, then 05/05 and 06/05.
    expect(local(supplementWindowEnd(cal, at('2025-04-28T10:00:00'), 3))).toBe('2025-05-07T00:00:00+07:00');
    // Saturday 26/04 is a make-up working day: 28/04, 29/04, 05/05.
    expect(local(supplementWindowEnd(cal, at('2025-04-26T09:00:00'), 3))).toBe('2025-05-06T00:00:00+07:00');
  });

  it('counts a correction like a reception when the desk sends the result back', () => {
    // Friday 29/08 after the 15:00 cut-off: counting starts Wednesday 03/09 (weekend, 01–02/09 off); three working
    // days on is Monday 08/09, at the end of its working hours.
    expect(local(correctionDueAt(cal, at('2025-08-29T16:00:00'), 3))).toBe('2025-09-08T17:00:00+07:00');
    // Monday 07/07 09:00: the same day counts; Thursday 10/07.
    expect(local(correctionDueAt(cal, at('2025-07-07T09:00:00'), 3))).toBe('2025-07-10T17:00:00+07:00');
  });
});

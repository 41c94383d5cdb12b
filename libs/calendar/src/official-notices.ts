import { CalendarDayData, CalendarDayKind } from './working-calendar';

/** One day as a government notice lists it. */
export interface NoticeDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/**
 * The government's notice of a year's holidays for civil servants (Thông báo of the Ministry in charge of labour,
 * approved by the Prime Minister), as data: the complete list of the year's days off (holidays, make-up and swapped
 * days) and Saturdays worked under the civil-service week Mon–Fri. Weekend days inside a break are weekly rest
 * and not listed. A notice is authoritative for its year: seeding a year with a notice takes its list instead of
 * the statutory composition.
 */
export interface OfficialNotice {
  year: number;
  title: string;
  days: readonly NoticeDay[];
}

export const OFFICIAL_NOTICES: readonly OfficialNotice[] = [
  {
    year: 2025,
    title: 'Lịch nghỉ lễ, Tết năm 2025 của cán bộ, công chức, viên chức',
    days: [
      { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
      { date: '2025-01-27', kind: 'holiday', name: 'Tết Nguyên đán (28 tháng Chạp)' },
      { date: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán (giao thừa)' },
      { date: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho ngày nghỉ thứ Sáu 02/5' },
      { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
      { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
      { date: '2025-05-02', kind: 'holiday', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)' },
      { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
      { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    ],
  },
  {
    year: 2026,
    title: 'Lịch nghỉ lễ, Tết năm 2026 của cán bộ, công chức, viên chức',
    days: [
      { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
      // Tết Bính Ngọ: Sat 14 – Sun 22 Feb, nine days: five statutory weekdays and two weekends.
      { date: '2026-02-16', kind: 'holiday', name: 'Tết Nguyên đán (giao thừa)' },
      { date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2026-02-18', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2026-02-19', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2026-02-20', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
      { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { date: '2026-04-27', kind: 'holiday', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
      { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
      { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
      { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)' },
    ],
  },
];

export function noticeFor(year: number): OfficialNotice | null {
  return OFFICIAL_NOTICES.find((n) => n.year === year) ?? null;
}

export interface PlannedDay extends CalendarDayData {
  source: 'statutory' | 'notice';
}

/**
 * The days to seed for a year: the statutory composition, replaced by the year's notice when there is one (the
 * notice lists the whole year, so composed days it does not list — e.g. a default Tết day the notice moved — are
 * dropped).
 */
export function applyNotice(composed: readonly CalendarDayData[], notice: OfficialNotice | null): PlannedDay[] {
  const days: PlannedDay[] = notice
    ? notice.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: 'notice' }))
    : composed.map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: 'statutory' }));
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

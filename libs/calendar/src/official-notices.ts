import { CalendarDayData, CalendarDayKind } from './working-calendar';

/**
 * A government document that fixes days off for civil servants: the Ministry in charge of labour's notice
 * (Thông báo), or the Government Office's letter (Công văn) conveying the Prime Minister's decision when that is
 * what fixed the days. Identified by its number and symbol as printed on it.
 */
export interface OfficialNotice {
  /** Number and symbol, e.g. `6150/TB-BLĐTBXH`. */
  number: string;
  /** Kind of document as cited: `Thông báo`, `Công văn`. */
  kind: string;
  /** Date of issue, `YYYY-MM-DD`. */
  issuedOn: string;
  issuer: string;
  /** What it is about, as its title says. */
  subject: string;
  /** The Prime Minister's approval it carries out, when it cites one. */
  approval?: string;
}

/** The legal ground of the days the Labour Code fixes by itself (holidays on their dates and their make-up days). */
export const LABOUR_CODE_BASIS = 'Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112';

/**
 * The notices of 2025 and 2026, checked against the documents (numbers and dates as issued):
 * - 2025: Tết Mon 27 – Fri 31 Jan (nine days with the weekends), 30/4–1/5 with Fri 2 May swapped for Sat 26 Apr,
 *   Quốc khánh Sat 30 Aug – Tue 2 Sep — all in TB 6150/TB-BLĐTBXH (03/12/2024), carrying out CV 8726/VPCP-KGVX.
 * - 2026: Tết Dương lịch Thu 1 – Sun 4 Jan with Fri 2 Jan swapped for Sat 10 Jan (CV 12729/VPCP-KGVX, 25/12/2025);
 *   Tết Sat 14 – Sun 22 Feb and Quốc khánh Sat 29 Aug – Wed 2 Sep with Mon 31 Aug swapped for Sat 22 Aug
 *   (TB 9441/TB-BNV, 16/10/2025).
 */
export const OFFICIAL_NOTICES: readonly OfficialNotice[] = [
  {
    number: '6150/TB-BLĐTBXH',
    kind: 'Thông báo',
    issuedOn: '2024-12-03',
    issuer: 'Bộ Lao động – Thương binh và Xã hội',
    subject: 'Nghỉ Tết Âm lịch, Quốc khánh, Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5 năm 2025',
    approval: 'Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ',
  },
  {
    number: '9441/TB-BNV',
    kind: 'Thông báo',
    issuedOn: '2025-10-16',
    issuer: 'Bộ Nội vụ',
    subject: 'Lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026',
  },
  {
    number: '12729/VPCP-KGVX',
    kind: 'Công văn',
    issuedOn: '2025-12-25',
    issuer: 'Văn phòng Chính phủ',
    subject: 'Nghỉ Tết Dương lịch năm 2026',
  },
];

/** One day of a year's official calendar and what fixes it: a notice's number, or the Labour Code. */
export interface OfficialDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
  /** The number of one of OFFICIAL_NOTICES, or `law` for a day the Labour Code fixes by itself. */
  basis: string;
}

/**
 * A year whose days off the government's notices have fixed, as data: the complete list of the year's days off
 * (holidays, make-up and swapped days) and Saturdays worked under the civil-service week Mon–Fri, each with its
 * basis. Weekend days inside a break are weekly rest and not listed. Authoritative for its year: seeding the year
 * takes this list instead of the statutory composition.
 */
export interface OfficialYear {
  year: number;
  days: readonly OfficialDay[];
}

const law = 'law';

export const OFFICIAL_YEARS: readonly OfficialYear[] = [
  {
    year: 2025,
    days: [
      { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch', basis: law },
      { date: '2025-01-27', kind: 'holiday', name: 'Tết Nguyên đán (28 tháng Chạp)', basis: '6150/TB-BLĐTBXH' },
      { date: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán (giao thừa)', basis: '6150/TB-BLĐTBXH' },
      { date: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)', basis: '6150/TB-BLĐTBXH' },
      { date: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)', basis: '6150/TB-BLĐTBXH' },
      { date: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)', basis: '6150/TB-BLĐTBXH' },
      { date: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', basis: law },
      {
        date: '2025-04-26',
        kind: 'working_day',
        name: 'Làm bù cho ngày nghỉ thứ Sáu 02/5',
        basis: '6150/TB-BLĐTBXH',
      },
      { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', basis: law },
      { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)', basis: law },
      { date: '2025-05-02', kind: 'holiday', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)', basis: '6150/TB-BLĐTBXH' },
      { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', basis: '6150/TB-BLĐTBXH' },
      { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)', basis: law },
    ],
  },
  {
    year: 2026,
    days: [
      { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch', basis: law },
      { date: '2026-01-02', kind: 'holiday', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01)', basis: '12729/VPCP-KGVX' },
      {
        date: '2026-01-10',
        kind: 'working_day',
        name: 'Làm bù cho ngày nghỉ thứ Sáu 02/01',
        basis: '12729/VPCP-KGVX',
      },
      // Tết Bính Ngọ: Sat 14 – Sun 22 Feb, nine days: five statutory weekdays and two weekends.
      { date: '2026-02-16', kind: 'holiday', name: 'Tết Nguyên đán (giao thừa)', basis: '9441/TB-BNV' },
      { date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)', basis: '9441/TB-BNV' },
      { date: '2026-02-18', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)', basis: '9441/TB-BNV' },
      { date: '2026-02-19', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)', basis: '9441/TB-BNV' },
      { date: '2026-02-20', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)', basis: '9441/TB-BNV' },
      { date: '2026-04-26', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', basis: law },
      { date: '2026-04-27', kind: 'holiday', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)', basis: law },
      { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng (30/4)', basis: law },
      { date: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)', basis: law },
      {
        date: '2026-08-22',
        kind: 'working_day',
        name: 'Làm bù cho ngày nghỉ thứ Hai 31/8',
        basis: '9441/TB-BNV',
      },
      { date: '2026-08-31', kind: 'holiday', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8)', basis: '9441/TB-BNV' },
      { date: '2026-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', basis: '9441/TB-BNV' },
      { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh (2/9)', basis: law },
    ],
  },
];

export function officialYear(year: number): OfficialYear | null {
  return OFFICIAL_YEARS.find((y) => y.year === year) ?? null;
}

export function noticeByNumber(number: string): OfficialNotice | null {
  return OFFICIAL_NOTICES.find((n) => n.number === number) ?? null;
}

const displayDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** How a notice is cited on a calendar day: `Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ`. */
export function citeNotice(notice: OfficialNotice): string {
  return `${notice.kind} ${notice.number} ngày ${displayDate(notice.issuedOn)} của ${notice.issuer}`;
}

/** The citation of an official day's basis; throws on a basis that names no known notice (a data error). */
export function citeBasis(basis: string): string {
  if (basis === law) return LABOUR_CODE_BASIS;
  const notice = noticeByNumber(basis);
  if (!notice) throw new Error(`No official notice numbered ${basis}`);
  return citeNotice(notice);
}

export interface PlannedDay extends CalendarDayData {
  source: 'statutory' | 'notice';
  /** The legal ground of the day as cited on the calendar. */
  basis: string;
}

export interface YearPlan {
  /** True when the year's days come from OFFICIAL_YEARS (authoritative), false when composed by rule. */
  official: boolean;
  days: PlannedDay[];
}

/**
 * The days to seed for a year: the statutory composition, replaced by the year's official list when there is one
 * (the list is the whole year, so composed days it does not list — e.g. a default Tết day a notice moved — are
 * dropped). Days of an official list fixed by a notice have source `notice`, those the Labour Code fixes by itself
 * `statutory`; every day carries its citation.
 */
export function planYear(composed: readonly CalendarDayData[], official: OfficialYear | null): YearPlan {
  const days: PlannedDay[] = official
    ? official.days.map((d) => ({
        date: d.date,
        kind: d.kind,
        name: d.name,
        source: d.basis === law ? 'statutory' : 'notice',
        basis: citeBasis(d.basis),
      }))
    : composed.map((d) => ({
        date: d.date,
        kind: d.kind,
        name: d.name,
        source: 'statutory',
        basis: LABOUR_CODE_BASIS,
      }));
  return { official: official !== null, days: days.sort((a, b) => a.date.localeCompare(b.date)) };
}

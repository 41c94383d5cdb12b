import { LABOUR_CODE_BASIS, OFFICIAL_NOTICES, OFFICIAL_YEARS, officialYear, planYear } from './official-notices';
import { composeStatutoryYear, lunarAnchors, nationalDayAdjacent } from './statutory-holidays';

const dates = (list: ReadonlyArray<{ date: string }>) => list.map((d) => d.date);

describe('lunar anchors from date-holidays', () => {
  it('gives Tết day 1: 29 Jan 2025 and 17 Feb 2026', () => {
    expect(lunarAnchors(2025).tetDay1).toBe('2025-01-29');
    expect(lunarAnchors(2026).tetDay1).toBe('2026-02-17');
  });

  it('gives Giỗ Tổ Hùng Vương: Mon 7 Apr 2025 and Sun 26 Apr 2026', () => {
    expect(lunarAnchors(2025).hungKings).toBe('2025-04-07');
    expect(lunarAnchors(2026).hungKings).toBe('2026-04-26');
  });
});

describe('composeStatutoryYear', () => {
  it('reproduces the 2026 holidays with the default rules; only the two swaps of the notices are not composed', () => {
    const composed = composeStatutoryYear(2026);
    const official = officialYear(2026)?.days ?? [];
    const swaps = ['2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31'];
    expect(dates(composed)).toEqual(dates(official).filter((d) => !swaps.includes(d)));
    expect(composed.find((d) => d.date === '2026-04-27')).toMatchObject({ rule: 'make_up', name: /^Nghỉ bù Giỗ Tổ/ });
  });

  it('composes 2025 by default rule, and the notice moves Tết and swaps Fri 2 May for Sat 26 Apr', () => {
    const composed = composeStatutoryYear(2025);
    expect(dates(composed)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-03', // Sat 1 Feb of the default block made up on Monday
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-09-01',
      '2025-09-02',
    ]);
    const { official, days: planned } = planYear(composed, officialYear(2025));
    expect(official).toBe(true);
    expect(planned.find((d) => d.date === '2025-01-27')).toMatchObject({
      source: 'notice',
      basis: 'Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 của Bộ Lao động – Thương binh và Xã hội',
    });
    expect(planned.find((d) => d.date === '2025-01-01')).toMatchObject({
      source: 'statutory',
      basis: LABOUR_CODE_BASIS,
    });
    expect(dates(planned)).toContain('2025-01-27');
    expect(dates(planned)).not.toContain('2025-02-03');
    expect(planned.find((d) => d.date === '2025-04-26')?.kind).toBe('working_day');
    expect(planned.find((d) => d.date === '2025-05-02')?.kind).toBe('holiday');
  });

  it('makes up weekend holidays after the block, in order (2027: Tết Sat 6 Feb, 1/5 on Saturday)', () => {
    const composed = composeStatutoryYear(2027);
    const makeUps = composed.filter((d) => d.rule === 'make_up');
    expect(dates(makeUps)).toEqual(['2027-02-10', '2027-02-11', '2027-05-03']);
    expect(composed.find((d) => d.rule === 'national_day_adjacent')?.date).toBe('2027-09-03');
    const plan = planYear(composed, officialYear(2027));
    expect(plan.official).toBe(false);
    expect(plan.days.every((d) => d.source === 'statutory' && d.basis === LABOUR_CODE_BASIS)).toBe(true);
  });

  it('makes up only Sundays where the locality works Saturdays', () => {
    const makeUps = composeStatutoryYear(2027, { saturdayWorking: true }).filter((d) => d.rule === 'make_up');
    expect(dates(makeUps)).toEqual(['2027-02-10']);
  });

  it('picks the National Day adjacent day by weekday', () => {
    expect(nationalDayAdjacent(2024)).toBe('2024-09-03'); // 2/9 Monday
    expect(nationalDayAdjacent(2025)).toBe('2025-09-01'); // Tuesday
    expect(nationalDayAdjacent(2026)).toBe('2026-09-01'); // Wednesday
    expect(nationalDayAdjacent(2027)).toBe('2027-09-03'); // Thursday
    expect(nationalDayAdjacent(2023)).toBe('2023-09-01'); // Saturday
    expect(dates(composeStatutoryYear(2023).filter((d) => d.rule === 'make_up'))).toContain('2023-09-04');
  });
});

describe('official notices of 2025 and 2026', () => {
  it('cite every notice a day of an official year refers to, by number and date of issue', () => {
    for (const y of OFFICIAL_YEARS) {
      for (const d of y.days) {
        if (d.basis === 'law') continue;
        expect(OFFICIAL_NOTICES.map((n) => n.number)).toContain(d.basis);
      }
    }
    for (const n of OFFICIAL_NOTICES) expect(n.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('2026: Tết Dương lịch Fri 2 Jan off for Sat 10 Jan worked (CV 12729/VPCP-KGVX of 25/12/2025)', () => {
    const days = planYear([], officialYear(2026)).days;
    expect(days.find((d) => d.date === '2026-01-02')).toMatchObject({
      kind: 'holiday',
      source: 'notice',
      basis: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ',
    });
    expect(days.find((d) => d.date === '2026-01-10')).toMatchObject({ kind: 'working_day', source: 'notice' });
  });

  it('2026: Quốc khánh Sat 29 Aug – Wed 2 Sep, Mon 31 Aug off for Sat 22 Aug worked (TB 9441/TB-BNV of 16/10/2025)', () => {
    const days = planYear([], officialYear(2026)).days;
    const tb9441 = 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ';
    expect(days.find((d) => d.date === '2026-08-31')).toMatchObject({ kind: 'holiday', basis: tb9441 });
    expect(days.find((d) => d.date === '2026-08-22')).toMatchObject({ kind: 'working_day', basis: tb9441 });
    expect(days.find((d) => d.date === '2026-09-01')).toMatchObject({ kind: 'holiday', basis: tb9441 });
    expect(days.filter((d) => d.basis === tb9441 && d.date.startsWith('2026-02')).map((d) => d.date)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
  });
});

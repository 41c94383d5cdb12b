import { applyNotice, noticeFor } from './official-notices';
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
  it('reproduces the 2026 notice with the default rules (Tết giao thừa + mùng 1–4, Giỗ Tổ made up Mon 27 Apr)', () => {
    const composed = composeStatutoryYear(2026);
    expect(dates(composed)).toEqual(dates(noticeFor(2026)?.days ?? []));
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
    const planned = applyNotice(composed, noticeFor(2025));
    expect(planned.every((d) => d.source === 'notice')).toBe(true);
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
    expect(applyNotice(composed, noticeFor(2027)).every((d) => d.source === 'statutory')).toBe(true);
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

import { DOSSIER_CODE_PREFIX, DayCounters, nextDossierCode } from './dossier-code';
import { displayDateTime, exchangeDateTime, isoVietnam, vietnamDayKey } from './vietnam-time';

describe('dates of the exchange, in Vietnam time', () => {
  it('writes NgayTiepNhan as yyyyMMddHHmmss in Asia/Ho_Chi_Minh', () => {
    expect(exchangeDateTime(new Date('2026-12-05T07:03:09Z'))).toBe('20261205140309');
    // 17:30 UTC is already the next day in Vietnam.
    expect(exchangeDateTime(new Date('2026-12-31T17:30:00Z'))).toBe('20270101003000');
  });

  it('shows dates as people read them, never ISO', () => {
    expect(displayDateTime(new Date('2026-12-05T07:03:59Z'))).toBe('05/12/2026 14:03');
    expect(displayDateTime('2026-01-09T23:00:00.000Z')).toBe('10/01/2026 06:00');
    expect(isoVietnam('2026-12-05T07:03:09Z')).toBe('2026-12-05T14:03:09+07:00');
  });

  it('refuses an invalid date rather than printing NaN', () => {
    expect(() => exchangeDateTime(new Date('nope'))).toThrow(RangeError);
  });
});

describe("the simulator's MaHoSo numbering", () => {
  it('is the prefix, the Vietnam day as yymmdd and a 4-digit counter per day', () => {
    const counters: DayCounters = {};
    const at = new Date('2026-12-05T07:03:00Z');
    expect(nextDossierCode(counters, at)).toBe(`${DOSSIER_CODE_PREFIX}-261205-0001`);
    expect(nextDossierCode(counters, at)).toBe('G22.99-261205-0002');
    expect(nextDossierCode(counters, new Date('2026-12-06T01:00:00Z'))).toBe('G22.99-261206-0001');
    // Back to the first day: its own counter goes on.
    expect(nextDossierCode(counters, at)).toBe('G22.99-261205-0003');
    expect(counters).toEqual({ '261205': 3, '261206': 1 });
  });

  it('counts by the day in Vietnam, not in UTC', () => {
    const counters: DayCounters = {};
    expect(nextDossierCode(counters, new Date('2026-12-05T16:59:59Z'))).toBe('G22.99-261205-0001');
    expect(nextDossierCode(counters, new Date('2026-12-05T17:00:00Z'))).toBe('G22.99-261206-0001');
    expect(vietnamDayKey(new Date('2026-12-05T17:00:00Z'))).toBe('261206');
  });

  it('keeps within the adapter rule for MaHoSo and stops at 9999 a day', () => {
    const counters: DayCounters = { '261205': 9998 };
    const at = new Date('2026-12-05T07:00:00Z');
    const last = nextDossierCode(counters, at);
    expect(last).toBe('G22.99-261205-9999');
    expect(last).toMatch(/^[A-Za-z0-9.-]{1,48}$/);
    expect(() => nextDossierCode(counters, at)).toThrow(/at most 9999 dossiers a day/);
  });
});

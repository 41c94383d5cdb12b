import { displayDateTime, parseVnpDate, vnpDate } from './vietnam-time';

describe('VNPay dates (yyyyMMddHHmmss, Vietnam time)', () => {
  it('writes an instant in Vietnam wall time, across the UTC day boundary', () => {
    expect(vnpDate(new Date('2026-12-06T17:30:05Z'))).toBe('20261207003005');
  });

  it('reads it back to the same instant', () => {
    expect(parseVnpDate('20261207003005')?.toISOString()).toBe('2026-12-06T17:30:05.000Z');
  });

  it('refuses what is not a date', () => {
    expect(parseVnpDate('20260230120000')).toBeNull();
    expect(parseVnpDate('20261206246000')).toBeNull();
    expect(parseVnpDate('2026-12-06')).toBeNull();
  });

  it('shows dates as people read them', () => {
    expect(displayDateTime(new Date('2026-12-06T17:30:05Z'))).toBe('07/12/2026 00:30:05');
  });
});

import { longDate, longDateTime, placeAndDate, shortDate, shortDateTime, vietnamParts } from './form-dates';

describe('form dates (Asia/Ho_Chi_Minh, NĐ 30/2020 style)', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('writes the place-and-date line with leading zeros for days below 10 and months below 3', () => {
    expect(placeAndDate('Thủy Biều', '2026-11-25')).toBe('Thủy Biều, ngày 25 tháng 11 năm 2026');
    expect(longDate('2026-02-05')).toBe('ngày 05 tháng 02 năm 2026');
    expect(longDate('2026-03-09')).toBe('ngày 09 tháng 3 năm 2026');
  });

  it('shows instants in Huế time whatever the machine zone is', () => {
    process.env.TZ = 'America/Los_Angeles';
    const lateEvening = new Date('2026-11-25T17:30:00Z'); // 00:30 on 26/11 in Huế
    expect(vietnamParts(lateEvening)).toEqual({ year: 2026, month: 11, day: 26, hour: 0, minute: 30 });
    expect(longDateTime(lateEvening)).toBe('00 giờ 30 phút, ngày 26 tháng 11 năm 2026');
    expect(shortDateTime(lateEvening)).toBe('26/11/2026 00:30');
    expect(placeAndDate('Thủy Biều', lateEvening)).toBe('Thủy Biều, ngày 26 tháng 11 năm 2026');
  });

  it('formats calendar dates without shifting them', () => {
    process.env.TZ = 'Pacific/Kiritimati';
    expect(shortDate('2026-01-01')).toBe('01/01/2026');
  });

  it('rejects invalid dates', () => {
    expect(() => shortDate('2026-02-30')).toThrow(RangeError);
    expect(() => longDateTime(new Date('nope'))).toThrow(RangeError);
  });
});

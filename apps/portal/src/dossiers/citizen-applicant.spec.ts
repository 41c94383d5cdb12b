import { checkApplicant, EMPTY_APPLICANT, readApplicant } from './citizen-applicant';
import { formatDay, formatDayTime } from './citizen-format';

describe('readApplicant', () => {
  it('reads nested applicant[...] fields, trimmed', () => {
    expect(readApplicant({ applicant: { fullName: ' Nguyễn Văn An ', phone: '0905 123 456' } })).toEqual({
      ...EMPTY_APPLICANT,
      fullName: 'Nguyễn Văn An',
      phone: '0905 123 456',
    });
  });

  it('ignores values that are not text', () => {
    expect(readApplicant({ applicant: { fullName: ['a', 'b'] } }).fullName).toBe('');
  });
});

describe('checkApplicant', () => {
  it('normalizes a valid applicant: digits only, +84 as 0, blanks as null', () => {
    const result = checkApplicant({
      fullName: 'Nguyễn Văn An',
      idNumber: '046 090 001 234',
      phone: '+84 905 123 456',
      email: '',
      address: '',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        fullName: 'Nguyễn Văn An',
        idNumber: '046090001234',
        phone: '0905123456',
        email: null,
        address: null,
      },
    });
  });

  it('names every wrong field with its message key', () => {
    const result = checkApplicant({ fullName: 'A', idNumber: '123', phone: '12345', email: 'x@', address: '' });
    expect(result).toEqual({
      ok: false,
      errors: {
        fullName: 'dossier.error.fullName',
        idNumber: 'dossier.error.idNumber',
        phone: 'dossier.error.phone',
        email: 'dossier.error.email',
      },
    });
  });
});

describe('dates in Vietnam', () => {
  it('shows instants in Asia/Ho_Chi_Minh', () => {
    const lateUtc = new Date('2026-01-05T18:30:00Z'); // 01:30 on 6 January in Vietnam
    expect(formatDay(lateUtc)).toBe('06/01/2026');
    expect(formatDayTime(lateUtc, 'vi')).toBe('01:30 ngày 06/01/2026');
    expect(formatDayTime(lateUtc, 'en')).toBe('06/01/2026 01:30');
    expect(formatDay(null)).toBe('');
  });
});

import { AGENCY_CASE_STATUSES } from '@app/routing';
import { caseStatusTagClass, durationText, isInboxTab, sizeText } from './lien-thong-format';

describe('durationText', () => {
  const unit = (name: string, n: number) => `${n}${name}`;

  it('shows the two largest units that are not zero', () => {
    expect(durationText(2 * 86_400 + 3 * 3600 + 59, unit)).toBe('2d 3h');
    expect(durationText(86_400 + 30, unit)).toBe('1d');
    expect(durationText(45 * 60 + 5, unit)).toBe('45m 5s');
    expect(durationText(12, unit)).toBe('12s');
  });

  it('shows zero seconds for nothing or a negative age', () => {
    expect(durationText(0, unit)).toBe('0s');
    expect(durationText(-5, unit)).toBe('0s');
  });
});

describe('case status tags', () => {
  it('give every status a colour: a result green, a return red', () => {
    for (const status of AGENCY_CASE_STATUSES) expect(caseStatusTagClass(status)).toMatch(/^govuk-tag--/);
    expect(caseStatusTagClass('done')).toBe('govuk-tag--green');
    expect(caseStatusTagClass('returned')).toBe('govuk-tag--red');
  });
});

describe('inbox tabs and sizes', () => {
  it('accepts only the inbox tabs', () => {
    expect(['new', 'open', 'closed', 'all', undefined].map(isInboxTab)).toEqual([true, true, true, false, false]);
  });

  it('writes sizes for people', () => {
    expect([820, 14 * 1024, 2.4 * 1024 * 1024].map(sizeText)).toEqual(['820 B', '14 KB', '2.4 MB']);
  });
});

import {
  displayIsoDate,
  formatDate,
  formatDateTime,
  isDeskTab,
  isoLocal,
  monthOf,
  parseDateInput,
  reasonRequired,
  statusTagClass,
  tabsFor,
} from './desk-format';

describe('desk page helpers', () => {
  it('puts the specialist’s own work first and the leader’s approvals first', () => {
    expect(tabsFor(['specialist'])[0]).toBe('assigned');
    expect(tabsFor(['leader'])[0]).toBe('awaiting_approval');
    expect(tabsFor(['clerk']).slice(0, 3)).toEqual(['submitted', 'supplement_requested', 'received']);
    expect(tabsFor(['clerk'])).not.toContain('assigned');
    const both = tabsFor(['leader', 'specialist']);
    expect(both.slice(0, 2)).toEqual(['awaiting_approval', 'assigned']);
    expect(new Set(both).size).toBe(both.length);
    expect(both).toHaveLength(13);
  });

  it('accepts only known tabs', () => {
    expect(isDeskTab('submitted')).toBe(true);
    expect(isDeskTab('assigned')).toBe(true);
    expect(isDeskTab('draft')).toBe(false);
    expect(isDeskTab(undefined)).toBe(false);
  });

  it('shows instants in Vietnam time, across the UTC date line', () => {
    const instant = new Date('2026-11-25T18:30:00Z');
    expect(formatDateTime(instant)).toBe('26/11/2026 01:30');
    expect(formatDate(instant)).toBe('26/11/2026');
    expect(isoLocal(instant)).toBe('2026-11-26T01:30+07:00');
    expect(formatDateTime(null)).toBe('');
    expect(formatDate('2026-01-01T00:00:00Z')).toBe('01/01/2026');
  });

  it('reads dates written the Vietnamese way or as ISO, and refuses impossible ones', () => {
    expect(parseDateInput('5/2/2026')).toBe('2026-02-05');
    expect(parseDateInput(' 2026-02-28 ')).toBe('2026-02-28');
    expect(parseDateInput('30/02/2026')).toBeNull();
    expect(parseDateInput('2026-13-01')).toBeNull();
    expect(parseDateInput('hôm qua')).toBeNull();
    expect(displayIsoDate('2026-02-05')).toBe('05/02/2026');
  });

  it('gives the month around a day, leap years included', () => {
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthOf('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('knows which actions need a reason', () => {
    expect(reasonRequired('refuse')).toBe(true);
    expect(reasonRequired('send_back')).toBe(true);
    expect(reasonRequired('receive')).toBe(false);
    expect(reasonRequired('approve')).toBe(false);
  });

  it('colours statuses', () => {
    expect(statusTagClass('returned')).toBe('govuk-tag--green');
    expect(statusTagClass('refused')).toBe('govuk-tag--red');
    expect(statusTagClass('submitted')).toBe('govuk-tag--blue');
  });
});

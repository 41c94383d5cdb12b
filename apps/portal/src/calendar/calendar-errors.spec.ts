import { calendarErrorKeys } from './calendar-errors';

describe('calendarErrorKeys', () => {
  const said = ['worded differently'];

  it('chooses the page’s words for a problem by its field and code, never by the service’s words', () => {
    expect(
      calendarErrorKeys([
        { field: 'date', messages: said, code: 'year_not_seeded' },
        { field: 'kind', messages: said, code: 'weekday' },
        { field: 'reason', messages: said },
      ]),
    ).toEqual({
      date: 'calendar.error.dateNotSeeded',
      kind: 'calendar.error.kindWeekday',
      reason: 'calendar.error.reason',
    });
    expect(
      calendarErrorKeys([
        { field: 'date', messages: ['calendar X has no data for 2031; seed that year first'] },
        { field: 'kind', messages: ['only a Saturday or a Sunday can be made a working day'] },
      ]),
    ).toEqual({ date: 'calendar.error.date', kind: 'calendar.error.kind' });
  });
});

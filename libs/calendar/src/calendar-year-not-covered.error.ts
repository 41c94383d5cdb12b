import { DomainError } from '@app/observability';

/**
 * Asked about a year the calendar holds no data for. The engine never treats an unseeded year as one without
 * holidays: that would silently produce wrong deadlines.
 */
export class CalendarYearNotCoveredError extends DomainError {
  constructor(
    readonly calendar: string,
    readonly year: number,
  ) {
    super('unprocessable', `Calendar ${calendar} has no data for ${year}; seed that year before counting in it.`, {
      calendar,
      year,
    });
    this.name = 'CalendarYearNotCoveredError';
  }
}

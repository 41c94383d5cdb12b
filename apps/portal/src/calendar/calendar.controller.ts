import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Public, Roles } from '@app/auth';
import {
  CalendarDaySnapshot,
  CalendarDayView,
  CalendarService,
  CalendarYearView,
  DeadlineLimit,
  formatLocalInstant,
  parseInstant,
  SeedResult,
} from '@app/calendar';
import { DomainError } from '@app/observability';
import { CalendarCodeParamsDto } from './calendar-code-params.dto';
import { CalendarDayParamsDto } from './calendar-day-params.dto';
import { CalendarYearParamsDto } from './calendar-year-params.dto';
import { DueQueryDto } from './due-query.dto';
import { PutCalendarDayDto } from './put-calendar-day.dto';
import { RemoveCalendarDayDto } from './remove-calendar-day.dto';

export interface DueView {
  calendar: string;
  receivedAt: string;
  limit: DeadlineLimit;
  countingStart: string;
  startsAt: string;
  dueAt: string;
  dueDate: string;
}

@ApiTags('calendar')
@Controller('api/v1/calendars')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  /** A year's holidays and swapped working days (public information). 404 for an unknown calendar or unseeded year. */
  @Public()
  @Get(':code/years/:year')
  async year(@Param() params: CalendarYearParamsDto): Promise<CalendarYearView> {
    const view = await this.calendars.listYear(params.code, params.year);
    if (!view) throw new DomainError('not_found', `Calendar ${params.code} has no data for ${params.year}.`);
    return view;
  }

  /**
   * The due date of a dossier received at `receivedAt` with a time limit in working days or hours: same-day (0)
   * before 15:00, the next working day after; working days end at 17:00 of the last day.
   */
  @Public()
  @Get(':code/due')
  @ApiOkResponse({ description: 'Counting start, due instant (with +07:00 offset) and due date.' })
  async due(@Param() params: CalendarCodeParamsDto, @Query() query: DueQueryDto): Promise<DueView> {
    const receivedAt = parseInstant(query.receivedAt) as Date;
    const limit: DeadlineLimit = { unit: query.unit, amount: query.amount };
    if (limit.unit === 'working_days' && !Number.isInteger(limit.amount)) {
      throw new DomainError('validation_failed', 'amount: working days must be a whole number', {
        errors: [{ field: 'amount', messages: ['working days must be a whole number'] }],
      });
    }
    const due = await this.calendars.due(params.code, receivedAt, limit);
    return {
      calendar: params.code,
      receivedAt: formatLocalInstant(receivedAt),
      limit,
      countingStart: due.countingStart,
      startsAt: formatLocalInstant(due.startsAt),
      dueAt: formatLocalInstant(due.dueAt),
      dueDate: due.dueDate,
    };
  }

  /** Sets a day as a holiday or a worked weekend day; the reason is kept in the calendar's history. */
  @ApiBearerAuth()
  @Roles('admin')
  @Put(':code/days/:date')
  put(
    @Param() params: CalendarDayParamsDto,
    @Body() body: PutCalendarDayDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ before: CalendarDaySnapshot | null; after: CalendarDayView }> {
    return this.calendars.upsertDay(params.code, params.date, body, {
      subject: principal.subject,
      username: principal.username,
    });
  }

  /** Removes a day (it follows the weekly pattern again); the reason is kept in the calendar's history. */
  @ApiBearerAuth()
  @Roles('admin')
  @Delete(':code/days/:date')
  async remove(
    @Param() params: CalendarDayParamsDto,
    @Body() body: RemoveCalendarDayDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ removed: CalendarDaySnapshot }> {
    const removed = await this.calendars.removeDay(params.code, params.date, body.reason, {
      subject: principal.subject,
      username: principal.username,
    });
    return { removed };
  }

  /** Seeds a year from the statutory rules and the year's notice; keeps days an administrator set. */
  @ApiBearerAuth()
  @Roles('admin')
  @Post(':code/years/:year/seed')
  @HttpCode(200)
  seed(@Param() params: CalendarYearParamsDto, @CurrentPrincipal() principal: Principal): Promise<SeedResult> {
    return this.calendars.seedYear(params.code, params.year, {
      subject: principal.subject,
      username: principal.username,
    });
  }
}

import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import {
  CalendarService,
  DEFAULT_CALENDAR_CODE,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  isIsoDate,
  toLocal,
} from '@app/calendar';
import { DomainError } from '@app/observability';
import { translate } from '../i18n/messages';
import { langOf } from '@app/web';
import { calendarErrorKeys } from './calendar-errors';
import { isDomainError, str, titleWithErrors, translator } from '../web/page-kit';

const FIELD_IDS: Record<string, string> = {
  date: 'day-date',
  kind: 'day-kind',
  name: 'day-name',
  basis: 'day-basis',
  reason: 'day-reason',
};

interface DayForm {
  date: string;
  kind: string;
  name: string;
  basis: string;
  reason: string;
}

interface PageState {
  form?: DayForm;
  /** Field → message key of the add/change form. */
  errors?: Record<string, string>;
  /** A remove form of one row that failed. */
  removeError?: { date: string; reason: string; key: string };
}

/** `31/12/2027` or `2027-12-31` → `2027-12-31`; anything else is passed on as written (and refused as a date). */
function parseFormDate(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!m) return value;
  const [, day = '', month = '', year = ''] = m; // every group takes part in a match
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function displayDate(iso: string): string {
  return isIsoDate(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;
}

function parseYear(value: string): number {
  const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(year >= MIN_CALENDAR_YEAR && year <= MAX_CALENDAR_YEAR)) {
    throw new DomainError('not_found', `No calendar page for year ${value}.`);
  }
  return year;
}

/** The administrator's page of the working calendar: a year's days, add/change and remove with a reason. */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/calendar')
export class CalendarAdminController {
  constructor(private readonly calendars: CalendarService) {}

  @Get()
  current(@Res() res: Response): void {
    res.redirect(302, `/admin/calendar/${toLocal(new Date()).date.slice(0, 4)}`);
  }

  @Get(':year')
  async page(
    @Param('year') yearParam: string,
    @Query('saved') saved: string | undefined,
    @Query('removed') removed: string | undefined,
    @Query('seeded') seeded: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const year = parseYear(yearParam);
    const lang = langOf(req);
    let success: string | null = null;
    if (saved && isIsoDate(saved)) success = translate(lang, 'calendar.saved', { date: displayDate(saved) });
    else if (removed && isIsoDate(removed))
      success = translate(lang, 'calendar.removed', { date: displayDate(removed) });
    else if (seeded !== undefined) success = translate(lang, 'calendar.seeded', { year: String(year) });
    await this.render(req, res, year, {}, success, 200);
  }

  @Post(':year/days')
  async save(
    @Param('year') yearParam: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const year = parseYear(yearParam);
    const form: DayForm = {
      date: str(body.date),
      kind: str(body.kind),
      name: str(body.name),
      basis: str(body.basis),
      reason: str(body.reason),
    };
    const date = parseFormDate(form.date);
    try {
      const { basis, ...edit } = form;
      await this.calendars.upsertDay(DEFAULT_CALENDAR_CODE, date, basis ? { ...edit, basis } : edit, {
        subject: principal.subject,
        username: principal.username,
      });
    } catch (err) {
      if (!isDomainError(err, 'validation_failed')) throw err;
      return this.render(req, res, year, { form, errors: calendarErrorKeys(err.details.errors ?? []) }, null, 400);
    }
    res.redirect(303, `/admin/calendar/${date.slice(0, 4)}?saved=${date}`);
  }

  @Post(':year/days/:date/remove')
  async remove(
    @Param('year') yearParam: string,
    @Param('date') date: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const year = parseYear(yearParam);
    const reason = str(body.reason);
    try {
      await this.calendars.removeDay(DEFAULT_CALENDAR_CODE, date, reason, {
        subject: principal.subject,
        username: principal.username,
      });
    } catch (err) {
      if (!isDomainError(err, 'validation_failed')) throw err;
      const keys = calendarErrorKeys(err.details.errors ?? []);
      const key = keys.reason ?? keys.date ?? 'calendar.error.reason';
      return this.render(req, res, year, { removeError: { date, reason, key } }, null, 400);
    }
    res.redirect(303, `/admin/calendar/${year}?removed=${date}`);
  }

  @Post(':year/seed')
  async seed(
    @Param('year') yearParam: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const year = parseYear(yearParam);
    await this.calendars.seedYear(DEFAULT_CALENDAR_CODE, year, {
      subject: principal.subject,
      username: principal.username,
    });
    res.redirect(303, `/admin/calendar/${year}?seeded=1`);
  }

  private async render(
    req: Request,
    res: Response,
    year: number,
    state: PageState,
    success: string | null,
    status: number,
  ): Promise<void> {
    const lang = langOf(req);
    const t = translator(lang);
    const calendar = await this.calendars.getCalendar(DEFAULT_CALENDAR_CODE);
    const view = await this.calendars.listYear(DEFAULT_CALENDAR_CODE, year);
    const errorList = [
      ...Object.entries(state.errors ?? {}).map(([field, key]) => ({ text: t(key), href: `#${FIELD_IDS[field]}` })),
      ...(state.removeError
        ? [{ text: t(state.removeError.key), href: `#remove-reason-${state.removeError.date}` }]
        : []),
    ];
    res.status(status).render('calendar/year', {
      pageTitle: titleWithErrors(t, t('calendar.title', { year: String(year) }), errorList.length > 0),
      year,
      previousYear: year - 1,
      nextYear: year + 1,
      calendar,
      seeded: view !== null,
      rows: (view?.days ?? []).map((d) => ({
        date: d.date,
        display: `${t(`calendar.weekday.${d.weekday}`)}, ${displayDate(d.date)}`,
        kind: t(`calendar.kind.${d.kind}`),
        name: d.name,
        source: t(`calendar.source.${d.source}`),
        basis: d.basis ?? t('calendar.basisUnknown'),
        removeError:
          state.removeError?.date === d.date
            ? { text: t(state.removeError.key), reason: state.removeError.reason }
            : null,
      })),
      form: state.form ?? { date: '', kind: '', name: '', basis: '', reason: '' },
      errors: Object.fromEntries(Object.entries(state.errors ?? {}).map(([f, key]) => [f, t(key)])),
      errorList,
      success,
    });
  }
}

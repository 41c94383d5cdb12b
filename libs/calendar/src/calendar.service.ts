import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FieldProblem } from '@app/observability';
import { formatClock, isIsoDate, isoWeekday, parseClock, toLocal, yearOf } from './calendar-date';
import { CalendarDaySnapshot } from './calendar-change.entity';
import { officialYear, planYear } from './official-notices';
import { composeStatutoryYear } from './statutory-holidays';
import {
  CALENDAR_DAY_KINDS,
  CalendarDayKind,
  CalendarDaySource,
  DeadlineLimit,
  Due,
  WorkingCalendar,
  WorkingPeriod,
} from './working-calendar';

/** The national default calendar (civil-service week Mon–Fri). */
export const DEFAULT_CALENDAR_CODE = 'VN-default';
/** Years the deployment's seed command prepares. */
export const SEEDED_YEARS = [2025, 2026, 2027] as const;
export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;

export interface CalendarInfo {
  code: string;
  name: string;
  saturdayWorking: boolean;
  cutoff: string;
  workingHours: WorkingPeriod[];
  /** Years the calendar has data for, ascending. */
  years: number[];
}

export interface CalendarDayView {
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  kind: CalendarDayKind;
  name: string;
  source: CalendarDaySource;
  /** The legal ground of the day (a notice cited by number and date, or the Labour Code); null when not recorded. */
  basis: string | null;
}

export interface CalendarYearView {
  calendar: string;
  year: number;
  seededAt: Date;
  seededBy: string | null;
  days: CalendarDayView[];
}

export interface CalendarActor {
  /** Keycloak subject. */
  subject: string;
  username: string;
}

export interface CalendarDayEdit {
  kind: string;
  name: string;
  reason: string;
  /** The notice the administrator applies, cited by number and date; optional. */
  basis?: string;
}

export interface SeedResult {
  year: number;
  inserted: number;
  updated: number;
  removed: number;
  /** Days left alone because an administrator set or edited them, or a notice set them. */
  kept: number;
}

interface CalendarRow {
  id: string;
  code: string;
  name: string;
  saturday_working: boolean;
  cutoff_time: string;
  morning_start: string;
  morning_end: string;
  afternoon_start: string;
  afternoon_end: string;
  version: number;
}

interface DayRow {
  day: string;
  kind: CalendarDayKind;
  name: string;
  source: CalendarDaySource;
  basis: string | null;
}

const clock = (t: string) => formatClock(parseClock(t));

function problems(errors: FieldProblem[]): DomainError {
  return new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '), {
    errors,
  });
}

/**
 * Calendars, their days and the edits of administrators, on PostgreSQL. Working calendars are cached in memory per
 * calendar and range of years; the cache is keyed by the calendar's `version`, which every change bumps in the same
 * transaction, so an edit made through any portal instance is seen by all of them on their next load.
 */
@Injectable()
export class CalendarService {
  private readonly cache = new Map<string, { version: number; calendar: WorkingCalendar }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async row(code: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<CalendarRow> {
    const rows: CalendarRow[] = await em.query(
      `SELECT id, code, name, saturday_working, cutoff_time::text, morning_start::text, morning_end::text,
              afternoon_start::text, afternoon_end::text, version
         FROM work_calendar WHERE code = $1${lock ? ' FOR UPDATE' : ''}`,
      [code],
    );
    const [row] = rows;
    if (!row) throw new DomainError('not_found', `No calendar with code ${code}.`);
    return row;
  }

  private async years(calendarId: string, em: EntityManager = this.dataSource.manager): Promise<number[]> {
    const rows: Array<{ year: number }> = await em.query(
      `SELECT year FROM calendar_year WHERE calendar_id = $1 ORDER BY year`,
      [calendarId],
    );
    return rows.map((r) => r.year);
  }

  private info(row: CalendarRow, years: number[]): CalendarInfo {
    return {
      code: row.code,
      name: row.name,
      saturdayWorking: row.saturday_working,
      cutoff: clock(row.cutoff_time),
      workingHours: [
        { start: clock(row.morning_start), end: clock(row.morning_end) },
        { start: clock(row.afternoon_start), end: clock(row.afternoon_end) },
      ],
      years,
    };
  }

  /** The calendar's settings and covered years; 404 when there is no such calendar. */
  async getCalendar(code: string): Promise<CalendarInfo> {
    const row = await this.row(code);
    return this.info(row, await this.years(row.id));
  }

  /**
   * The working calendar of `code` with the covered years within `range` (all covered years when omitted). Years
   * of the range the calendar has no data for stay uncovered: the engine throws when asked about them.
   */
  async load(
    code: string,
    range?: { from: number; to: number },
    em: EntityManager = this.dataSource.manager,
  ): Promise<WorkingCalendar> {
    const row = await this.row(code, em);
    const key = `${code}|${range ? `${range.from}-${range.to}` : '*'}`;
    const cached = this.cache.get(key);
    if (cached && cached.version === row.version) return cached.calendar;
    const years = (await this.years(row.id, em)).filter((y) => !range || (y >= range.from && y <= range.to));
    const days: DayRow[] = await em.query(
      `SELECT day::text AS day, kind, name, source, basis FROM calendar_day
        WHERE calendar_id = $1 AND year = ANY($2::int[]) ORDER BY day`,
      [row.id, years],
    );
    const info = this.info(row, years);
    const calendar = new WorkingCalendar({
      code,
      years,
      days: days.map((d) => ({ date: d.day, kind: d.kind, name: d.name, source: d.source })),
      saturdayWorking: info.saturdayWorking,
      cutoff: info.cutoff,
      workingHours: info.workingHours,
    });
    this.cache.set(key, { version: row.version, calendar });
    return calendar;
  }

  /** The year's days of a calendar; null when the calendar has no data for that year. 404 for an unknown calendar. */
  async listYear(code: string, year: number): Promise<CalendarYearView | null> {
    const row = await this.row(code);
    const seeded: Array<{ seeded_at: Date; seeded_by: string | null }> = await this.dataSource.query(
      `SELECT seeded_at, seeded_by FROM calendar_year WHERE calendar_id = $1 AND year = $2`,
      [row.id, year],
    );
    const [seed] = seeded;
    if (!seed) return null;
    const days: DayRow[] = await this.dataSource.query(
      `SELECT day::text AS day, kind, name, source, basis FROM calendar_day
        WHERE calendar_id = $1 AND year = $2 ORDER BY day`,
      [row.id, year],
    );
    return {
      calendar: code,
      year,
      seededAt: seed.seeded_at,
      seededBy: seed.seeded_by,
      days: days.map((d) => ({
        date: d.day,
        weekday: isoWeekday(d.day),
        kind: d.kind,
        name: d.name,
        source: d.source,
        basis: d.basis,
      })),
    };
  }

  /** Due date of a dossier received at `receivedAt` under `limit`, counted on calendar `code`. */
  async due(code: string, receivedAt: Date, limit: DeadlineLimit): Promise<Due> {
    const year = yearOf(toLocal(receivedAt).date);
    const calendar = await this.load(code, { from: year, to: year + 2 });
    return calendar.dueFor(receivedAt, limit);
  }

  private validateEdit(date: string, edit: Partial<CalendarDayEdit>, needKind: boolean): FieldProblem[] {
    const errors: FieldProblem[] = [];
    const dateOk = typeof date === 'string' && isIsoDate(date);
    if (!dateOk) errors.push({ field: 'date', messages: ['date must be a calendar date YYYY-MM-DD'] });
    if (needKind) {
      if (!(CALENDAR_DAY_KINDS as readonly unknown[]).includes(edit.kind)) {
        errors.push({ field: 'kind', messages: [`kind must be one of: ${CALENDAR_DAY_KINDS.join(', ')}`] });
      } else if (edit.kind === 'working_day' && dateOk && isoWeekday(date) < 6) {
        errors.push({
          field: 'kind',
          messages: ['only a Saturday or a Sunday can be made a working day'],
          code: 'weekday',
        });
      }
      const name = typeof edit.name === 'string' ? edit.name.trim() : '';
      if (name.length === 0 || name.length > 200) {
        errors.push({ field: 'name', messages: ['name must be between 1 and 200 characters'] });
      }
      if (edit.basis !== undefined && (typeof edit.basis !== 'string' || edit.basis.trim().length > 300)) {
        errors.push({ field: 'basis', messages: ['basis must be a text of at most 300 characters'] });
      }
    }
    const reason = typeof edit.reason === 'string' ? edit.reason.trim() : '';
    if (reason.length < 3 || reason.length > 500) {
      errors.push({ field: 'reason', messages: ['reason must be between 3 and 500 characters'] });
    }
    return errors;
  }

  private async lockForEdit(em: EntityManager, code: string, date: string): Promise<CalendarRow> {
    const row = await this.row(code, em, true);
    const covered: unknown[] = await em.query(`SELECT 1 FROM calendar_year WHERE calendar_id = $1 AND year = $2`, [
      row.id,
      yearOf(date),
    ]);
    if (covered.length === 0) {
      throw problems([
        {
          field: 'date',
          messages: [`calendar ${code} has no data for ${yearOf(date)}; seed that year first`],
          code: 'year_not_seeded',
        },
      ]);
    }
    return row;
  }

  private async currentDay(em: EntityManager, calendarId: string, date: string): Promise<CalendarDaySnapshot | null> {
    const rows: CalendarDaySnapshot[] = await em.query(
      `SELECT kind, name, source, basis FROM calendar_day WHERE calendar_id = $1 AND day = $2 FOR UPDATE`,
      [calendarId, date],
    );
    return rows[0] ?? null;
  }

  private async record(
    em: EntityManager,
    row: CalendarRow,
    date: string,
    before: CalendarDaySnapshot | null,
    after: CalendarDaySnapshot | null,
    reason: string,
    actor: CalendarActor,
  ): Promise<void> {
    await em.query(
      `INSERT INTO calendar_change (calendar_id, day, actor_subject, actor_username, before, after, reason)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
      [
        row.id,
        date,
        actor.subject,
        actor.username,
        before ? JSON.stringify(before) : null,
        after ? JSON.stringify(after) : null,
        reason,
      ],
    );
    await em.query(`UPDATE work_calendar SET version = version + 1, updated_at = now() WHERE id = $1`, [row.id]);
  }

  /**
   * Sets a day of a covered year as a holiday or a worked weekend day (source admin), with its history row in the
   * same transaction. Field errors name `date`, `kind`, `name` or `reason`; nothing is written on any error.
   */
  async upsertDay(
    code: string,
    date: string,
    edit: CalendarDayEdit,
    actor: CalendarActor,
  ): Promise<{ before: CalendarDaySnapshot | null; after: CalendarDayView }> {
    const errors = this.validateEdit(date, edit, true);
    if (errors.length > 0) {
      await this.row(code); // an unknown calendar is a 404 before it is a 400
      throw problems(errors);
    }
    const result = await this.dataSource.transaction(async (em) => {
      const row = await this.lockForEdit(em, code, date);
      const before = await this.currentDay(em, row.id, date);
      const after: CalendarDaySnapshot = {
        kind: edit.kind,
        name: edit.name.trim(),
        source: 'admin',
        basis: edit.basis?.trim() || null,
      };
      await em.query(
        `INSERT INTO calendar_day (calendar_id, day, kind, name, source, basis) VALUES ($1, $2, $3, $4, 'admin', $5)
         ON CONFLICT ON CONSTRAINT calendar_day_pk DO UPDATE
            SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = 'admin', basis = EXCLUDED.basis,
                updated_at = now()`,
        [row.id, date, after.kind, after.name, after.basis],
      );
      await this.record(em, row, date, before, after, edit.reason.trim(), actor);
      return { before, after };
    });
    this.invalidate(code);
    return {
      before: result.before,
      after: {
        date,
        weekday: isoWeekday(date),
        kind: result.after.kind as CalendarDayKind,
        name: result.after.name,
        source: 'admin',
        basis: result.after.basis ?? null,
      },
    };
  }

  /** Removes a day (it follows the weekly pattern again), with its history row; 404 when the day is not set. */
  async removeDay(code: string, date: string, reason: string, actor: CalendarActor): Promise<CalendarDaySnapshot> {
    const errors = this.validateEdit(date, { reason }, false);
    if (errors.length > 0) {
      await this.row(code);
      throw problems(errors);
    }
    const before = await this.dataSource.transaction(async (em) => {
      const row = await this.lockForEdit(em, code, date);
      const current = await this.currentDay(em, row.id, date);
      if (!current) throw new DomainError('not_found', `Calendar ${code} has no holiday or working day on ${date}.`);
      await em.query(`DELETE FROM calendar_day WHERE calendar_id = $1 AND day = $2`, [row.id, date]);
      await this.record(em, row, date, current, null, reason.trim(), actor);
      return current;
    });
    this.invalidate(code);
    return before;
  }

  /**
   * Seeds a year: the statutory composition, or the year's official list (OFFICIAL_YEARS) when there is one, each
   * day with its legal basis. Idempotent. Never touches a day an administrator set or ever edited (any history
   * row). A composed plan never overwrites a day a notice set and removes only statutory days it no longer has; an
   * official list is authoritative and also replaces or removes notice days it no longer has.
   */
  async seedYear(code: string, year: number, actor?: CalendarActor): Promise<SeedResult> {
    if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
      throw problems([
        { field: 'year', messages: [`year must be between ${MIN_CALENDAR_YEAR} and ${MAX_CALENDAR_YEAR}`] },
      ]);
    }
    const result = await this.dataSource.transaction(async (em) => {
      const row = await this.row(code, em, true);
      const plan = planYear(composeStatutoryYear(year, { saturdayWorking: row.saturday_working }), officialYear(year));
      const planned = plan.days;
      const res: SeedResult = { year, inserted: 0, updated: 0, removed: 0, kept: 0 };
      const newYear: unknown[] = await em.query(
        `INSERT INTO calendar_year (calendar_id, year, seeded_by) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT calendar_year_pk DO NOTHING RETURNING year`,
        [row.id, year, actor?.username ?? null],
      );
      const existingRows: DayRow[] = await em.query(
        `SELECT day::text AS day, kind, name, source, basis FROM calendar_day
          WHERE calendar_id = $1 AND year = $2 FOR UPDATE`,
        [row.id, year],
      );
      const existing = new Map(existingRows.map((d) => [d.day, d]));
      const editedRows: Array<{ day: string }> = await em.query(
        `SELECT DISTINCT day::text AS day FROM calendar_change
          WHERE calendar_id = $1 AND day >= make_date($2, 1, 1) AND day < make_date($2 + 1, 1, 1)`,
        [row.id, year],
      );
      const edited = new Set(editedRows.map((d) => d.day));
      const plannedDates = new Set(planned.map((p) => p.date));
      for (const p of planned) {
        const ex = existing.get(p.date);
        const noticeKept = !plan.official && ex?.source === 'notice';
        if (edited.has(p.date) || ex?.source === 'admin' || noticeKept) {
          res.kept++;
          continue;
        }
        if (ex && ex.kind === p.kind && ex.name === p.name && ex.source === p.source && ex.basis === p.basis) continue;
        await em.query(
          `INSERT INTO calendar_day (calendar_id, day, kind, name, source, basis) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT ON CONSTRAINT calendar_day_pk DO UPDATE
              SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source, basis = EXCLUDED.basis,
                  updated_at = now()`,
          [row.id, p.date, p.kind, p.name, p.source, p.basis],
        );
        if (ex) res.updated++;
        else res.inserted++;
      }
      for (const ex of existing.values()) {
        const replaceable = ex.source === 'statutory' || (plan.official && ex.source === 'notice');
        if (plannedDates.has(ex.day) || !replaceable || edited.has(ex.day)) continue;
        await em.query(`DELETE FROM calendar_day WHERE calendar_id = $1 AND day = $2`, [row.id, ex.day]);
        res.removed++;
      }
      if (newYear.length > 0 || res.inserted + res.updated + res.removed > 0) {
        await em.query(`UPDATE work_calendar SET version = version + 1, updated_at = now() WHERE id = $1`, [row.id]);
      }
      return res;
    });
    this.invalidate(code);
    return result;
  }

  /** Creates a calendar when it does not exist yet (settings of an existing one are left alone). */
  async ensureCalendar(def: { code: string; name: string; saturdayWorking?: boolean }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO work_calendar (code, name, saturday_working) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT work_calendar_code_uq DO NOTHING`,
      [def.code, def.name, def.saturdayWorking ?? false],
    );
  }

  private invalidate(code: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${code}|`)) this.cache.delete(key);
  }
}

/**
 * The portal's `seed` command: the national default calendar `VN-default` with 2025, 2026 and 2027 seeded.
 * Idempotent; returns how many days it inserted, updated or removed.
 */
export async function seedCalendar(dataSource: DataSource): Promise<number> {
  const service = new CalendarService(dataSource);
  await service.ensureCalendar({
    code: DEFAULT_CALENDAR_CODE,
    name: 'Lịch làm việc mặc định (tuần làm việc thứ Hai – thứ Sáu)',
  });
  let changed = 0;
  for (const year of SEEDED_YEARS) {
    const r = await service.seedYear(DEFAULT_CALENDAR_CODE, year);
    changed += r.inserted + r.updated + r.removed;
  }
  return changed;
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService, DeadlineLimit, toLocal, yearOf } from '@app/calendar';
import { firstRow } from '@app/database';
import { DeadlineFacts, DossierDeadlines } from './dossier-deadlines';
import { correctionDueAt, supplementClosureAt, supplementWindowEnd } from './regime-clock';

/** The working calendar every agency counts on until agencies get calendars of their own. */
export const DEFAULT_CALENDAR = 'VN-default';

interface VersionClock {
  time_limit_unit: DeadlineLimit['unit'];
  time_limit_amount: number;
  supplement_policy: 'pause' | 'restart';
}

/** Due dates from the procedure version's time limit, counted on the working calendar (holidays, cut-off, hours). */
@Injectable()
export class CalendarDeadlines implements DossierDeadlines {
  constructor(private readonly calendars: CalendarService) {}

  private async clockOf(
    em: EntityManager,
    versionId: string,
  ): Promise<{ limit: DeadlineLimit; policy: 'pause' | 'restart' }> {
    const v = firstRow(
      await em.query<VersionClock[]>(
        `SELECT time_limit_unit, time_limit_amount, supplement_policy FROM procedure_version WHERE id = $1`,
        [versionId],
      ),
      'procedure version',
    );
    return { limit: { unit: v.time_limit_unit, amount: v.time_limit_amount }, policy: v.supplement_policy };
  }

  /** Loaded on the caller's transaction: a dossier transaction never waits for a second pool connection. */
  private calendarFor(em: EntityManager, at: Date) {
    const year = yearOf(toLocal(at).date);
    return this.calendars.load(DEFAULT_CALENDAR, { from: year - 1, to: year + 2 }, em);
  }

  async atReception(em: EntityManager, dossier: DeadlineFacts, receivedAt: Date) {
    const { limit } = await this.clockOf(em, dossier.procedure_version_id);
    const due = (await this.calendarFor(em, receivedAt)).dueFor(receivedAt, limit);
    return { countingStartedOn: due.countingStart, dueAt: due.dueAt };
  }

  async afterSupplement(
    em: EntityManager,
    dossier: DeadlineFacts & { received_at?: Date | null; counting_started_on?: string | null },
    clock: { pausedAt: Date; resumedAt: Date; policy?: 'pause' | 'restart' },
  ) {
    const version = await this.clockOf(em, dossier.procedure_version_id);
    const limit = version.limit;
    const policy = clock.policy ?? version.policy;
    const calendar = await this.calendarFor(em, clock.resumedAt);
    if (policy === 'restart')
      return { dueAt: calendar.restartedDue({ limit, resumedAt: clock.resumedAt }).dueAt, policy };
    if (!dossier.due_at) throw new Error('a paused clock needs a due date');
    const original = calendar.dueFor(dossier.received_at ?? clock.pausedAt, limit);
    const due = {
      countingStart: dossier.counting_started_on ?? original.countingStart,
      startsAt: original.startsAt,
      dueAt: dossier.due_at,
      dueDate: toLocal(dossier.due_at).date,
    };
    return {
      dueAt: calendar.pausedDue({ limit, due, pausedAt: clock.pausedAt, resumedAt: clock.resumedAt }).dueAt,
      policy,
    };
  }

  async supplementWindowEnd(em: EntityManager, receivedAt: Date, workingDays: number): Promise<Date> {
    return supplementWindowEnd(await this.calendarFor(em, receivedAt), receivedAt, workingDays);
  }

  async supplementClosureAt(em: EntityManager, notifiedAt: Date, days: number): Promise<Date> {
    return supplementClosureAt(await this.calendarFor(em, notifiedAt), notifiedAt, days);
  }

  /**
   * Working time counted from the instant itself, without the 15:00 cut-off of the reception rules: the online
   * receipt limit runs from when the dossier reached the system (NĐ 118/2025 Điều 17 khoản 2 điểm c).
   */
  async workingHoursAfter(em: EntityManager, from: Date, hours: number): Promise<Date> {
    return (await this.calendarFor(em, from)).addWorkingTime(from, hours * 3_600_000);
  }

  async correctionDueAt(em: EntityManager, sentBackAt: Date, workingDays: number): Promise<Date> {
    return correctionDueAt(await this.calendarFor(em, sentBackAt), sentBackAt, workingDays);
  }
}

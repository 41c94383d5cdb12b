import type { EntityManager } from 'typeorm';

export const DOSSIER_DEADLINES = Symbol('DOSSIER_DEADLINES');

export interface DeadlineFacts {
  received_at?: Date | null;
  counting_started_on?: string | null;
  procedure_version_id: string;
  agency_id: string;
  due_at: Date | null;
}

/** Due dates of a dossier from its procedure version's time limit and its agency's working calendar. */
export interface DossierDeadlines {
  atReception(
    em: EntityManager,
    dossier: DeadlineFacts,
    receivedAt: Date,
  ): Promise<{ countingStartedOn: string; dueAt: Date }>;
  /**
   * The due date once the supplement is complete. `policy` is the regime's when it prescribes one (NĐ 118/2025:
   * restart); otherwise the procedure version's.
   */
  afterSupplement(
    em: EntityManager,
    dossier: DeadlineFacts,
    clock: { pausedAt: Date; resumedAt: Date; policy?: 'pause' | 'restart' },
  ): Promise<{ dueAt: Date; policy: 'pause' | 'restart' }>;
  /** The last instant appraisal may ask for a supplement, `workingDays` after reception. */
  supplementWindowEnd(em: EntityManager, receivedAt: Date, workingDays: number): Promise<Date>;
  /** When a dossier still waiting for its supplement `days` after the notice is closed. */
  supplementClosureAt(em: EntityManager, notifiedAt: Date, days: number): Promise<Date>;
  /** When a result sent back for correction is due again. */
  correctionDueAt(em: EntityManager, sentBackAt: Date, workingDays: number): Promise<Date>;
  /** The instant `hours` working hours after `from` (an online dossier's receipt limit, NĐ 118 Điều 17.2). */
  workingHoursAfter(em: EntityManager, from: Date, hours: number): Promise<Date>;
}

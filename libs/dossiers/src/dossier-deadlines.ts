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
  afterSupplement(
    em: EntityManager,
    dossier: DeadlineFacts,
    clock: { pausedAt: Date; resumedAt: Date },
  ): Promise<{ dueAt: Date; policy: 'pause' | 'restart' }>;
}

import type { EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import type { DossierAction, DossierStatus } from './dossier.lifecycle';

/** What a transition hook is told: the dossier (locked), the action about to be applied and who applies it. */
export interface DossierTransition {
  dossierId: string;
  dossierCode: string | null;
  action: DossierAction;
  from: DossierStatus;
  to: DossierStatus;
  principal: Principal;
  /** Whether the action comes from a linked agency's answer (the route finished or was returned). */
  byLinkedAgency: boolean;
  reason: string | null;
}

/**
 * Work another library must do in the same transaction as a dossier's change of status, before it is written (the
 * routing library ends the agency cases of a dossier that leaves "awaiting agency"). The dossier row is locked.
 */
export interface DossierTransitionHook {
  beforeTransition(em: EntityManager, transition: DossierTransition): Promise<void>;
}

export const DOSSIER_TRANSITION_HOOK = Symbol('DOSSIER_TRANSITION_HOOK');

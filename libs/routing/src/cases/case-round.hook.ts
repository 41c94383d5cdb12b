import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { STAFF_ROLES } from '@app/auth';
import type { DossierTransition, DossierTransitionHook } from '@app/dossiers';
import { CaseFlow } from './case-flow.service';
import type { RecordActor } from './case-records';

/**
 * The one rule that keeps agency cases and their dossier together: a dossier that leaves "awaiting agency" — the
 * route finished, an agency returned it, the desk closed the round early (with a reason), the citizen withdrew it,
 * the leader stopped it — takes every open case with it, in the same transaction, and each agency is told. So no
 * case stays open on a dossier that moved on, and no agency's later answer meets a dossier that cannot take it.
 */
@Injectable()
export class CaseRoundHook implements DossierTransitionHook {
  constructor(private readonly flow: CaseFlow) {}

  async beforeTransition(em: EntityManager, t: DossierTransition): Promise<void> {
    if (t.from !== 'awaiting_agency' || t.to === 'awaiting_agency') return;
    const role = t.principal.roles.find((r) => STAFF_ROLES.includes(r)) ?? t.principal.roles[0] ?? 'citizen';
    const actor: RecordActor = {
      subject: t.principal.subject,
      username: t.principal.username,
      name: t.principal.name,
      agency: t.principal.agency,
      role,
    };
    await this.flow.cancelOpenCases(em, t.dossierId, undefined, actor, t.reason);
  }
}

import type { Principal } from '@app/auth';
import { STAFF_ROLES } from '@app/auth';
import type { Actor } from './dossier.lifecycle';

export interface DossierAccessFacts {
  status: string;
  ownerSubject: string | null;
  agencyCode: string;
}

/**
 * Who the caller is to this dossier: its owner, staff of its agency, or nobody (who must not even learn it exists).
 * A citizen's draft is private to the citizen until submitted.
 */
export function actorFor(principal: Principal, dossier: DossierAccessFacts): Actor | null {
  if (dossier.ownerSubject !== null && principal.subject === dossier.ownerSubject) return { kind: 'owner' };
  const staffRoles = principal.roles.filter((r) => STAFF_ROLES.includes(r));
  if (staffRoles.length === 0 || principal.agency === null || principal.agency !== dossier.agencyCode) return null;
  if (dossier.status === 'draft' && dossier.ownerSubject !== null) return null;
  return { kind: 'staff', roles: staffRoles };
}

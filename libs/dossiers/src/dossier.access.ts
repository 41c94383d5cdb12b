import type { Principal } from '@app/auth';
import { STAFF_ROLES } from '@app/auth';
import type { Actor } from './dossier.lifecycle';

export interface DossierAccessFacts {
  status: string;
  ownerSubject: string | null;
  /** The receiving desk's agency. */
  agencyCode: string;
  /** The deciding authority when another agency decides (NĐ 118/2025 Điều 14 khoản 2); null or absent otherwise. */
  decidingAgencyCode?: string | null;
  /** Whether the desk has received it: the deciding authority gets the e-dossier from then on (Điều 20 khoản 1). */
  received?: boolean;
}

/** The access facts of a dossier row as the dossier queries return it. */
export function accessFactsOf(row: {
  status: string;
  owner_subject: string | null;
  agency_code: string;
  deciding_agency_code?: string | null;
  received_at?: Date | null;
}): DossierAccessFacts {
  return {
    status: row.status,
    ownerSubject: row.owner_subject,
    agencyCode: row.agency_code,
    decidingAgencyCode: row.deciding_agency_code ?? null,
    received: row.received_at !== null && row.received_at !== undefined,
  };
}

/**
 * Who the caller is to this dossier: its owner, staff of its agency, or nobody (who must not even learn it exists).
 * A citizen's draft is private to the citizen until submitted. When a desk received a procedure another agency of
 * the province decides, the desk's staff act on the desk's side and, once it is received, the deciding authority's
 * staff on theirs; staff of any other agency see nothing.
 */
export function actorFor(principal: Principal, dossier: DossierAccessFacts): Actor | null {
  if (dossier.ownerSubject !== null && principal.subject === dossier.ownerSubject) return { kind: 'owner' };
  const staffRoles = principal.roles.filter((r) => STAFF_ROLES.includes(r));
  if (staffRoles.length === 0 || principal.agency === null) return null;
  if (dossier.status === 'draft' && dossier.ownerSubject !== null) return null;
  const deciding = dossier.decidingAgencyCode ?? null;
  const split = deciding !== null && deciding !== dossier.agencyCode;
  if (principal.agency === dossier.agencyCode) {
    return split ? { kind: 'staff', roles: staffRoles, side: 'desk' } : { kind: 'staff', roles: staffRoles };
  }
  if (split && principal.agency === deciding && dossier.received === true) {
    return { kind: 'staff', roles: staffRoles, side: 'deciding' };
  }
  return null;
}

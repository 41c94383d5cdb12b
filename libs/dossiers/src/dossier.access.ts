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
  /** The agency answering for the desk, when the desk's agency has ceased (its successor after a merger). */
  agencyAnsweringCode?: string | null;
  /** The agency answering for the deciding authority, when that one has ceased. */
  decidingAnsweringCode?: string | null;
}

/** The access facts of a dossier row as the dossier queries return it. */
export function accessFactsOf(row: {
  status: string;
  owner_subject: string | null;
  agency_code: string;
  deciding_agency_code?: string | null;
  received_at?: Date | null;
  answering_agency_code?: string | null;
  deciding_answering_code?: string | null;
}): DossierAccessFacts {
  return {
    status: row.status,
    ownerSubject: row.owner_subject,
    agencyCode: row.agency_code,
    decidingAgencyCode: row.deciding_agency_code ?? null,
    received: row.received_at !== null && row.received_at !== undefined,
    agencyAnsweringCode: row.answering_agency_code ?? null,
    decidingAnsweringCode: row.deciding_answering_code ?? null,
  };
}

/**
 * Who the caller is to this dossier: its owner, staff of its agency, or nobody (who must not even learn it exists).
 * A citizen's draft is private to the citizen until submitted. When a desk received a procedure another agency of
 * the province decides, the desk's staff act on the desk's side and, once it is received, the deciding authority's
 * staff on theirs; staff of any other agency see nothing. An agency that ceased (a merged commune) is answered for by
 * its successor: the successor's staff stand where the ceased agency's would.
 */
export function actorFor(principal: Principal, dossier: DossierAccessFacts): Actor | null {
  if (dossier.ownerSubject !== null && principal.subject === dossier.ownerSubject) return { kind: 'owner' };
  const staffRoles = principal.roles.filter((r) => STAFF_ROLES.includes(r));
  if (staffRoles.length === 0 || principal.agency === null) return null;
  if (dossier.status === 'draft' && dossier.ownerSubject !== null) return null;
  const deciding = dossier.decidingAgencyCode ?? null;
  const split = deciding !== null && deciding !== dossier.agencyCode;
  const isDesk = principal.agency === dossier.agencyCode || principal.agency === dossier.agencyAnsweringCode;
  const isDeciding =
    split &&
    dossier.received === true &&
    (principal.agency === deciding || principal.agency === dossier.decidingAnsweringCode);
  // Both sides answered for by one agency (a desk merged into the authority that decides): it acts on both.
  if (isDesk && (!split || isDeciding)) return { kind: 'staff', roles: staffRoles };
  if (isDesk) return { kind: 'staff', roles: staffRoles, side: 'desk' };
  if (isDeciding) return { kind: 'staff', roles: staffRoles, side: 'deciding' };
  return null;
}

/** The electronic ID of the agency answering for the agency aliased `alias` when it has ceased, else NULL. */
const answeringCode = (alias: string) =>
  `CASE WHEN ${alias}.successor_id IS NULL THEN NULL
        ELSE (SELECT x.code FROM agency x WHERE x.id = agency_answering(${alias}.id)) END`;

/**
 * The columns `accessFactsOf` reads for ceased agencies: who answers for the desk and for the deciding authority
 * (their successors after a merger). Needs `a` and `da` joined.
 */
export const ANSWERING_AGENCY_CODES = `${answeringCode('a')} AS answering_agency_code,
       ${answeringCode('da')} AS deciding_answering_code`;

/**
 * The dossiers of a staff member's agency ($1 its code): those its desk received or holds, and those it decides for
 * another desk once that desk has received them (NĐ 118/2025 Điều 20 khoản 1) — and the same of every agency it
 * succeeded (a commune merged into it). Needs `a` and `da` joined.
 */
export const STAFF_AGENCY_DOSSIERS = `(a.code = $1 OR (da.code = $1 AND d.received_at IS NOT NULL)
   OR ${answeringCode('a')} = $1 OR (d.received_at IS NOT NULL AND ${answeringCode('da')} = $1))`;

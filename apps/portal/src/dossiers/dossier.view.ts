import type { Principal } from '@app/auth';
import {
  accessFactsOf,
  Actor,
  actorFor,
  DossierAction,
  DossierRow,
  isOverdue,
  NATIONAL_STATUS_CODE,
} from '@app/dossiers';
import { DomainError } from '@app/observability';

/** The API shape of a dossier, for a caller who may see it, with the actions they can take on it now. */
export function dossierView(row: DossierRow, actions: readonly DossierAction[]) {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    nationalStatus: NATIONAL_STATUS_CODE[row.status],
    channel: row.channel,
    agencyCode: row.agency_code,
    /** The deciding authority when another agency decides (reception regardless of boundary), else null. */
    decidingAgencyCode: row.deciding_agency_code,
    procedureVersionId: row.procedure_version_id,
    applicant: row.applicant,
    formData: row.form_data,
    /** What the national identity (VNeID) proved of the applicant when the citizen wrote it, or null. */
    identityVerified: row.identity_verified ?? null,
    assignee: row.assignee_subject,
    lookupKey: row.lookup_key,
    submittedAt: row.submitted_at,
    receivedAt: row.received_at,
    countingStartedOn: row.counting_started_on,
    dueAt: row.due_at,
    clockPaused: row.paused_at !== null,
    overdue: isOverdue(row),
    resultReadyAt: row.result_ready_at,
    returnedAt: row.returned_at,
    returnChannel: row.return_channel,
    rowVersion: row.row_version,
    availableActions: actions,
  };
}

/** The caller's standing on a row the service has just returned to them (no second read of the dossier). */
export function actorOn(row: DossierRow, principal: Principal): Actor {
  const actor = actorFor(principal, accessFactsOf(row));
  if (!actor) throw new DomainError('not_found', 'No such dossier.');
  return actor;
}

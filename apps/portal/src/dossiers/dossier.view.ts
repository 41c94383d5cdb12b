import type { Principal } from '@app/auth';
import { Actor, actorFor, availableActions, DossierRow, isOverdue, NATIONAL_STATUS_CODE } from '@app/dossiers';
import { DomainError } from '@app/observability';

/** The API shape of a dossier, for a caller who may see it. */
export function dossierView(row: DossierRow, actor: Actor) {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    nationalStatus: NATIONAL_STATUS_CODE[row.status],
    channel: row.channel,
    agencyCode: row.agency_code,
    procedureVersionId: row.procedure_version_id,
    applicant: row.applicant,
    formData: row.form_data,
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
    availableActions: availableActions(row.status, actor),
  };
}

/** The view of a row the service has just returned to this caller (no second read to learn their standing). */
export function dossierViewFor(row: DossierRow, principal: Principal) {
  const actor = actorFor(principal, {
    status: row.status,
    ownerSubject: row.owner_subject,
    agencyCode: row.agency_code,
  });
  if (!actor) throw new DomainError('not_found', 'No such dossier.');
  return dossierView(row, actor);
}

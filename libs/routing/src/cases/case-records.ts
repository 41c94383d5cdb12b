import type { EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';

/** Who a routing record is attributed to: an agency's officer or system, or the router itself. */
export type RecordActor = Pick<Principal, 'subject' | 'username' | 'name' | 'agency'> & { role: string };

export const ROUTER_ACTOR: RecordActor = {
  subject: 'system:router',
  username: 'router',
  name: 'Hệ thống liên thông',
  agency: null,
  role: 'system',
};

export function actorOf(principal: Principal): RecordActor {
  return {
    subject: principal.subject,
    username: principal.username,
    name: principal.name,
    agency: principal.agency,
    role: principal.kind === 'service' ? 'agency_system' : 'agency_officer',
  };
}

/**
 * An audit entry on the dossier's append-only trail for work that does not change the dossier's own status (a case
 * opened at an agency, an acknowledgement, a sub-status, a result): from and to are the current status.
 */
export async function auditOnDossier(
  em: EntityManager,
  dossierId: string,
  action: string,
  actor: RecordActor,
  data: Record<string, unknown>,
  reason: string | null = null,
): Promise<void> {
  await em.query(
    `INSERT INTO dossier_event (dossier_id, action, from_status, to_status, actor_subject, actor_username, actor_name,
                                actor_role, actor_agency, reason, data)
     SELECT d.id, $2, d.status, d.status, $3, $4, $5, $6, $7, $8, $9 FROM dossier d WHERE d.id = $1`,
    [dossierId, action, actor.subject, actor.username, actor.name, actor.role, actor.agency, reason, data],
  );
}

export interface NotificationInput {
  agencyId: string;
  role?: string | null;
  subject?: string | null;
  dossierId?: string | null;
  agencyCaseId?: string | null;
  kind: string;
  message: string;
}

/**
 * A notification for the holders of a role at an agency, or for one person. One meant for an agency that has ceased
 * goes to the agency answering for it (its successor after a merger), whose staff now handle its dossiers. Returns
 * its id.
 */
export async function notify(em: EntityManager, n: NotificationInput): Promise<string> {
  const [row] = await em.query<Array<{ id: string }>>(
    `INSERT INTO notification (agency_id, recipient_role, recipient_subject, dossier_id, agency_case_id, kind, message)
     VALUES (agency_answering($1), $2, $3, $4, $5, $6, $7)
     RETURNING id::text AS id`,
    [n.agencyId, n.role ?? null, n.subject ?? null, n.dossierId ?? null, n.agencyCaseId ?? null, n.kind, n.message],
  );
  return (row as { id: string }).id;
}

import type { EntityManager } from 'typeorm';
import { LEGALLY_REQUIRED, MessageEvent, messageKindOf, MessageKind } from './message-kinds';

/** The facts a message is written from, as they were when the event was handled. */
export interface MessageData {
  dossierId: string;
  code: string | null;
  lookupKey: string;
  applicantName: string;
  procedureName: string;
  agencyName: string;
  /** Whether the applicant has an account that owns the dossier (an online dossier page to link to). */
  ownedOnline: boolean;
  dueAt: string | null;
  reason: string | null;
  supplementDueAt: string | null;
  newDueAt: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface FactsRow {
  code: string | null;
  lookup_key: string;
  applicant: { fullName?: string; email?: string | null } | null;
  owner_subject: string | null;
  owner_email: string | null;
  wants_email: boolean | null;
  locale: 'vi' | 'en' | null;
  due_at: Date | null;
  supplement_due_at: Date | null;
  procedure_name: string;
  agency_name: string;
  reason: string | null;
  apology_due_at: Date | null;
  apology_reason: string | null;
}

/**
 * Plans what the applicant is told about an outbox event, in the caller's transaction (the one that marks the event
 * handled), with the facts of the moment: an in-portal message for the account that owns the dossier, and an e-mail
 * — to the applicant's own address (the form's), else the owner account's — unless the owner chose not to get
 * e-mail and the rules do not require the notice. Messages are in the owner's chosen language (Vietnamese by
 * default). Handling the same event again adds nothing (a row is unique per event, kind, channel and recipient).
 * Returns the number of rows written.
 */
export async function planCitizenMessages(em: EntityManager, event: MessageEvent): Promise<number> {
  const kind = messageKindOf(event);
  const dossierId = event.payload['dossierId'];
  if (!kind || typeof dossierId !== 'string') return 0;
  const action = typeof event.payload['action'] === 'string' ? event.payload['action'] : null;
  const [row] = await em.query<FactsRow[]>(
    `SELECT d.code, d.lookup_key, d.applicant, d.owner_subject, u.email AS owner_email, pref.email AS wants_email,
            pref.locale, d.due_at, d.supplement_due_at,
            p.name AS procedure_name, a.name AS agency_name,
            (SELECT e.reason FROM dossier_event e WHERE e.dossier_id = d.id AND e.action = $2
              ORDER BY e.id DESC LIMIT 1) AS reason,
            ac.new_due_at AS apology_due_at, ac.reason AS apology_reason
       FROM dossier d
       JOIN agency a ON a.id = d.agency_id
       JOIN procedure_version v ON v.id = d.procedure_version_id
       JOIN procedure p ON p.id = v.procedure_id
       LEFT JOIN user_profile u ON u.subject = d.owner_subject
       LEFT JOIN citizen_message_preference pref ON pref.subject = d.owner_subject
       LEFT JOIN LATERAL (SELECT c.new_due_at, c.reason FROM appointment_change c
                           WHERE c.dossier_id = d.id AND c.kind = 'apology' ORDER BY c.id DESC LIMIT 1) ac ON true
      WHERE d.id = $1`,
    [dossierId, action],
  );
  if (!row) return 0;
  const data = factsOf(kind, dossierId, row);
  const locale = row.locale ?? 'vi';
  const rows: Array<{ channel: 'email' | 'inapp'; recipient: string }> = [];
  // The account that owns the dossier keeps every message in its list in the portal.
  if (row.owner_subject) rows.push({ channel: 'inapp', recipient: row.owner_subject });
  // E-mail unless the owner opted out; the notices the rules require go out whatever the choice.
  const email = emailOf(row);
  if (email && (row.wants_email !== false || LEGALLY_REQUIRED.includes(kind))) {
    rows.push({ channel: 'email', recipient: email });
  }
  if (rows.length === 0) return 0;
  const inserted = await em.query<unknown[]>(
    `INSERT INTO citizen_message (event_id, dossier_id, kind, channel, recipient, locale, data, status, sent_at)
     SELECT $1, $2, $3, r.channel, r.recipient, $4, $5,
            CASE WHEN r.channel = 'inapp' THEN 'sent' ELSE 'queued' END,
            CASE WHEN r.channel = 'inapp' THEN now() END
       FROM unnest($6::text[], $7::text[]) AS r (channel, recipient)
     ON CONFLICT ON CONSTRAINT citizen_message_once_uq DO NOTHING
     RETURNING id`,
    [event.id, dossierId, kind, locale, data, rows.map((r) => r.channel), rows.map((r) => r.recipient)],
  );
  return inserted.length;
}

function emailOf(row: FactsRow): string | null {
  for (const candidate of [row.applicant?.email, row.owner_email]) {
    const value = candidate?.trim();
    if (value && EMAIL.test(value)) return value;
  }
  return null;
}

function factsOf(kind: MessageKind, dossierId: string, row: FactsRow): MessageData {
  return {
    dossierId,
    code: row.code,
    lookupKey: row.lookup_key,
    applicantName: row.applicant?.fullName?.trim() || '',
    procedureName: row.procedure_name,
    agencyName: row.agency_name,
    ownedOnline: row.owner_subject !== null,
    dueAt: row.due_at?.toISOString() ?? null,
    reason: kind === 'apology' ? row.apology_reason : row.reason,
    supplementDueAt: row.supplement_due_at?.toISOString() ?? null,
    newDueAt: kind === 'apology' ? (row.apology_due_at?.toISOString() ?? null) : null,
  };
}

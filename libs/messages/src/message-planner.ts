import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { LEGALLY_REQUIRED, MessageEvent, messageKindsOf, MessageKind, SMS_KINDS, SmsPreference } from './message-kinds';

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
  /** The fees asked for, in đồng (a financial obligation's message); absent otherwise. */
  amount?: number | null;
  /** To officers: what the in-app notification says, and the page it opens (the desk's, or the agency's case). */
  note?: string | null;
  staffPath?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface FactsRow {
  code: string | null;
  lookup_key: string;
  applicant: { fullName?: string; email?: string | null; phone?: string | null } | null;
  owner_subject: string | null;
  owner_email: string | null;
  wants_email: boolean | null;
  wants_sms: SmsPreference | null;
  locale: 'vi' | 'en' | null;
  due_at: Date | null;
  supplement_due_at: Date | null;
  procedure_name: string;
  agency_name: string;
  reason: string | null;
  apology_due_at: Date | null;
  apology_reason: string | null;
  assignee_email: string | null;
  owed: string | null;
  paid: string | null;
}

interface PlannedRow {
  kind: MessageKind;
  channel: 'email' | 'sms' | 'inapp';
  recipient: string;
  audience: 'citizen' | 'staff';
  locale: 'vi' | 'en';
  data: MessageData;
}

/**
 * Plans what an outbox event tells people, in the caller's transaction (the one that marks the event handled), with
 * the facts of the moment. The applicant: an in-portal message for the account that owns the dossier; an e-mail — to
 * the applicant's own address (the form's), else the owner account's — unless the owner chose not to get e-mail and
 * the rules do not require the notice; an SMS to the form's phone number for the steps worth one (`SMS_KINDS`) when
 * no e-mail goes out, or always if the owner asked, never if the owner refused — but a notice the rules require
 * always goes out by one channel. Messages are in the owner's chosen language (Vietnamese by default). The officer a
 * dossier is assigned to gets an e-mail. Handling the same event again adds nothing (a row is unique per event, kind,
 * channel and recipient). Returns the number of rows written.
 */
export async function planCitizenMessages(em: EntityManager, event: MessageEvent): Promise<number> {
  const kinds = messageKindsOf(event);
  const dossierId = event.payload['dossierId'];
  const action = typeof event.payload['action'] === 'string' ? event.payload['action'] : null;
  const assigned = event.event_type === 'dossier.status_changed' && action === 'assign';
  if ((kinds.length === 0 && !assigned) || typeof dossierId !== 'string') return 0;
  const [row] = await em.query<FactsRow[]>(
    `SELECT d.code, d.lookup_key, d.applicant, d.owner_subject, u.email AS owner_email, pref.email AS wants_email,
            pref.sms AS wants_sms, pref.locale, d.due_at, d.supplement_due_at,
            p.name AS procedure_name, a.name AS agency_name,
            (SELECT e.reason FROM dossier_event e WHERE e.dossier_id = d.id AND e.action = $2
              ORDER BY e.id DESC LIMIT 1) AS reason,
            ac.new_due_at AS apology_due_at, ac.reason AS apology_reason,
            CASE WHEN $3 THEN asg.email END AS assignee_email,
            (SELECT r.amount FROM payment_request r WHERE r.dossier_id = d.id AND r.status <> 'cancelled'
              ORDER BY r.created_at DESC LIMIT 1) AS owed,
            (SELECT p.amount FROM payment p JOIN payment_request r ON r.id = p.request_id
              WHERE r.dossier_id = d.id ORDER BY p.paid_at DESC LIMIT 1) AS paid
       FROM dossier d
       JOIN agency a ON a.id = d.agency_id
       JOIN procedure_version v ON v.id = d.procedure_version_id
       JOIN procedure p ON p.id = v.procedure_id
       LEFT JOIN user_profile u ON u.subject = d.owner_subject
       LEFT JOIN user_profile asg ON asg.subject = d.assignee_subject
       LEFT JOIN citizen_message_preference pref ON pref.subject = d.owner_subject
       LEFT JOIN LATERAL (SELECT c.new_due_at, c.reason FROM appointment_change c
                           WHERE c.dossier_id = d.id AND c.kind = 'apology' ORDER BY c.id DESC LIMIT 1) ac ON true
      WHERE d.id = $1`,
    [dossierId, action, assigned],
  );
  if (!row) return 0;
  const locale = row.locale ?? 'vi';
  const rows: PlannedRow[] = [];
  for (const kind of kinds) {
    const data = factsOf(kind, dossierId, row);
    const citizen = { kind, audience: 'citizen' as const, locale, data };
    // The account that owns the dossier keeps every message in its list in the portal.
    if (row.owner_subject) rows.push({ ...citizen, channel: 'inapp', recipient: row.owner_subject });
    // E-mail unless the owner opted out; the notices the rules require go out whatever the choice.
    const required = LEGALLY_REQUIRED.includes(kind);
    const email = emailOf(row);
    const emailed = email !== null && (row.wants_email !== false || required);
    if (emailed) rows.push({ ...citizen, channel: 'email', recipient: email });
    const phone = phoneOf(row.applicant?.phone);
    if (phone && SMS_KINDS.includes(kind)) {
      const sms = row.wants_sms ?? 'fallback';
      if (sms === 'always' || (!emailed && (sms === 'fallback' || required))) {
        rows.push({ ...citizen, channel: 'sms', recipient: phone });
      }
    }
  }
  const assignee = row.assignee_email?.trim();
  if (assigned && assignee && EMAIL.test(assignee)) {
    rows.push({
      kind: 'staff_assigned',
      channel: 'email',
      recipient: assignee,
      audience: 'staff',
      locale: 'vi',
      data: { ...factsOf('staff_assigned', dossierId, row), staffPath: `/desk/dossiers/${dossierId}` },
    });
  }
  return insertPlanned(em, event.id, dossierId, rows);
}

/** The notification kinds an officer is also e-mailed about, and the message kind of that e-mail. */
const STAFF_EMAIL_OF: Record<string, MessageKind> = {
  dossier_near_due: 'staff_near_due',
  case_near_due: 'staff_near_due',
  dossier_overdue: 'staff_overdue',
  case_overdue: 'staff_overdue',
  apology_needed: 'staff_overdue',
};

interface StaffFactsRow {
  notification_id: string;
  notification_kind: string;
  message: string;
  recipient_role: string | null;
  dossier_id: string;
  agency_case_id: string | null;
  email: string;
  code: string | null;
  lookup_key: string;
  procedure_name: string;
  agency_name: string;
  due_at: Date | null;
}

/**
 * E-mails to officers about in-app notifications just written in the caller's transaction (the deadline scanner's
 * near-due and overdue alerts): to the person named, or to every holder of the role at the agency, at the address of
 * their profile. One e-mail per officer, kind and dossier in one call, however many notifications reached them (a
 * leader who is also a clerk hears once). Keyed by the notification, so a call repeated for the same notifications adds
 * nothing. Returns the number of e-mails planned.
 */
export async function planStaffEmails(em: EntityManager, notificationIds: readonly string[]): Promise<number> {
  const kinds = Object.keys(STAFF_EMAIL_OF);
  if (notificationIds.length === 0) return 0;
  const facts = await em.query<StaffFactsRow[]>(
    `SELECT DISTINCT ON (lower(u.email), n.dossier_id, n.kind IN ('dossier_near_due', 'case_near_due'))
            n.id::text AS notification_id, n.kind AS notification_kind, n.message, n.recipient_role,
            n.dossier_id, n.agency_case_id, btrim(u.email) AS email,
            d.code, d.lookup_key, p.name AS procedure_name, a.name AS agency_name, d.due_at
       FROM notification n
       JOIN dossier d ON d.id = n.dossier_id
       JOIN agency a ON a.id = d.agency_id
       JOIN procedure_version v ON v.id = d.procedure_version_id
       JOIN procedure p ON p.id = v.procedure_id
       JOIN user_profile u
         ON (n.recipient_subject IS NOT NULL AND u.subject = n.recipient_subject)
         OR (n.recipient_subject IS NULL AND u.agency_id = n.agency_id AND n.recipient_role = ANY (u.roles))
      WHERE n.id = ANY ($1::bigint[]) AND n.kind = ANY ($2::text[])
        AND u.email IS NOT NULL AND btrim(u.email) <> ''
      ORDER BY lower(u.email), n.dossier_id, n.kind IN ('dossier_near_due', 'case_near_due'), n.id`,
    [notificationIds, kinds],
  );
  let planned = 0;
  for (const f of facts) {
    const kind = STAFF_EMAIL_OF[f.notification_kind];
    if (!kind || !EMAIL.test(f.email)) continue;
    const staffPath =
      f.agency_case_id && f.recipient_role === 'agency_officer'
        ? `/agency/cases/${f.agency_case_id}`
        : `/desk/dossiers/${f.dossier_id}${f.notification_kind === 'apology_needed' ? '#apology' : ''}`;
    const data: MessageData = {
      dossierId: f.dossier_id,
      code: f.code,
      lookupKey: f.lookup_key,
      applicantName: '',
      procedureName: f.procedure_name,
      agencyName: f.agency_name,
      ownedOnline: false,
      dueAt: f.due_at?.toISOString() ?? null,
      reason: null,
      supplementDueAt: null,
      newDueAt: null,
      note: f.message,
      staffPath,
    };
    // A notification has a bigint id: its e-mail is keyed by a uuid derived from it, stable across repeats.
    planned += await insertPlanned(em, notificationEventId(f.notification_id), f.dossier_id, [
      { kind, channel: 'email', recipient: f.email, audience: 'staff', locale: 'vi', data },
    ]);
  }
  return planned;
}

/** The uuid an e-mail about a notification is keyed by: the md5 of "notification:<id>" in uuid form. */
export function notificationEventId(notificationId: string): string {
  const hex = createHash('md5').update(`notification:${notificationId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function insertPlanned(em: EntityManager, eventId: string, dossierId: string, rows: PlannedRow[]) {
  if (rows.length === 0) return 0;
  const inserted = await em.query<unknown[]>(
    `INSERT INTO dossier_message (event_id, dossier_id, kind, channel, recipient, audience, locale, data, status, sent_at)
     SELECT $1, $2, r.kind, r.channel, r.recipient, r.audience, r.locale, r.data::jsonb,
            CASE WHEN r.channel = 'inapp' THEN 'sent' ELSE 'queued' END,
            CASE WHEN r.channel = 'inapp' THEN now() END
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
            AS r (kind, channel, recipient, audience, locale, data)
     ON CONFLICT ON CONSTRAINT dossier_message_once_uq DO NOTHING
     RETURNING id`,
    [
      eventId,
      dossierId,
      rows.map((r) => r.kind),
      rows.map((r) => r.channel),
      rows.map((r) => r.recipient),
      rows.map((r) => r.audience),
      rows.map((r) => r.locale),
      rows.map((r) => JSON.stringify(r.data)),
    ],
  );
  return inserted.length;
}

/** A Vietnamese mobile number as the SMS gateway takes it (0xxxxxxxxx), or null. */
export function phoneOf(value: string | null | undefined): string | null {
  let phone = value?.replace(/[\s.()-]/g, '') ?? '';
  if (phone.startsWith('+84')) phone = `0${phone.slice(3)}`;
  else if (phone.startsWith('84') && phone.length === 11) phone = `0${phone.slice(2)}`;
  return /^0\d{9}$/.test(phone) ? phone : null;
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
    ...(kind === 'financial_obligation' && row.owed !== null ? { amount: Number(row.owed) } : {}),
    ...(kind === 'payment_received' && row.paid !== null ? { amount: Number(row.paid) } : {}),
  };
}

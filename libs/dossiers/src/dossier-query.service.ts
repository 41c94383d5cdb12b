import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { STAFF_ROLES } from '@app/auth';
import { DomainError } from '@app/observability';
import {
  DOSSIER_ACTIONS,
  DOSSIER_STATUSES,
  DossierStatus,
  NATIONAL_STATUS_CODE,
  TERMINAL_STATUSES,
} from './dossier.lifecycle';
import { DossierService } from './dossier.service';
import { STAFF_AGENCY_DOSSIERS } from './dossier.access';

export interface DossierSummary {
  id: string;
  code: string | null;
  status: DossierStatus;
  channel: number;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  agencyCode: string;
  submittedAt: Date | null;
  receivedAt: Date | null;
  dueAt: Date | null;
  overdue: boolean;
  rowVersion: number;
}

export interface DossierEventView {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorName: string | null;
  actorRole: string | null;
  actorAgency: string | null;
  reason: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** What the public lookup shows: the state of the case, no personal data. */
export interface PublicDossierStatus {
  code: string;
  status: DossierStatus;
  nationalStatus: number | null;
  procedureName: string;
  agencyName: string;
  receivedAt: Date | null;
  dueAt: Date | null;
  overdue: boolean;
  lastChangeAt: Date;
}

const SUMMARY = `
  SELECT d.id, d.code, d.status, d.channel, p.code AS procedure_code, p.name AS procedure_name,
         d.applicant->>'fullName' AS applicant_name, a.code AS agency_code, d.submitted_at, d.received_at, d.due_at,
         d.paused_at, d.closed_at, d.result_ready_at, d.row_version
    FROM dossier d
    JOIN agency a ON a.id = d.agency_id
    LEFT JOIN agency da ON da.id = d.deciding_agency_id
    JOIN procedure_version v ON v.id = d.procedure_version_id
    JOIN procedure p ON p.id = v.procedure_id`;

interface SummaryRow {
  id: string;
  code: string | null;
  status: DossierStatus;
  channel: number;
  procedure_code: string;
  procedure_name: string;
  applicant_name: string;
  agency_code: string;
  submitted_at: Date | null;
  received_at: Date | null;
  due_at: Date | null;
  paused_at: Date | null;
  closed_at: Date | null;
  result_ready_at: Date | null;
  row_version: number;
}

/** The agency of a staff caller; work queues are for staff of an agency only. */
export function staffAgencyOf(principal: Principal): string {
  if (!principal.agency || !principal.roles.some((r) => STAFF_ROLES.includes(r))) {
    throw new DomainError('forbidden', 'Work queues are for staff of an agency.');
  }
  return principal.agency;
}

/** Overdue is derived, never stored: due and still open (a paused clock does not run late). */
export function isOverdue(
  row: {
    due_at: Date | null;
    paused_at: Date | null;
    closed_at: Date | null;
    result_ready_at: Date | null;
    status: DossierStatus;
  },
  now = new Date(),
): boolean {
  if (!row.due_at || row.paused_at || TERMINAL_STATUSES.includes(row.status)) return false;
  const finishedAt = row.result_ready_at ?? row.closed_at;
  return (finishedAt ?? now).getTime() > row.due_at.getTime();
}

function summary(r: SummaryRow): DossierSummary {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    channel: r.channel,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    applicantName: r.applicant_name,
    agencyCode: r.agency_code,
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    overdue: isOverdue(r),
    rowVersion: r.row_version,
  };
}

@Injectable()
export class DossierQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dossiers: DossierService,
  ) {}

  /** A citizen's own dossiers, newest first. */
  async listMine(principal: Principal): Promise<DossierSummary[]> {
    const rows = await this.dataSource.query<SummaryRow[]>(
      `${SUMMARY} WHERE d.owner_subject = $1 ORDER BY d.created_at DESC LIMIT 200`,
      [principal.subject],
    );
    return rows.map(summary);
  }

  /** The work queue of the caller's agency for one status (drafts of citizens are never shown). */
  async listQueue(principal: Principal, status: DossierStatus): Promise<DossierSummary[]> {
    if (!DOSSIER_STATUSES.includes(status)) {
      throw new DomainError('validation_failed', `status: unknown status ${status}`, {
        errors: [{ field: 'status', messages: ['is not a dossier status'] }],
      });
    }
    const rows = await this.dataSource.query<SummaryRow[]>(
      `${SUMMARY} WHERE ${STAFF_AGENCY_DOSSIERS} AND d.status = $2 AND NOT (d.status = 'draft' AND d.owner_subject IS NOT NULL)
        ORDER BY d.due_at NULLS LAST, d.submitted_at NULLS LAST, d.created_at LIMIT 500`,
      [staffAgencyOf(principal), status],
    );
    return rows.map(summary);
  }

  /** Open dossiers of the caller's agency assigned to the caller, soonest due first. */
  async listAssignedTo(principal: Principal): Promise<DossierSummary[]> {
    const rows = await this.dataSource.query<SummaryRow[]>(
      `${SUMMARY} WHERE ${STAFF_AGENCY_DOSSIERS} AND d.assignee_subject = $2 AND d.status <> 'draft' AND NOT (d.status = ANY ($3))
        ORDER BY d.due_at NULLS LAST, d.submitted_at NULLS LAST LIMIT 500`,
      [staffAgencyOf(principal), principal.subject, TERMINAL_STATUSES],
    );
    return rows.map(summary);
  }

  /**
   * The trail of a dossier. Staff of its agency see every entry; the citizen sees a citizen-facing view: the steps
   * of their dossier (no agency's internal notes, sub-statuses or deliveries), the reasons given to them, and no
   * staff identifiers or internal data.
   */
  async timeline(principal: Principal, id: string): Promise<DossierEventView[]> {
    const { actor } = await this.dossiers.get(principal, id);
    const all = await this.fullTimeline(id);
    return actor.kind === 'owner' ? citizenTimeline(all) : all;
  }

  /**
   * The whole trail, for papers the caller may receive that are filled from it (the legal forms print the clerk's
   * name and the documents received): never returned as it is to a citizen.
   */
  async trailForForms(principal: Principal, id: string): Promise<DossierEventView[]> {
    await this.dossiers.get(principal, id);
    return this.fullTimeline(id);
  }

  private async fullTimeline(id: string): Promise<DossierEventView[]> {
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        action: string;
        from_status: string | null;
        to_status: string;
        actor_name: string | null;
        actor_role: string | null;
        actor_agency: string | null;
        reason: string | null;
        data: Record<string, unknown>;
        occurred_at: Date;
      }>
    >(
      `SELECT e.id::text AS id, e.action, from_status, to_status, actor_name, actor_role, actor_agency, reason, data, occurred_at
         FROM dossier_event e WHERE e.dossier_id = $1 ORDER BY e.id`,
      [id],
    );
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      actorAgency: r.actor_agency,
      reason: r.reason,
      data: r.data,
      occurredAt: r.occurred_at,
    }));
  }

  /**
   * Public lookup by dossier code and the key printed on the receipt. Any mismatch answers exactly like an unknown
   * code, so codes cannot be probed.
   */
  async lookup(code: string, key: string): Promise<PublicDossierStatus> {
    const [row] = await this.dataSource.query<
      Array<{
        code: string;
        status: DossierStatus;
        lookup_key: string;
        procedure_name: string;
        agency_name: string;
        received_at: Date | null;
        due_at: Date | null;
        paused_at: Date | null;
        closed_at: Date | null;
        result_ready_at: Date | null;
        updated_at: Date;
      }>
    >(
      `SELECT d.code, d.status, d.lookup_key, p.name AS procedure_name, a.name AS agency_name, d.received_at, d.due_at,
              d.paused_at, d.closed_at, d.result_ready_at, d.updated_at
         FROM dossier d JOIN agency a ON a.id = d.agency_id
         JOIN procedure_version v ON v.id = d.procedure_version_id JOIN procedure p ON p.id = v.procedure_id
        WHERE d.code = $1`,
      [code],
    );
    const given = Buffer.from(key.trim().toUpperCase());
    const matches =
      row !== undefined &&
      given.length === row.lookup_key.length &&
      timingSafeEqual(given, Buffer.from(row.lookup_key));
    if (!row || !matches) throw new DomainError('not_found', 'No dossier matches this code and key.');
    return {
      code: row.code,
      status: row.status,
      nationalStatus: NATIONAL_STATUS_CODE[row.status],
      procedureName: row.procedure_name,
      agencyName: row.agency_name,
      receivedAt: row.received_at,
      dueAt: row.due_at,
      overdue: isOverdue(row),
      lastChangeAt: row.updated_at,
    };
  }
}

/** Trail entries a citizen sees (an agency case opened names the agency their dossier went to), and those whose
 *  reason is addressed to them. */
const CITIZEN_EVENTS: ReadonlySet<string> = new Set([
  'create',
  'apology_approved',
  'agency_case_opened',
  ...DOSSIER_ACTIONS,
]);
const CITIZEN_REASONS: ReadonlySet<string> = new Set([
  'refuse',
  'request_supplement',
  'withdraw',
  'stop',
  'apology_approved',
  'close_unsupplemented',
  'request_correction',
]);

/** The citizen-facing view of a trail: their dossier's steps, reasons meant for them, no staff identity or data. */
export function citizenTimeline(events: readonly DossierEventView[]): DossierEventView[] {
  return events
    .filter((e) => CITIZEN_EVENTS.has(e.action))
    .map((e) => ({
      ...e,
      actorName: e.actorRole === 'citizen' ? e.actorName : null,
      actorAgency: e.actorRole === 'citizen' ? null : e.actorAgency,
      reason: CITIZEN_REASONS.has(e.action) ? e.reason : null,
      // Of an agency case, only the agency's public electronic ID: never its case, step, channel or deadline.
      data:
        e.action === 'agency_case_opened' && typeof e.data['agency'] === 'string' ? { agency: e.data['agency'] } : {},
    }));
}

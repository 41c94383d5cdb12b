import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { firstRow } from '@app/database';
import { DomainError } from '@app/observability';

export interface NotificationItem {
  id: string;
  kind: string;
  /** The stored Vietnamese text, shown when a page has no template of its own for the kind. */
  message: string;
  createdAt: Date;
  readAt: Date | null;
  /** Addressed to the caller in person (else to one of the caller's roles). */
  personal: boolean;
  recipientRole: string | null;
  dossierId: string | null;
  dossierCode: string | null;
  procedureName: string | null;
  dossierDueAt: Date | null;
  agencyCaseId: string | null;
  stepName: string | null;
  caseAgencyName: string | null;
  caseDueAt: Date | null;
}

interface Row {
  id: string;
  kind: string;
  message: string;
  created_at: Date;
  read_at: Date | null;
  recipient_role: string | null;
  recipient_subject: string | null;
  dossier_id: string | null;
  dossier_code: string | null;
  procedure_name: string | null;
  dossier_due_at: Date | null;
  agency_case_id: string | null;
  step_name: string | null;
  case_agency_name: string | null;
  case_due_at: Date | null;
}

/**
 * The caller's notifications: those of their agency addressed to them in person or to one of their roles. A role's
 * notification is the team's: when one holder marks it read, it is read for the team (the row has one read mark).
 * $1 agency code, $2 subject, $3 roles.
 */
const MINE = `n.agency_id = (SELECT id FROM agency WHERE code = $1)
  AND (n.recipient_subject = $2 OR (n.recipient_subject IS NULL AND n.recipient_role = ANY($3::text[])))`;

export const PAGE_SIZE = 50;

@Injectable()
export class NotificationInbox {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private scope(principal: Principal): [string, string, string[]] {
    if (!principal.agency) throw new DomainError('forbidden', 'Notifications belong to the staff of an agency.');
    return [principal.agency, principal.subject, [...principal.roles]];
  }

  /** Newest first; `before` (an id) pages further back. */
  async list(
    principal: Principal,
    opts: { unreadOnly: boolean; before?: string | null; limit?: number },
  ): Promise<{ items: NotificationItem[]; nextBefore: string | null }> {
    const limit = opts.limit ?? PAGE_SIZE;
    const rows = await this.dataSource.query<Row[]>(
      `SELECT n.id, n.kind, n.message, n.created_at, n.read_at, n.recipient_role, n.recipient_subject, n.dossier_id,
              d.code AS dossier_code, p.name AS procedure_name, COALESCE(d.due_at, ni.receipt_due_at) AS dossier_due_at, n.agency_case_id,
              c.step_name, ca.name AS case_agency_name, c.due_at AS case_due_at
         FROM notification n
         LEFT JOIN dossier d ON d.id = n.dossier_id
         LEFT JOIN dossier_national_intake ni ON ni.dossier_id = d.id AND d.received_at IS NULL AND d.closed_at IS NULL
         LEFT JOIN procedure_version v ON v.id = d.procedure_version_id
         LEFT JOIN procedure p ON p.id = v.procedure_id
         LEFT JOIN agency_case c ON c.id = n.agency_case_id
         LEFT JOIN agency ca ON ca.id = c.agency_id
        WHERE ${MINE} AND (NOT $4::boolean OR n.read_at IS NULL) AND ($5::bigint IS NULL OR n.id < $5::bigint)
        ORDER BY n.id DESC
        LIMIT $6`,
      [...this.scope(principal), opts.unreadOnly, opts.before ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => ({
      id: String(r.id),
      kind: r.kind,
      message: r.message,
      createdAt: r.created_at,
      readAt: r.read_at,
      personal: r.recipient_subject !== null,
      recipientRole: r.recipient_role,
      dossierId: r.dossier_id,
      dossierCode: r.dossier_code,
      procedureName: r.procedure_name,
      dossierDueAt: r.dossier_due_at,
      agencyCaseId: r.agency_case_id,
      stepName: r.step_name,
      caseAgencyName: r.case_agency_name,
      caseDueAt: r.case_due_at,
    }));
    return { items, nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }

  async unreadCount(principal: Principal): Promise<number> {
    if (!principal.agency) return 0;
    const rows = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM notification n WHERE ${MINE} AND n.read_at IS NULL`,
      this.scope(principal),
    );
    return firstRow(rows, 'notification count').n;
  }

  /** Marks one of the caller's notifications read (a second time changes nothing); 404 for anyone else's. */
  async markRead(principal: Principal, id: string): Promise<void> {
    if (!/^[1-9]\d{0,17}$/.test(id)) throw new DomainError('not_found', 'No such notification.');
    // An UPDATE answers [rows, affected count].
    const [updated] = await this.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE notification n SET read_at = coalesce(n.read_at, now()) WHERE n.id = $4::bigint AND ${MINE} RETURNING n.id`,
      [...this.scope(principal), id],
    );
    if (updated.length === 0) throw new DomainError('not_found', 'No such notification.');
  }

  async markAllRead(principal: Principal): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE notification n SET read_at = now() WHERE ${MINE} AND n.read_at IS NULL`,
      this.scope(principal),
    );
    return count;
  }
}

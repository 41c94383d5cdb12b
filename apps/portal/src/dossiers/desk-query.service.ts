import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { firstRow } from '@app/database';
import {
  DossierStatus,
  DossierSummary,
  intakeOf,
  IntakeView,
  isOverdue,
  STAFF_AGENCY_DOSSIERS,
  staffAgencyOf,
} from '@app/dossiers';
import type { FeeItem, FormSchema } from '@app/procedures';

export interface SpecialistOption {
  subject: string;
  name: string;
}

export interface VersionFacts {
  procedureCode: string;
  procedureName: string;
  formSchema: FormSchema;
  requiredDocuments: Array<{ code?: string; name: string; required?: boolean }>;
  /** The procedure's fees, as the catalogue states them (the desk asks for them from these). */
  fees: FeeItem[];
}

/** The shortest and longest search the desk accepts (shorter finds too much, longer is not a code, name or number). */
export const DESK_SEARCH_MIN = 2;
export const DESK_SEARCH_MAX = 100;

/** A search as typed, tidied: trimmed, inner spaces collapsed; null when it is too short or too long. */
export function deskSearchTerm(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const term = input.trim().replace(/\s+/g, ' ');
  return term.length >= DESK_SEARCH_MIN && term.length <= DESK_SEARCH_MAX ? term : null;
}

/** `value` as a LIKE pattern that matches it literally anywhere. */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The desk's search ($1 agency code, $2 LIKE pattern, $3 CCCD number); see DeskQueryService.search. */
export const DESK_SEARCH_SQL = `SELECT d.id, d.code, d.status, d.channel, p.code AS procedure_code, p.name AS procedure_name,
              d.applicant->>'fullName' AS applicant_name, d.submitted_at, d.received_at, d.due_at, d.paused_at,
              d.closed_at, d.result_ready_at, d.row_version
         FROM dossier d
         JOIN agency a ON a.id = d.agency_id
         LEFT JOIN agency da ON da.id = d.deciding_agency_id
         JOIN procedure_version v ON v.id = d.procedure_version_id
         JOIN procedure p ON p.id = v.procedure_id
        WHERE ${STAFF_AGENCY_DOSSIERS} AND NOT (d.status = 'draft' AND d.owner_subject IS NOT NULL)
          AND (d.code ILIKE $2
               OR dossier_search_fold(d.applicant->>'fullName') LIKE dossier_search_fold($2)
               OR d.applicant->>'idNumber' = $3)
        ORDER BY d.submitted_at DESC NULLS LAST, d.created_at DESC
        LIMIT 100`;

/** The narrow reads the staff pages need beyond the dossier services: counts, own work, specialists, the form. */
/** What decides which papers a desk dossier page offers, beyond the dossier's own row. */
export interface DeskFormFacts {
  apologyApproved: boolean;
  supplementRequested: boolean;
  /** Sent on to at least one linked agency (the transfer slip applies). */
  forwarded: boolean;
}

@Injectable()
export class DeskQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Dossiers of the caller's agency per status (citizens' drafts are never counted). */
  async countsByStatus(principal: Principal): Promise<Partial<Record<DossierStatus, number>>> {
    const agency = staffAgencyOf(principal);
    const rows = await this.dataSource.query<Array<{ status: DossierStatus; n: number }>>(
      `SELECT d.status, count(*)::int AS n
         FROM dossier d JOIN agency a ON a.id = d.agency_id LEFT JOIN agency da ON da.id = d.deciding_agency_id
        WHERE ${STAFF_AGENCY_DOSSIERS} AND d.status <> 'draft' GROUP BY d.status`,
      [agency],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Specialists of an agency who have signed in at least once (their subject is known only then). */
  async listSpecialists(agencyCode: string): Promise<SpecialistOption[]> {
    const rows = await this.dataSource.query<Array<{ subject: string; name: string }>>(
      `SELECT u.subject, COALESCE(u.full_name, u.username) AS name
         FROM user_profile u JOIN agency a ON a.id = u.agency_id
        WHERE a.code = $1 AND 'specialist' = ANY (u.roles)
        ORDER BY u.full_name NULLS LAST, u.username`,
      [agencyCode],
    );
    return rows;
  }

  /** The display name of a user by subject, if they have signed in. */
  async nameOf(subject: string): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<{ name: string }>>(
      `SELECT COALESCE(full_name, username) AS name FROM user_profile WHERE subject = $1`,
      [subject],
    );
    return row?.name ?? null;
  }

  /** The procedure version a dossier was opened under: its name, e-form and required documents. */
  async versionFacts(versionId: string): Promise<VersionFacts> {
    const rows = await this.dataSource.query<
      Array<{
        procedure_code: string;
        procedure_name: string;
        form_schema: FormSchema | null;
        required_documents: VersionFacts['requiredDocuments'] | null;
        fees: FeeItem[] | null;
      }>
    >(
      `SELECT p.code AS procedure_code, p.name AS procedure_name, v.form_schema, v.required_documents, v.fees
         FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id WHERE v.id = $1`,
      [versionId],
    );
    const row = firstRow(rows, 'procedure version');
    return {
      procedureCode: row.procedure_code,
      procedureName: row.procedure_name,
      formSchema: row.form_schema ?? { fields: [] },
      requiredDocuments: row.required_documents ?? [],
      fees: row.fees ?? [],
    };
  }

  /** Where a dossier forwarded by the national portal came from and its receipt time; null for the others. */
  intake(dossierId: string): Promise<IntakeView | null> {
    return intakeOf(this.dataSource.manager, dossierId);
  }

  /** Whether the dossier has an approved apology (Mẫu 04) and whether a supplement was ever requested (Mẫu 02). */
  async formFacts(dossierId: string): Promise<DeskFormFacts> {
    const rows = await this.dataSource.query<Array<{ apology: boolean; supplement: boolean; forwarded: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM dossier_apology WHERE dossier_id = $1 AND status = 'approved') AS apology,
              EXISTS (SELECT 1 FROM dossier_event WHERE dossier_id = $1 AND action = 'request_supplement') AS supplement,
              EXISTS (SELECT 1 FROM agency_case WHERE dossier_id = $1 AND opened_at IS NOT NULL) AS forwarded`,
      [dossierId],
    );
    const row = firstRow(rows, 'form facts');
    return { apologyApproved: row.apology, supplementRequested: row.supplement, forwarded: row.forwarded };
  }

  /**
   * The caller's agency's dossiers (citizens' drafts excepted) whose code contains the term, whose applicant's name
   * contains it with or without diacritics, or whose applicant's CCCD number is the term: newest first, at most 100.
   * Served by the trigram indexes on the code and the folded name and the btree on the CCCD number.
   */
  async search(principal: Principal, term: string): Promise<DossierSummary[]> {
    const agency = staffAgencyOf(principal);
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        code: string | null;
        status: DossierStatus;
        channel: number;
        procedure_code: string;
        procedure_name: string;
        applicant_name: string;
        submitted_at: Date | null;
        received_at: Date | null;
        due_at: Date | null;
        paused_at: Date | null;
        closed_at: Date | null;
        result_ready_at: Date | null;
        row_version: number;
      }>
    >(DESK_SEARCH_SQL, [agency, containsPattern(term), term.replace(/\s/g, '')]);
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      status: r.status,
      channel: r.channel,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      applicantName: r.applicant_name,
      agencyCode: agency,
      submittedAt: r.submitted_at,
      receivedAt: r.received_at,
      dueAt: r.due_at,
      overdue: isOverdue(r),
      rowVersion: r.row_version,
    }));
  }
}

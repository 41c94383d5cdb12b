import type { EntityManager } from 'typeorm';
import type { AgencyCaseDetail, AgencyCaseStatus, AgencyCaseView, CaseDocument } from '../routing.types';
import { OPEN_CASE_STATUSES } from '../routing.types';
import { firstRow } from '@app/database';

export interface CaseRow {
  id: string;
  dossier_id: string;
  dossier_code: string;
  dossier_status: string;
  dossier_agency_id: string;
  dossier_assignee: string | null;
  procedure_code: string;
  procedure_name: string;
  lead_agency_code: string;
  round: number;
  stage: number;
  step_code: string;
  step_name: string;
  agency_id: string;
  agency_code: string;
  agency_name: string;
  agency_kind: string;
  status: AgencyCaseStatus;
  sub_status: string | null;
  sub_status_label: string | null;
  sub_status_note: string | null;
  budget_unit: 'working_days' | 'working_hours';
  budget_amount: number;
  opened_at: Date | null;
  due_at: Date | null;
  paused_at: Date | null;
  fetched_at: Date | null;
  acknowledged_at: Date | null;
  completed_at: Date | null;
  result: { summary: string; documents: CaseDocument[] } | null;
  return_reason: string | null;
  overdue_flagged_at: Date | null;
  row_version: number;
}

export const SELECT_CASE = `
  SELECT c.*, d.code AS dossier_code, d.status AS dossier_status, d.agency_id AS dossier_agency_id,
         d.assignee_subject AS dossier_assignee, p.code AS procedure_code, p.name AS procedure_name,
         la.code AS lead_agency_code, a.code AS agency_code, a.name AS agency_name, a.kind AS agency_kind,
         ss.label AS sub_status_label
    FROM agency_case c
    JOIN dossier d ON d.id = c.dossier_id
    JOIN agency la ON la.id = d.agency_id
    JOIN procedure_version v ON v.id = d.procedure_version_id
    JOIN procedure p ON p.id = v.procedure_id
    JOIN agency a ON a.id = c.agency_id
    LEFT JOIN agency_sub_status ss ON ss.agency_kind = a.kind AND ss.code = c.sub_status`;

export function caseView(r: CaseRow, now = new Date()): AgencyCaseView {
  return {
    id: r.id,
    dossierId: r.dossier_id,
    dossierCode: r.dossier_code,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    leadAgencyCode: r.lead_agency_code,
    round: r.round,
    stage: r.stage,
    stepCode: r.step_code,
    stepName: r.step_name,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    status: r.status,
    subStatus: r.sub_status,
    subStatusLabel: r.sub_status_label,
    subStatusNote: r.sub_status_note,
    openedAt: r.opened_at,
    dueAt: r.due_at,
    acknowledgedAt: r.acknowledged_at,
    completedAt: r.completed_at,
    overdue:
      r.overdue_flagged_at !== null ||
      (OPEN_CASE_STATUSES.includes(r.status) &&
        r.paused_at === null &&
        r.due_at !== null &&
        r.due_at.getTime() <= now.getTime()),
    pausedAt: r.paused_at,
    result: r.result,
    returnReason: r.return_reason,
    rowVersion: r.row_version,
  };
}

/** What the cases of one round share: the dossier's applicant, e-form data and files, and the round's route. */
export type CaseContext = Omit<AgencyCaseDetail, keyof AgencyCaseView>;

export async function caseContext(em: EntityManager, dossierId: string, round: number): Promise<CaseContext> {
  const d = firstRow(
    await em.query<
      Array<{ applicant: Record<string, unknown>; form_data: Record<string, unknown>; due_at: Date | null }>
    >(`SELECT applicant, form_data, due_at FROM dossier WHERE id = $1`, [dossierId]),
    'dossier',
  );
  const files = await em.query<
    Array<{ id: string; purpose: string; document_code: string | null; file_name: string; media_type: string }>
  >(
    `SELECT id, purpose, document_code, file_name, media_type FROM dossier_file
      WHERE dossier_id = $1 AND purpose IN ('application', 'supplement') ORDER BY uploaded_at, id`,
    [dossierId],
  );
  const route = await em.query<
    Array<{ stage: number; step_code: string; step_name: string; agency_code: string; status: AgencyCaseStatus }>
  >(
    `SELECT c.stage, c.step_code, c.step_name, a.code AS agency_code, c.status
       FROM agency_case c JOIN agency a ON a.id = c.agency_id
      WHERE c.dossier_id = $1 AND c.round = $2 ORDER BY c.stage, c.step_code`,
    [dossierId, round],
  );
  return {
    applicant: d.applicant,
    formData: d.form_data,
    dossierDueAt: d.due_at,
    documents: files.map((f) => ({
      fileId: f.id,
      purpose: f.purpose,
      documentCode: f.document_code,
      fileName: f.file_name,
      mediaType: f.media_type,
    })),
    route: route.map((r) => ({
      stage: r.stage,
      stepCode: r.step_code,
      stepName: r.step_name,
      agencyCode: r.agency_code,
      status: r.status,
    })),
  };
}

/** The case as an agency works it: the view plus the applicant, the e-form, the dossier's files and the route. */
export async function caseDetail(em: EntityManager, row: CaseRow): Promise<AgencyCaseDetail> {
  return { ...caseView(row), ...(await caseContext(em, row.dossier_id, row.round)) };
}

export async function loadCase(em: EntityManager, id: string, lock = false): Promise<CaseRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await em.query<CaseRow[]>(`${SELECT_CASE} WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`, [id]);
  return row ?? null;
}

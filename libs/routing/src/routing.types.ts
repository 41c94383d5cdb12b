/** How an agency receives forwarded cases; the national portal is always push. */
export const DELIVERY_MODES = ['push', 'pull', 'inbox'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/**
 * A forwarded case at one agency. `waiting`: a later stage of the route, not yet opened; `new`: opened (pushed,
 * listed for pull, or in the inbox) and not yet acknowledged; then acknowledged → in_progress (or needs_supplement)
 * → done with a result, or returned with a reason. `cancelled`: another agency returned the dossier.
 */
export const AGENCY_CASE_STATUSES = [
  'waiting',
  'new',
  'acknowledged',
  'in_progress',
  'needs_supplement',
  'done',
  'returned',
  'cancelled',
] as const;
export type AgencyCaseStatus = (typeof AGENCY_CASE_STATUSES)[number];
export const OPEN_CASE_STATUSES: readonly AgencyCaseStatus[] = [
  'new',
  'acknowledged',
  'in_progress',
  'needs_supplement',
];

export type BudgetUnit = 'working_days' | 'working_hours';

export interface RouteStepView {
  id: string;
  stage: number;
  stepCode: string;
  name: string;
  agencyCode: string;
  agencyName: string;
  budgetUnit: BudgetUnit;
  budgetAmount: number;
}

export interface RouteStepInput {
  stage: number;
  stepCode: string;
  name: string;
  agencyCode: string;
  budgetUnit: BudgetUnit;
  budgetAmount: number;
}

export interface DeliveryTargetView {
  code: string;
  kind: 'agency' | 'national_portal';
  agencyCode: string | null;
  agencyName: string | null;
  mode: DeliveryMode;
  url: string | null;
  timeoutMs: number;
  active: boolean;
  hasSecret: boolean;
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  circuitOpenUntil: Date | null;
}

export interface CaseDocument {
  fileId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

export interface AgencyCaseView {
  id: string;
  dossierId: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  leadAgencyCode: string;
  round: number;
  stage: number;
  stepCode: string;
  stepName: string;
  agencyCode: string;
  agencyName: string;
  status: AgencyCaseStatus;
  subStatus: string | null;
  /** The sector's own wording of the sub-status (agency_sub_status), e.g. "Đủ điều kiện, đang giải quyết". */
  subStatusLabel: string | null;
  subStatusNote: string | null;
  openedAt: Date | null;
  dueAt: Date | null;
  /** Set while the agency waits for a supplement: the step's clock is stopped. */
  pausedAt: Date | null;
  acknowledgedAt: Date | null;
  completedAt: Date | null;
  overdue: boolean;
  result: { summary: string; documents: CaseDocument[] } | null;
  returnReason: string | null;
  rowVersion: number;
}

/** What an agency needs to work the case: the applicant, the e-form data and the dossier's documents. */
export interface AgencyCaseDetail extends AgencyCaseView {
  applicant: Record<string, unknown>;
  formData: Record<string, unknown>;
  documents: Array<{
    fileId: string;
    purpose: string;
    documentCode: string | null;
    fileName: string;
    mediaType: string;
  }>;
  dossierDueAt: Date | null;
  /** The other steps of the same round, so an agency sees where it stands in the route. */
  route: Array<{ stage: number; stepCode: string; stepName: string; agencyCode: string; status: AgencyCaseStatus }>;
}

/** A push delivery's message body (JSON) sent to an agency when its case opens. */
export interface CaseOpenedMessage {
  type: 'agency_case.opened';
  case: AgencyCaseDetail;
  /** Where the agency's system answers (relative to the portal's public base URL). */
  links: { self: string; acknowledge: string; status: string; result: string; return: string };
}

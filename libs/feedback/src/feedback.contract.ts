import type { Principal } from '@app/auth';

/**
 * Phản ánh hiện trường: what the feedback system's services offer to its callers (the feedback app's pages, its
 * Open311 API, the worker). One implementation (FeedbackService); callers depend on these types only.
 *
 * A report's life: `new` (waiting for the operations desk) → `accepted` (valid, public) → `assigned` (a unit owns it)
 * → `acknowledged` → `in_progress` ⇄ `info_requested` → `resolved` (the unit answered; public) — or, from triage,
 * `rejected` (spam, out of scope: with a reason), `merged` (a duplicate of another report) or `transferred` (sent to
 * another ward). A unit may hand a report back to triage (→ `accepted`). The reporter rates a resolved report; an
 * unsatisfied rating reopens it once (→ `assigned`, same unit).
 */
export const REPORT_STATUSES = [
  'new',
  'accepted',
  'assigned',
  'acknowledged',
  'in_progress',
  'info_requested',
  'resolved',
  'rejected',
  'merged',
  'transferred',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses after which nothing more happens (save a reopening after an unsatisfied rating of `resolved`). */
export const FINAL_REPORT_STATUSES: readonly ReportStatus[] = ['resolved', 'rejected', 'merged', 'transferred'];

/** Reasons the operations desk rejects a report for. */
export const REJECT_REASONS = ['spam', 'out_of_scope', 'insufficient', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** How a report arrived. */
export type ReportChannel = 'web' | 'open311';

/** A response deadline of a category, counted on the working calendar. */
export interface ResponseLimit {
  value: number;
  unit: 'working_hours' | 'working_days';
}

/** One extra question a category asks (Open311 service definition attribute). */
export interface CategoryAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  description: { vi: string; en: string };
  order: number;
  values?: { key: string; name: { vi: string; en: string } }[];
}

export interface FeedbackCategory {
  code: string;
  name: { vi: string; en: string };
  description: { vi: string; en: string };
  /** Group shown in lists and Open311 `group` (e.g. "Hạ tầng", "Môi trường"). */
  group: { vi: string; en: string };
  /** Electronic ID (agency code) of the unit that handles it unless the desk assigns another. */
  defaultAgencyCode: string;
  responseLimit: ResponseLimit;
  /** Urgent categories (fallen trees, broken power lines) alert the on-duty officer at once. */
  urgent: boolean;
  active: boolean;
  attributes: CategoryAttribute[];
}

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** A photo as callers see it; the bytes are read through FeedbackApi.photo(). */
export interface ReportPhoto {
  id: string;
  /** `report`: sent with the report; `answer`: the unit's "after" photo. */
  kind: 'report' | 'answer';
  width: number;
  height: number;
  /** True once staff blurred regions of the public copy. */
  blurred: boolean;
}

/** What anyone may see of a report: never who sent it, never an unpublished one. */
export interface PublicReport {
  id: string;
  /** The public number, e.g. "PA-2026-000123" (Open311 service_request_id). */
  number: string;
  categoryCode: string;
  categoryName: { vi: string; en: string };
  status: ReportStatus;
  description: string;
  location: GeoPoint;
  address: string | null;
  agencyCode: string | null;
  agencyName: string | null;
  /** The unit's answer once resolved. */
  answer: string | null;
  photos: ReportPhoto[];
  receivedAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  resolvedAt: Date | null;
  /** The report this one was merged into (its number), when merged. */
  mergedInto: string | null;
  /** Last note the public may read (why rejected, transferred to whom, what was answered). */
  statusNote: string | null;
}

/** What staff and the reporter see: the public view plus the reporter, the trail and the rating. */
export interface ReportDetail extends PublicReport {
  channel: ReportChannel;
  reporter: { subject: string | null; name: string | null; phone: string | null; email: string | null };
  anonymous: boolean;
  published: boolean;
  urgent: boolean;
  attributes: Record<string, string | string[]>;
  rejectReason: RejectReason | null;
  reopenCount: number;
  rating: { level: 'very_satisfied' | 'satisfied' | 'unsatisfied'; comment: string | null; at: Date } | null;
  events: ReportEvent[];
  /** Near-due / overdue flags as the deadline scanner set them. */
  deadlineState: 'on_time' | 'near_due' | 'overdue' | null;
}

export interface ReportEvent {
  at: Date;
  action: string;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  /** The officer's name, "Người phản ánh" or the system; never the reporter's name on public views. */
  actorName: string | null;
  actorRole: string | null;
  note: string | null;
}

export interface NewPhoto {
  /** The bytes as uploaded (kept for staff); the public copy is re-encoded without metadata. */
  bytes: Buffer;
  filename: string;
}

export interface SubmitReportInput {
  categoryCode: string;
  description: string;
  /** The location picked on the map; absent: taken from the first photo's EXIF GPS, else refused. */
  location?: GeoPoint;
  /** Free text; absent: looked up from the ward's street list near the location. */
  address?: string;
  photos: NewPhoto[];
  attributes?: Record<string, string | string[]>;
  channel: ReportChannel;
  /** Open311 client app that sent it, when channel is open311. */
  clientId?: string;
}

/** Who reports: a signed-in user, or a third-party app (Open311 client) on behalf of a person. */
export type Reporter =
  | { kind: 'user'; principal: Principal; contactPhone?: string }
  | { kind: 'client'; clientId: string; name?: string; phone?: string; email?: string; deviceId?: string };

export interface SubmittedReport {
  id: string;
  number: string;
  /** The token that lets an anonymous reporter follow and rate the report (shown once, stored hashed). */
  followToken: string | null;
}

export type TriageAction =
  | { kind: 'accept'; note?: string }
  | { kind: 'reject'; reason: RejectReason; note: string }
  | { kind: 'merge'; intoReportId: string; note?: string }
  | { kind: 'assign'; agencyCode: string; note?: string }
  | { kind: 'transfer'; wardName: string; note: string }
  | { kind: 'set_published'; published: boolean };

export type HandlingAction =
  | { kind: 'acknowledge'; note?: string }
  | { kind: 'start'; note?: string }
  | { kind: 'request_info'; question: string }
  | { kind: 'answer'; text: string; photos: NewPhoto[] }
  | { kind: 'hand_back'; reason: string };

export interface ReportQuery {
  status?: ReportStatus[];
  categoryCodes?: string[];
  agencyCode?: string;
  from?: Date;
  to?: Date;
  /** Updated since (Open311 `start_date`/`end_date` apply to the request date; this is for sync). */
  updatedSince?: Date;
  /** Bounding box or radius filter. */
  near?: { point: GeoPoint; radiusMeters: number };
  limit: number;
  offset?: number;
}

export interface DuplicateCandidate {
  report: PublicReport;
  distanceMeters: number;
}

/** The services' surface. Every method checks who may do what (a unit sees only its reports; the public, published). */
export interface FeedbackApi {
  categories(opts?: { includeInactive?: boolean }): Promise<FeedbackCategory[]>;
  category(code: string): Promise<FeedbackCategory | null>;

  submit(reporter: Reporter, input: SubmitReportInput): Promise<SubmittedReport>;

  /** Published reports only, no personal data. */
  publicList(query: ReportQuery): Promise<{ items: PublicReport[]; total: number }>;
  publicReport(idOrNumber: string): Promise<PublicReport | null>;

  /** A signed-in reporter's own reports; an anonymous reporter's one report by its follow token. */
  myReports(principal: Principal, query: ReportQuery): Promise<{ items: ReportDetail[]; total: number }>;
  reportByFollowToken(number: string, token: string): Promise<ReportDetail | null>;

  /** Staff: the operations desk sees every report of its ward; a unit only those assigned to it. */
  staffList(principal: Principal, query: ReportQuery): Promise<{ items: ReportDetail[]; total: number }>;
  staffReport(principal: Principal, id: string): Promise<ReportDetail>;
  duplicatesOf(principal: Principal, id: string): Promise<DuplicateCandidate[]>;
  triage(principal: Principal, id: string, action: TriageAction): Promise<ReportDetail>;
  handle(principal: Principal, id: string, action: HandlingAction): Promise<ReportDetail>;
  /** The reporter adds what was asked for (answers `info_requested`). */
  addInformation(
    who: { principal: Principal } | { followToken: string },
    id: string,
    text: string,
    photos: NewPhoto[],
  ): Promise<ReportDetail>;
  rate(
    who: { principal: Principal } | { followToken: string },
    id: string,
    rating: { level: 'very_satisfied' | 'satisfied' | 'unsatisfied'; comment?: string },
  ): Promise<ReportDetail>;

  /** Photo bytes: `public` (re-encoded, no metadata, blurred where staff blurred) for anyone when published; `original` for staff only. */
  photo(
    who: Principal | null,
    photoId: string,
    variant: 'public' | 'original',
  ): Promise<{ bytes: Buffer; contentType: string }>;
  /** Staff blur rectangles (in pixels of the original) on the public copy. */
  blurPhoto(
    principal: Principal,
    photoId: string,
    regions: { x: number; y: number; width: number; height: number }[],
  ): Promise<ReportPhoto>;
}

/** The injection token of the FeedbackApi implementation (FeedbackModule binds FeedbackService to it). */
export const FEEDBACK_API = Symbol('FEEDBACK_API');

/**
 * Inputs of the TT 01/2018/TT-VPCP forms. Plain data: the caller maps dossiers, audit entries and agencies onto
 * these. Instants are `Date`s (printed in Asia/Ho_Chi_Minh); calendar dates are `YYYY-MM-DD` strings.
 * Agency names are given in sentence case ("Ủy ban nhân dân phường Thủy Biều"); headers print them in capitals.
 */

/** The issuing body, as the top-left block of a form shows it. */
export interface FormAgency {
  /** The superior body, e.g. "Ủy ban nhân dân thành phố Huế". */
  parentName?: string | null;
  /** The agency, e.g. "Ủy ban nhân dân phường Thủy Biều". */
  name: string;
  /** The unit that issues the paper, e.g. "Bộ phận Tiếp nhận và Trả kết quả". */
  unitName?: string | null;
}

export interface FormApplicant {
  /** Person or organisation, e.g. "Nguyễn Văn An". */
  name: string;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

/**
 * The number and title a form bears under the legal regime of its dossier (TT 01/2018 and TT 03/2025 number the same
 * papers differently). Omitted, a form prints its TT 01/2018 number and title.
 */
export interface FormIdentity {
  /** `01`…`07`, or null for a paper the annex does not number. */
  number: string | null;
  title: string;
}

/** What every letter-style form carries in its header and footer. */
export interface FormHeaderInput {
  form?: FormIdentity;
  agency: FormAgency;
  /** Place name of the place-and-date line, e.g. "Thủy Biều". */
  locality: string;
  /** When the paper is issued: the date line and the PDF's CreationDate (so equal inputs give equal bytes). */
  issuedAt: Date;
  /** Optional document number, printed "Số: …" under the agency block. */
  documentNumber?: string | null;
  /** Public lookup URL encoded in the QR code and printed beside it. */
  lookupUrl: string;
}

/** Form of a paper handed in (TT 01/2018 Mẫu 01: bản chính / bản sao / bản chụp). */
export type DocumentCopyKind = 'original' | 'copy' | 'photocopy';

export interface ReceivedDocument {
  name: string;
  kind: DocumentCopyKind;
  /** Number of copies of this paper. */
  count: number;
}

/**
 * Applicant details the national identity (VNeID) proved when the citizen filled in an online dossier: the assurance
 * level of that sign-in and the fields, in Vietnamese as printed (e.g. "Họ và tên", "Số định danh cá nhân").
 */
export interface FormIdentityProof {
  level: 1 | 2;
  fields: string[];
}

/** Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptFormInput extends FormHeaderInput {
  dossierCode: string;
  applicant: FormApplicant;
  /** What the national identity proved of the applicant (printed under the applicant), or null/absent. */
  identityProof?: FormIdentityProof | null;
  procedureName: string;
  documents: ReceivedDocument[];
  /** Number of sets (bộ) of the dossier. */
  setCount: number;
  /** Statutory processing time as text, e.g. "03 ngày làm việc"; omitted when null. */
  processingTime?: string | null;
  receivedAt: Date;
  /** Appointment for the result (date and time). */
  dueAt: Date;
  /** Where the result is returned, e.g. "Bộ phận Tiếp nhận và Trả kết quả phường Thủy Biều". */
  resultReturnPlace: string;
  /** The second factor of the public lookup. */
  lookupKey: string;
  clerkName: string;
}

export interface SupplementItem {
  /** The paper or content to supplement or complete. */
  content: string;
  reason: string;
}

/** Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestFormInput extends FormHeaderInput {
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  items: SupplementItem[];
  /** Deadline for handing in the supplement, when there is one. */
  supplementDueAt?: Date | null;
  /** What happens to the processing time, e.g. "Thời hạn giải quyết được tính lại từ ngày nhận đủ hồ sơ bổ sung." */
  deadlineNote?: string | null;
  clerkName: string;
  /** Telephone at which the clerk can be reached. */
  contactPhone?: string | null;
}

/** Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalFormInput extends FormHeaderInput {
  /** A dossier refused at intake may have no code yet. */
  dossierCode?: string | null;
  applicant: FormApplicant;
  procedureName: string;
  /** When the dossier was handed in. */
  submittedAt: Date;
  reason: string;
  clerkName: string;
}

/** Who signs for the agency. */
export interface FormSigner {
  /** "TM." line above the position, e.g. "TM. Ủy ban nhân dân"; omitted when null. */
  onBehalfOf?: string | null;
  /** e.g. "Chủ tịch", "KT. Chủ tịch — Phó Chủ tịch". */
  position: string;
  name: string;
}

/** Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (TT 01/2018); xin lỗi và đề nghị gia hạn (TT 03/2025). */
export interface ApologyFormInput extends FormHeaderInput {
  /** The 2025 form asks the applicant to accept an extension to the new date instead of announcing it. */
  asksExtension?: boolean;
  /** The receiving desk as the "Lưu:" line abbreviates it; BPTN&TKQ when omitted. */
  deskAbbreviation?: string;
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  originalDueAt: Date;
  newDueAt: Date;
  /** Why the result is late. */
  reason: string;
  /** The leader who signs. */
  signer: FormSigner;
}

/** Mẫu 05 (TT 03/2025) — Thông báo dừng giải quyết hồ sơ. */
export interface StopNoticeFormInput extends FormHeaderInput {
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  stoppedAt: Date;
  /** Stopped because the applicant asked (NĐ 118/2025 Điều 21), rather than by the agency. */
  atApplicantsRequest: boolean;
  reason: string;
  signer: FormSigner;
}

export interface HandoverParty {
  /** Person, e.g. "Trần Thị Bình". */
  name: string;
  /** Unit or agency, e.g. "Bộ phận Tiếp nhận và Trả kết quả". */
  unit: string;
}

/** Trước hạn / đúng hạn / quá hạn. */
export type HandoverResult = 'early' | 'on_time' | 'late';

/** One hand-over of the dossier, as recorded in the audit trail. */
export interface Handover {
  /** Step name, e.g. "Tiếp nhận hồ sơ", "Thẩm định", "Phê duyệt". */
  step: string;
  sender: HandoverParty;
  receiver: HandoverParty;
  at: Date;
  /** Timeliness of the step; null while not assessed. */
  result?: HandoverResult | null;
  note?: string | null;
}

/** Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSheetFormInput extends FormHeaderInput {
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  dueAt: Date;
  /** Agency (unit) in charge of the dossier. */
  leadAgencyName: string;
  /** Agencies that take part (liên thông). */
  coordinatingAgencyNames?: string[];
  /** Every hand-over, in order. */
  handovers: Handover[];
}

export interface RegisterRow {
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  applicantAddress?: string | null;
  applicantPhone?: string | null;
  receivedAt: Date;
  dueAt?: Date | null;
  /** When the dossier went to the processing agency. */
  forwardedAt?: Date | null;
  /** When the result was ready. */
  resultAt?: Date | null;
  /** When the result was handed to the applicant. */
  returnedAt?: Date | null;
  note?: string | null;
}

/** Mẫu 06 (TT 01/2018) or 07 (TT 03/2025) — Sổ theo dõi hồ sơ of an agency for a period. */
export interface DossierRegisterFormInput {
  form?: FormIdentity;
  agency: FormAgency;
  /** First and last day of the period, `YYYY-MM-DD`. */
  periodFrom: string;
  periodTo: string;
  /** When the register is printed: the PDF's CreationDate. */
  issuedAt: Date;
  rows: RegisterRow[];
}

/** One agency's part of a liên thông dossier, as the transfer slip lists it. */
export interface TransferStep {
  /** Stage of the route: steps of one stage run in parallel, stages one after another. */
  stage: number;
  agencyName: string;
  /** The work asked of the agency ("nội dung công việc"), e.g. "Đăng ký thường trú". */
  task: string;
  /** The agency's time limit in words, e.g. "02 ngày làm việc". */
  timeLimit: string;
  /** When the dossier reached the agency; null while an earlier stage is still working. */
  sentAt: Date | null;
  /** When the agency's result is due; null while the step has not opened. */
  dueAt: Date | null;
}

export interface TransferSlipFormInput extends FormHeaderInput {
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  /** The appointment with the applicant. */
  dueAt: Date;
  /** The authority that leads the dossier (cơ quan chủ trì). */
  leadAgencyName: string;
  /** The receiving desk the results come back to. */
  deskName: string;
  steps: readonly TransferStep[];
  /** Who sent the dossier on (name and unit), or a blank name for a hand signature. */
  sender: HandoverParty;
}

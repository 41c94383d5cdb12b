import { toLocal } from '@app/calendar';
import type { IntakeTimerRow } from '@app/dossiers';

/**
 * Deadline transitions, as pure rules. A deadline (an agency step's or a whole dossier's) is "near due" inside the
 * window before its due time and "overdue" from its due time on. Each transition is recorded once per due time: the
 * recorded instant says for which due time it was recorded, so when the appointment moves later (a Mẫu 04 apology,
 * a supplement that restarts the clock) the old record no longer counts and the new due time is watched afresh.
 */
export type DeadlineTransition = 'near_due' | 'overdue';

export interface DeadlineState {
  dueAt: Date;
  nearDueNotifiedAt: Date | null;
  overdueFlaggedAt: Date | null;
}

/** An overdue flag belongs to the current due time when it was raised at or after it. */
export function overdueRecordedFor(state: DeadlineState): boolean {
  return state.overdueFlaggedAt !== null && state.overdueFlaggedAt.getTime() >= state.dueAt.getTime();
}

/** A near-due warning belongs to the current due time when it was sent inside that due time's window. */
export function nearDueRecordedFor(state: DeadlineState, nearDueWindowMs: number): boolean {
  return (
    state.nearDueNotifiedAt !== null && state.nearDueNotifiedAt.getTime() >= state.dueAt.getTime() - nearDueWindowMs
  );
}

/**
 * The transition a deadline has crossed at `now` and that is not yet recorded, or null. A deadline found already
 * past its due time (the worker was down through the whole window) goes straight to overdue: a near-due warning
 * after the fact would only be noise.
 */
export function deadlineTransition(
  state: DeadlineState,
  now: Date,
  nearDueWindowMs: number,
): DeadlineTransition | null {
  const due = state.dueAt.getTime();
  const t = now.getTime();
  if (t >= due) return overdueRecordedFor(state) ? null : 'overdue';
  if (t >= due - nearDueWindowMs) return nearDueRecordedFor(state, nearDueWindowMs) ? null : 'near_due';
  return null;
}

/** What the scanner knows of one open agency step when it crosses a deadline. */
export interface CaseDeadlineFacts {
  caseId: string;
  dossierId: string;
  dossierCode: string | null;
  stepName: string;
  /** The agency working the step. */
  caseAgencyId: string;
  caseAgencyName: string;
  /** The dossier's agency (the one-stop desk that forwarded the case). */
  leadAgencyId: string;
  assigneeSubject: string | null;
  dueAt: Date;
}

/** What the scanner knows of one open dossier when it crosses its overall deadline. */
export interface DossierDeadlineFacts {
  dossierId: string;
  dossierCode: string | null;
  procedureName: string;
  /** The receiving desk's agency. */
  agencyId: string;
  /**
   * The agency that decides it: the desk's own, or another one of the province (reception regardless of boundary);
   * its leaders and specialists are the ones escalated to. Default: `agencyId`.
   */
  handlingAgencyId?: string;
  assigneeSubject: string | null;
  dueAt: Date;
}

export const NOTIFICATION_KINDS = [
  'case_near_due',
  'case_overdue',
  'dossier_near_due',
  'dossier_overdue',
  'apology_needed',
  'dossier_closed',
  'national_dossier_arrived',
  'national_receipt_near_due',
  'national_receipt_overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One row of the notification table: for the holders of a role at an agency, or for one person there. */
export interface PlannedNotification {
  agencyId: string;
  role: 'agency_officer' | 'clerk' | 'specialist' | 'leader' | null;
  subject: string | null;
  dossierId: string;
  agencyCaseId: string | null;
  kind: NotificationKind;
  /** Plain Vietnamese text (the record); pages render their own translated text from the kind and the links. */
  message: string;
}

/** `dd/mm/yyyy HH:MM` in Asia/Ho_Chi_Minh. */
export function vietnamTime(instant: Date): string {
  const { date, msOfDay } = toLocal(instant);
  const minutes = Math.floor(msOfDay / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)} ${hh}:${mm}`;
}

function codeOf(code: string | null): string {
  return code ?? '(chưa có mã)';
}

/**
 * Who hears of an agency step's transition. Near due: the officers of the agency working it. Overdue: those
 * officers again, and — escalation — the leaders of the lead agency and the specialist handling the dossier there.
 */
export function caseNotifications(transition: DeadlineTransition, f: CaseDeadlineFacts): PlannedNotification[] {
  const due = vietnamTime(f.dueAt);
  const code = codeOf(f.dossierCode);
  const base = { dossierId: f.dossierId, agencyCaseId: f.caseId };
  if (transition === 'near_due') {
    return [
      {
        ...base,
        agencyId: f.caseAgencyId,
        role: 'agency_officer',
        subject: null,
        kind: 'case_near_due',
        message: `Bước "${f.stepName}" của hồ sơ ${code} sắp đến hạn xử lý (hạn ${due}).`,
      },
    ];
  }
  const late = `Bước "${f.stepName}" của hồ sơ ${code} tại ${f.caseAgencyName} đã quá hạn xử lý (hạn ${due}).`;
  const out: PlannedNotification[] = [
    { ...base, agencyId: f.caseAgencyId, role: 'agency_officer', subject: null, kind: 'case_overdue', message: late },
    { ...base, agencyId: f.leadAgencyId, role: 'leader', subject: null, kind: 'case_overdue', message: late },
  ];
  if (f.assigneeSubject) {
    out.push({
      ...base,
      agencyId: f.leadAgencyId,
      role: null,
      subject: f.assigneeSubject,
      kind: 'case_overdue',
      message: late,
    });
  }
  return out;
}

/**
 * Who hears of a dossier's transition. Near due: the specialist handling it and the desk clerks. Overdue: the desk
 * clerks and — escalation — the leaders; and the Mẫu 04 flow opens: the specialist handling it (every specialist of
 * the agency while nobody is assigned) is asked to propose the apology with a new appointment, which a leader signs.
 */
export function dossierNotifications(transition: DeadlineTransition, f: DossierDeadlineFacts): PlannedNotification[] {
  const due = vietnamTime(f.dueAt);
  const code = codeOf(f.dossierCode);
  const base = { agencyId: f.agencyId, dossierId: f.dossierId, agencyCaseId: null };
  const handling = { ...base, agencyId: f.handlingAgencyId ?? f.agencyId };
  if (transition === 'near_due') {
    const message = `Hồ sơ ${code} (${f.procedureName}) sắp đến hạn trả kết quả (hạn ${due}).`;
    const out: PlannedNotification[] = [{ ...base, role: 'clerk', subject: null, kind: 'dossier_near_due', message }];
    if (f.assigneeSubject) {
      out.unshift({ ...handling, role: null, subject: f.assigneeSubject, kind: 'dossier_near_due', message });
    }
    return out;
  }
  const late = `Hồ sơ ${code} (${f.procedureName}) đã quá hạn trả kết quả (hạn ${due}).`;
  const apology =
    `Hồ sơ ${code} đã quá hạn (hạn ${due}): lập Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) ` +
    `để lãnh đạo ký.`;
  return [
    { ...base, role: 'clerk', subject: null, kind: 'dossier_overdue', message: late },
    { ...handling, role: 'leader', subject: null, kind: 'dossier_overdue', message: late },
    f.assigneeSubject
      ? { ...handling, role: null, subject: f.assigneeSubject, kind: 'apology_needed', message: apology }
      : { ...handling, role: 'specialist', subject: null, kind: 'apology_needed', message: apology },
  ];
}

/** What the scanner knows of a dossier it closed because the applicant did not complete it in time. */
export interface ClosureFacts {
  dossierId: string;
  dossierCode: string | null;
  procedureName: string;
  agencyId: string;
  assigneeSubject: string | null;
  supplementDueAt: Date;
  basis: string;
}

/**
 * Who hears that a dossier was closed for want of its supplement: the desk, whose duty the closure is and who
 * tells the applicant, and the specialist who asked for the supplement.
 */
export function closureNotifications(f: ClosureFacts): PlannedNotification[] {
  const message =
    `Hồ sơ ${codeOf(f.dossierCode)} (${f.procedureName}) đã bị đóng vì quá hạn bổ sung ` +
    `(hạn ${vietnamTime(f.supplementDueAt)}, ${f.basis}).`;
  const base = { agencyId: f.agencyId, dossierId: f.dossierId, agencyCaseId: null, kind: 'dossier_closed' as const };
  const out: PlannedNotification[] = [{ ...base, role: 'clerk', subject: null, message }];
  if (f.assigneeSubject) out.push({ ...base, role: null, subject: f.assigneeSubject, message });
  return out;
}

/** The audit action a transition writes on the dossier's trail. */
export function auditActionOf(transition: DeadlineTransition): 'deadline_near_due' | 'deadline_overdue' {
  return transition === 'near_due' ? 'deadline_near_due' : 'deadline_overdue';
}

/** What the scanner knows of a dossier forwarded by the national portal (claimed by `claimIntakeTimers`). */
export type IntakeTimerFacts = Pick<
  IntakeTimerRow,
  | 'dossierId'
  | 'code'
  | 'agencyId'
  | 'procedureName'
  | 'alertDueAt'
  | 'alertedAt'
  | 'receiptDueAt'
  | 'receiptNearDueNotifiedAt'
  | 'receiptOverdueFlaggedAt'
  | 'answered'
>;

export interface IntakeTimerSteps {
  /** The desk has not been told of the dossier yet. */
  alert: boolean;
  /** The receipt time crossed a threshold that is not recorded yet. */
  receipt: DeadlineTransition | null;
}

/**
 * What is due for a forwarded dossier at `now` (NĐ 118/2025 Điều 17 khoản 2): the alert on the first scan after it
 * arrived, then a warning inside the window before its receipt limit and a flag once past it, each once. A limit
 * found already past goes straight to overdue, like the other deadlines.
 */
export function intakeTimerSteps(f: IntakeTimerFacts, now: Date, warningWindowMs: number): IntakeTimerSteps {
  const receipt =
    f.receiptDueAt === null
      ? null
      : deadlineTransition(
          {
            dueAt: f.receiptDueAt,
            nearDueNotifiedAt: f.receiptNearDueNotifiedAt,
            overdueFlaggedAt: f.receiptOverdueFlaggedAt,
          },
          now,
          warningWindowMs,
        );
  return { alert: f.alertedAt === null, receipt };
}

/**
 * Who hears of a forwarded dossier. Its arrival: the desk clerks, with the time left to receive it or ask for
 * corrections. Near the limit: the clerks again. Past it: the clerks and — escalation — the leaders.
 */
export function intakeNotifications(steps: IntakeTimerSteps, f: IntakeTimerFacts): PlannedNotification[] {
  const base = { agencyId: f.agencyId, dossierId: f.dossierId, agencyCaseId: null, subject: null };
  const limit = f.receiptDueAt ? ` trước ${vietnamTime(f.receiptDueAt)}` : '';
  const out: PlannedNotification[] = [];
  if (steps.alert && !f.answered) {
    out.push({
      ...base,
      role: 'clerk',
      kind: 'national_dossier_arrived',
      message:
        `Hồ sơ ${f.code} (${f.procedureName}) gửi từ Cổng Dịch vụ công quốc gia: ` +
        `tiếp nhận hoặc yêu cầu bổ sung, hoàn thiện một lần${limit}.`,
    });
  }
  if (steps.receipt === 'near_due') {
    out.push({
      ...base,
      role: 'clerk',
      kind: 'national_receipt_near_due',
      message: `Hồ sơ ${f.code} từ Cổng Dịch vụ công quốc gia sắp hết thời hạn tiếp nhận${limit}.`,
    });
  }
  if (steps.receipt === 'overdue') {
    const message = `Hồ sơ ${f.code} từ Cổng Dịch vụ công quốc gia đã quá thời hạn tiếp nhận (hạn ${
      f.receiptDueAt ? vietnamTime(f.receiptDueAt) : ''
    }).`;
    out.push({ ...base, role: 'clerk', kind: 'national_receipt_overdue', message });
    out.push({ ...base, role: 'leader', kind: 'national_receipt_overdue', message });
  }
  return out;
}

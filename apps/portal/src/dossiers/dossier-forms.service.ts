import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { firstRow } from '@app/database';
import { agencyHeadingOn } from '@app/agency';
import type { Principal } from '@app/auth';
import { DossierApologyService, DossierQueryService, DossierRow, DossierService, vietnamDate } from '@app/dossiers';
import {
  FormAgency,
  FormApplicant,
  Handover,
  ReceivedDocument,
  renderApologyForm,
  renderControlSheetForm,
  renderDossierRegisterForm,
  renderReceiptForm,
  renderRefusalForm,
  renderStopNoticeForm,
  renderSupplementRequestForm,
  renderTransferSlipForm,
} from '@app/forms';
import { DomainError } from '@app/observability';
import { deskNameFor, FormKind, formOf, RegimeService } from '@app/regimes';
import { translate } from '../i18n/messages';

/** The papers served for one dossier (the register covers a period and has its own route). */
export const DOSSIER_FORM_KINDS: readonly FormKind[] = [
  'receipt',
  'supplement_request',
  'refusal',
  'apology',
  'stop_notice',
  'control_sheet',
  'transfer_slip',
];

const ACTION_LABELS: Record<string, string> = {
  create: 'Lập hồ sơ',
  submit: 'Nộp hồ sơ',
  receive: 'Tiếp nhận hồ sơ',
  refuse: 'Từ chối tiếp nhận',
  request_supplement: 'Yêu cầu bổ sung hồ sơ',
  supplement: 'Bổ sung hồ sơ',
  assign: 'Phân công xử lý',
  forward_to_agency: 'Chuyển cơ quan liên thông',
  agency_answered: 'Cơ quan liên thông trả kết quả',
  request_financial_obligation: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  financial_obligation_met: 'Hoàn thành nghĩa vụ tài chính',
  submit_for_approval: 'Trình phê duyệt',
  approve: 'Phê duyệt kết quả',
  send_back: 'Trả lại để xử lý lại',
  return_result: 'Trả kết quả',
  withdraw: 'Công dân rút hồ sơ',
  stop: 'Dừng xử lý',
  notify_early_return: 'Báo trước trả kết quả sớm',
  request_correction: 'Chuyển lại để đính chính kết quả',
  close_unsupplemented: 'Đóng hồ sơ do quá hạn bổ sung',
  apology_proposed: 'Đề xuất xin lỗi, hẹn lại',
  apology_approved: 'Duyệt phiếu xin lỗi, hẹn lại',
  apology_rejected: 'Không duyệt phiếu xin lỗi',
  agency_case_opened: 'Chuyển hồ sơ đến cơ quan liên thông',
  agency_acknowledged: 'Cơ quan liên thông nhận hồ sơ',
  agency_status_reported: 'Cơ quan liên thông cập nhật tình trạng',
  agency_result: 'Cơ quan liên thông trả kết quả',
  agency_returned: 'Cơ quan liên thông trả lại hồ sơ',
  agency_case_cancelled: 'Dừng bước liên thông',
  delivery_replayed: 'Gửi lại thông điệp liên thông',
  deadline_near_due: 'Cảnh báo sắp đến hạn',
  deadline_overdue: 'Cảnh báo quá hạn xử lý',
  national_intake: 'Nhận hồ sơ từ Cổng Dịch vụ công quốc gia',
  national_alerted: 'Báo Bộ phận Một cửa có hồ sơ trực tuyến mới',
  receipt_near_due: 'Cảnh báo sắp hết thời hạn tiếp nhận',
  receipt_overdue: 'Cảnh báo quá thời hạn tiếp nhận',
};

const ROLE_UNITS: Record<string, string> = {
  citizen: 'Tổ chức, cá nhân',
  clerk: 'Bộ phận Tiếp nhận và Trả kết quả',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
  agency_officer: 'Cơ quan liên thông',
  agency_system: 'Hệ thống của cơ quan liên thông',
  system: 'Hệ thống',
  admin: 'Quản trị',
};

/** A party of a hand-over: every trail entry has one, the system's own entries included (no role, no name). */
function partyOf(
  e: { actorName: string | null; actorRole: string | null },
  deskName: string | undefined,
): { name: string; unit: string } {
  const unit = (e.actorRole === 'clerk' ? deskName : undefined) ?? ROLE_UNITS[e.actorRole ?? ''] ?? 'Hệ thống';
  return { name: e.actorName?.trim() || unit, unit };
}

/** Mẫu 05's rows from the audit trail: each entry hands the dossier over from the previous entry's actor. */
export function handoversFrom(
  events: ReadonlyArray<{
    action: string;
    actorName: string | null;
    actorRole: string | null;
    reason: string | null;
    occurredAt: Date;
  }>,
  dueAt: Date,
  deskName?: string,
): Handover[] {
  return events.slice(1).map((e, i) => ({
    step: ACTION_LABELS[e.action] ?? 'Xử lý hồ sơ',
    sender: partyOf(events[i] ?? e, deskName),
    receiver: partyOf(e, deskName),
    at: e.occurredAt,
    result: e.occurredAt.getTime() > dueAt.getTime() ? 'late' : 'on_time',
    note: e.reason,
  }));
}

const COPY_KINDS = ['original', 'copy', 'photocopy'] as const;

/** The documents an audit entry recorded (receive: received; request_supplement: to hand in). */
export function recordedDocuments(data: Record<string, unknown> | null | undefined): ReceivedDocument[] | null {
  const list = data?.['documents'];
  if (!Array.isArray(list)) return null;
  return list.flatMap((d: unknown) => {
    if (!d || typeof d !== 'object') return [];
    const { name, kind, count } = d as { name?: unknown; kind?: unknown; count?: unknown };
    if (typeof name !== 'string' || !COPY_KINDS.includes(kind as (typeof COPY_KINDS)[number])) return [];
    return [
      {
        name,
        kind: kind as ReceivedDocument['kind'],
        count: typeof count === 'number' && count > 0 ? count : 1,
      },
    ];
  });
}

interface AgencyInfo {
  name: string;
  parent_name: string | null;
}

/** "Ủy ban nhân dân phường Thủy Biều" → "Thủy Biều": the place name of the date line. */
export function localityOf(agencyName: string): string {
  return agencyName
    .replace(
      /^(Ủy ban nhân dân|Công an|Bảo hiểm xã hội)\s+(phường|xã|thị trấn|thành phố|tỉnh|quận|huyện|thị xã)\s+/u,
      '',
    )
    .trim();
}

/**
 * Fills the legal forms from a dossier, its procedure version and its audit trail, numbered, titled and worded as the
 * regime in force at the dossier's reception prescribes (TT 01/2018 before 01/07/2025, TT 03/2025 after).
 */
@Injectable()
export class DossierFormsService {
  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dossiers: DossierService,
    private readonly queries: DossierQueryService,
    private readonly apologies: DossierApologyService,
    private readonly regimes: RegimeService,
  ) {}

  private lookupUrl(row: DossierRow): string {
    const url = new URL('/lookup', this.config.publicUrl);
    if (row.code) url.searchParams.set('code', row.code);
    url.searchParams.set('key', row.lookup_key);
    return url.toString();
  }

  /**
   * The agency and its parent as they were called on `at` (a dossier's reception): a dossier received before a
   * merger keeps the name of the unit that received it on every paper.
   */
  private async agency(agencyId: string, at: Date): Promise<AgencyInfo> {
    const heading = await agencyHeadingOn(this.dataSource.manager, agencyId, vietnamDate(at));
    if (!heading) throw new DomainError('not_found', 'No such agency.');
    return { name: heading.name, parent_name: heading.parentName };
  }

  private async procedure(versionId: string) {
    const rows = await this.dataSource.query<
      Array<{
        name: string;
        required_documents: Array<{ name: string; originals: number; copies: number; required?: boolean }>;
        time_limit_unit: string;
        time_limit_amount: number;
      }>
    >(
      `SELECT p.name, v.required_documents, v.time_limit_unit, v.time_limit_amount
         FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id WHERE v.id = $1`,
      [versionId],
    );
    return firstRow(rows, 'procedure version');
  }

  private static applicant(row: DossierRow): FormApplicant {
    return {
      name: row.applicant.fullName,
      address: row.applicant.address,
      phone: row.applicant.phone,
      email: row.applicant.email,
    };
  }

  async render(principal: Principal, id: string, kind: FormKind): Promise<Buffer> {
    const { row, actor } = await this.dossiers.get(principal, id);
    // The working papers between the desk and the agencies are not the applicant's.
    if ((kind === 'control_sheet' || kind === 'transfer_slip') && actor.kind !== 'staff')
      throw new DomainError('not_found', 'No such form for this dossier.');
    const [agencyInfo, procedure, events, regime] = await Promise.all([
      this.agency(row.agency_id, row.received_at ?? row.submitted_at ?? new Date()),
      this.procedure(row.procedure_version_id),
      this.queries.trailForForms(principal, id),
      this.regimes.at(row.received_at ?? new Date()),
    ]);
    const form = formOf(regime, kind);
    if (!form) throw new DomainError('not_found', `${regime.name} prescribes no such form.`);
    const deskName = deskNameFor(regime, agencyInfo.name);
    const agency: FormAgency = { name: agencyInfo.name, parentName: agencyInfo.parent_name };
    const header = {
      agency,
      locality: localityOf(agencyInfo.name),
      issuedAt: new Date(),
      lookupUrl: this.lookupUrl(row),
      form: { number: form.number, title: form.title },
    };
    const unavailable = () => new DomainError('not_found', `Form ${kind} does not apply to this dossier (yet).`);
    const last = (action: string) => [...events].reverse().find((e) => e.action === action);
    switch (kind) {
      case 'receipt': {
        const receipt = last('receive');
        if (!row.code || !row.received_at || !row.due_at || !receipt) throw unavailable();
        return renderReceiptForm({
          ...header,
          issuedAt: row.received_at,
          dossierCode: row.code,
          applicant: DossierFormsService.applicant(row),
          identityProof:
            row.identity_verified && row.identity_verified.fields.length > 0
              ? {
                  level: row.identity_verified.level,
                  fields: row.identity_verified.fields.map((f) => translate('vi', `identity.field.${f}`)),
                }
              : null,
          procedureName: procedure.name,
          // Exactly what the reception recorded; a dossier received before it was recorded lists what the
          // procedure requires (never its optional papers).
          documents:
            recordedDocuments(receipt.data) ??
            procedure.required_documents
              .filter((d) => d.required !== false)
              .map((d) => ({
                name: d.name,
                kind: d.originals > 0 ? ('original' as const) : ('copy' as const),
                count: Math.max(1, d.originals > 0 ? d.originals : d.copies),
              })),
          setCount: 1,
          processingTime:
            procedure.time_limit_amount === 0
              ? 'Trong ngày làm việc'
              : `${procedure.time_limit_amount} ${procedure.time_limit_unit === 'working_hours' ? 'giờ' : 'ngày'} làm việc`,
          receivedAt: row.received_at,
          dueAt: row.due_at,
          resultReturnPlace: deskName,
          lookupKey: row.lookup_key,
          clerkName: receipt.actorName ?? '',
        });
      }
      case 'supplement_request': {
        const request = last('request_supplement');
        if (!request) throw unavailable();
        return renderSupplementRequestForm({
          ...header,
          issuedAt: request.occurredAt,
          dossierCode: row.code ?? '(chưa cấp mã)',
          applicant: DossierFormsService.applicant(row),
          procedureName: procedure.name,
          receivedAt: row.received_at ?? row.submitted_at ?? request.occurredAt,
          items: [
            // The documents still missing, then what the clerk wrote (one item per line).
            ...(recordedDocuments(request.data) ?? []).map((d) => ({
              content: `${d.name} (${d.kind === 'original' ? 'bản chính' : d.kind === 'copy' ? 'bản sao' : 'bản chụp'})`,
              reason: 'Chưa có trong hồ sơ',
            })),
            ...(request.reason ?? '')
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter((l) => l.length > 0)
              .map((l) => ({ content: l, reason: 'Theo yêu cầu của thủ tục hành chính' })),
          ],
          clerkName: request.actorName ?? '',
        });
      }
      case 'refusal': {
        const refusal = last('refuse');
        if (!refusal) throw unavailable();
        return renderRefusalForm({
          ...header,
          issuedAt: refusal.occurredAt,
          dossierCode: row.code,
          applicant: DossierFormsService.applicant(row),
          procedureName: procedure.name,
          submittedAt: row.submitted_at ?? refusal.occurredAt,
          reason: refusal.reason ?? '',
          clerkName: refusal.actorName ?? '',
        });
      }
      case 'apology': {
        const approved = (await this.apologies.list(principal, id)).filter((a) => a.status === 'approved').pop();
        if (!approved || !row.code || !row.received_at) throw unavailable();
        return renderApologyForm({
          ...header,
          issuedAt: approved.decidedAt ?? new Date(),
          dossierCode: row.code,
          applicant: DossierFormsService.applicant(row),
          procedureName: procedure.name,
          receivedAt: row.received_at,
          originalDueAt: approved.originalDueAt,
          newDueAt: approved.proposedDueAt,
          reason: approved.reason,
          signer: { position: 'Lãnh đạo', name: approved.decidedByName ?? '', onBehalfOf: agencyInfo.name },
          // TT 03/2025's Mẫu 04 is, by its title, a request to extend ("đề nghị gia hạn"), not a new appointment.
          asksExtension: /gia hạn/u.test(form.title),
          deskAbbreviation: regime.deskAbbreviation,
        });
      }
      case 'stop_notice': {
        const stop = [...events].reverse().find((e) => e.action === 'stop' || e.action === 'withdraw');
        if (!stop || !row.code || !row.received_at || (row.status !== 'stopped' && row.status !== 'withdrawn'))
          throw unavailable();
        return renderStopNoticeForm({
          ...header,
          issuedAt: stop.occurredAt,
          dossierCode: row.code,
          applicant: DossierFormsService.applicant(row),
          procedureName: procedure.name,
          receivedAt: row.received_at,
          stoppedAt: stop.occurredAt,
          atApplicantsRequest: stop.action === 'withdraw',
          reason: stop.reason ?? '',
          // Signed by the official who recorded the stop; a withdrawal the applicant made online leaves the name blank.
          signer: {
            position: 'Lãnh đạo',
            name: stop.actorRole === 'leader' || stop.actorRole === 'clerk' ? (stop.actorName ?? '') : '',
            onBehalfOf: agencyInfo.name,
          },
        });
      }
      case 'control_sheet': {
        if (!row.code || !row.received_at || !row.due_at) throw unavailable();
        const dueAt = row.due_at;
        const handovers = handoversFrom(events, dueAt, deskName);
        return renderControlSheetForm({
          ...header,
          issuedAt: new Date(),
          dossierCode: row.code,
          applicant: DossierFormsService.applicant(row),
          procedureName: procedure.name,
          receivedAt: row.received_at,
          dueAt,
          leadAgencyName: agencyInfo.name,
          handovers,
        });
      }
      case 'transfer_slip': {
        const steps = await this.transferSteps(row.id);
        const forward = last('forward_to_agency');
        if (!row.code || !row.received_at || !row.due_at || steps.length === 0) throw unavailable();
        return renderTransferSlipForm({
          ...header,
          issuedAt: forward?.occurredAt ?? steps[0]?.sentAt ?? new Date(),
          dossierCode: row.code,
          applicant: DossierFormsService.applicant(row),
          procedureName: procedure.name,
          receivedAt: row.received_at,
          dueAt: row.due_at,
          leadAgencyName: agencyInfo.name,
          deskName,
          steps,
          sender: { name: forward?.actorName ?? '', unit: deskName },
        });
      }
      // The register covers a period: it has its own route.
      case 'register':
        throw unavailable();
    }
  }

  /**
   * The agencies of the dossier's latest liên thông round, stage by stage, with the work asked of each and its time
   * limit (read from the cases the routing library opened; nothing is written here).
   */
  private async transferSteps(dossierId: string) {
    const rows = await this.dataSource.query<
      Array<{
        stage: number;
        step_name: string;
        agency_name: string;
        budget_unit: string;
        budget_amount: number;
        opened_at: Date | null;
        due_at: Date | null;
      }>
    >(
      `SELECT c.stage, c.step_name, a.name AS agency_name, c.budget_unit, c.budget_amount, c.opened_at, c.due_at
         FROM agency_case c JOIN agency a ON a.id = c.agency_id
        WHERE c.dossier_id = $1 AND c.round = (SELECT max(round) FROM agency_case WHERE dossier_id = $1)
        ORDER BY c.stage, c.step_code`,
      [dossierId],
    );
    if (!rows.some((r) => r.opened_at !== null)) return [];
    return rows.map((r) => ({
      stage: r.stage,
      agencyName: r.agency_name,
      task: r.step_name,
      timeLimit: `${String(r.budget_amount).padStart(2, '0')} ${r.budget_unit === 'working_hours' ? 'giờ' : 'ngày'} làm việc`,
      sentAt: r.opened_at,
      dueAt: r.due_at,
    }));
  }

  /** Mẫu 06 (2018) / 07 (2025): the register of dossiers an agency received in a period (inclusive dates, Vietnam time). */
  async register(agencyCode: string, from: string, to: string): Promise<{ pdf: Buffer; fileName: string }> {
    // The register of the regime in force on the period's last day.
    const regime = await this.regimes.at(new Date(`${to}T23:59:59+07:00`));
    const form = formOf(regime, 'register');
    if (!form) throw new DomainError('not_found', `${regime.name} prescribes no register.`);
    const [found] = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM agency WHERE code = $1`, [
      agencyCode,
    ]);
    if (!found) throw new DomainError('not_found', `No agency ${agencyCode}.`);
    // Named as it was on the period's last day (a register of June 2025 is Thủy Biều's, not the merged ward's).
    const named = await this.agency(found.id, new Date(`${to}T12:00:00+07:00`));
    const agency = { id: found.id, name: named.name, parent_name: named.parent_name };
    const rows = await this.dataSource.query<
      Array<{
        code: string;
        procedure_name: string;
        applicant: { fullName: string; address: string | null; phone: string | null };
        received_at: Date;
        due_at: Date | null;
        forwarded_at: Date | null;
        result_ready_at: Date | null;
        returned_at: Date | null;
        status: string;
      }>
    >(
      `SELECT d.code, p.name AS procedure_name, d.applicant, d.received_at, d.due_at, d.result_ready_at, d.returned_at, d.status,
              (SELECT min(e.occurred_at) FROM dossier_event e WHERE e.dossier_id = d.id AND e.action = 'forward_to_agency') AS forwarded_at
         FROM dossier d
         JOIN procedure_version v ON v.id = d.procedure_version_id JOIN procedure p ON p.id = v.procedure_id
        WHERE d.agency_id = $1 AND d.received_at IS NOT NULL
          AND (d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN $2::date AND $3::date
        ORDER BY d.received_at, d.code`,
      [agency.id, from, to],
    );
    const pdf = await renderDossierRegisterForm({
      form: { number: form.number, title: form.title },
      agency: { name: agency.name, parentName: agency.parent_name },
      periodFrom: from,
      periodTo: to,
      issuedAt: new Date(),
      rows: rows.map((r) => ({
        dossierCode: r.code,
        procedureName: r.procedure_name,
        applicantName: r.applicant.fullName,
        applicantAddress: r.applicant.address,
        applicantPhone: r.applicant.phone,
        receivedAt: r.received_at,
        dueAt: r.due_at,
        forwardedAt: r.forwarded_at,
        resultAt: r.result_ready_at,
        returnedAt: r.returned_at,
        note: r.status === 'withdrawn' ? 'Công dân rút hồ sơ' : r.status === 'stopped' ? 'Dừng xử lý' : null,
      })),
    });
    return { pdf, fileName: `mau-${form.number ?? 'so'}-${from}-${to}.pdf` };
  }
}

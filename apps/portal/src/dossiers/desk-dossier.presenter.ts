import {
  ActionFacts,
  Actor,
  ApologyView,
  ExtensionBlock,
  applicableActions,
  closesRoundEarly,
  DOSSIER_ACTIONS,
  DossierAction,
  DossierEventView,
  DossierFileView,
  DossierRow,
  documentKey,
  isOverdue,
} from '@app/dossiers';
import { computeFee, FeeItem, FormSchema } from '@app/procedures';
import { FormKind, RegimeForm } from '@app/regimes';
import { Lang } from '../i18n/messages';
import type { CasesPanelRow } from '../lien-thong/dossier-cases.panel';
import { errorSummary, formState, T, titleWithErrors, translator } from '../web/page-kit';
import { displayIsoDate, formatDate, formatDateTime, isoLocal, reasonRequired, statusTagClass } from './desk-format';
import type { DeskFormFacts, SpecialistOption, VersionFacts } from './desk-query.service';
import type { IntakeView } from '@app/dossiers';
import { legalFormLinks, stoppedAfterReception } from './legal-forms';

/** Actions the desk offers as a form of their own (the citizen's own steps are theirs, the closure the scanner's). */
export const DESK_ACTIONS: readonly DossierAction[] = DOSSIER_ACTIONS.filter(
  (a) => a !== 'submit' && a !== 'supplement' && a !== 'close_unsupplemented',
);

/** Actions that close or turn back a dossier: shown last, as warning buttons. */
export const WARNING_ACTIONS: readonly DossierAction[] = ['refuse', 'stop', 'withdraw', 'send_back'];
/** Results of the page's other forms that get a confirmation banner. */
const DONE_EXTRA = ['registered', 'upload', 'apology', 'apology_approve', 'apology_reject'];
/** Statuses in which an appointment can still be moved by a Mẫu 04 apology. */
const APOLOGY_STATUSES: readonly string[] = [
  'received',
  'in_process',
  'awaiting_agency',
  'awaiting_financial_obligation',
  'awaiting_approval',
];

/** What the last post of the page left to show again: its action, field errors, typed values, or a refusal. */
export interface ActionState {
  action?: string;
  /** Field → translated message. */
  errors?: Record<string, string>;
  values?: {
    reason?: string;
    assignee?: string;
    returnChannel?: string;
    newDueDate?: string;
    note?: string;
    /** The fee lines posted with request_financial_obligation. */
    items?: Array<{ name: string; amount: string }>;
  };
  conflict?: string;
}

/** What the desk's dossier page is made from, as read for the signed-in member of staff. */
export interface DeskDossierData {
  row: DossierRow;
  actor: Actor;
  /** The signed-in member of staff (the assigned specialist's actions are theirs only). */
  subject: string;
  facts: VersionFacts;
  actionFacts: ActionFacts;
  files: readonly DossierFileView[];
  events: readonly DossierEventView[];
  forms: DeskFormFacts;
  /** The papers of the dossier's legal regime (by its reception, or now before it). */
  regimeForms: readonly RegimeForm[];
  apologies: readonly ApologyView[];
  /** What the regime forbids about moving the appointment now (null: an apology may be proposed). */
  extensionBlock: ExtensionBlock | null;
  lienThong: { rows: CasesPanelRow[] } | null;
  /** Where a dossier forwarded by the national portal came from, with its receipt time (optional: null otherwise). */
  intake?: IntakeView | null;
  /** The agency's specialists, when the dossier can be assigned. */
  specialists: readonly SpecialistOption[];
  assigneeName: string | null;
}

/**
 * The desk actions the caller may take on the dossier now: only what the status, the role, the assignment and the
 * dossier's contents allow; closing actions (refuse, stop, withdraw, send back) after those that move it forward.
 */
export function deskActions(
  row: Pick<DossierRow, 'status' | 'assignee_subject'>,
  actor: Actor,
  facts: ActionFacts,
  subject: string,
): DossierAction[] {
  return applicableActions(row.status, actor, facts, { subject, assignee: row.assignee_subject })
    .filter((a) => DESK_ACTIONS.includes(a))
    .sort((a, b) => Number(WARNING_ACTIONS.includes(a)) - Number(WARNING_ACTIONS.includes(b)));
}

/** Why the appointment cannot be moved now, in words, with the article. */
export function extensionBlockText(t: T, block: ExtensionBlock): string {
  return t(block.reason === 'extension_limit' ? 'desk.apology.limit' : 'desk.apology.leadTime', { basis: block.basis });
}

/** The view model of `dossiers/desk/dossier`. */
/**
 * The lines of the "ask for the fees" form: what was posted, else the procedure's fees at their amounts for a single
 * request (the specialist corrects them: pages, copies, lateness), and one blank line for an item the catalogue lacks.
 */
export function feeLines(fees: readonly FeeItem[], posted?: Array<{ name: string; amount: string }>) {
  const lines =
    posted ??
    fees.map((f) => {
      let amount = 0;
      try {
        amount = computeFee(f.rule);
      } catch {
        amount = 0;
      }
      return { name: f.name, amount: String(amount) };
    });
  const all = posted ? lines : [...lines, { name: '', amount: '' }];
  return all.map((l, i) => ({ n: String(i + 1), name: l.name, amount: l.amount }));
}

export function deskDossierPage(data: DeskDossierData, state: ActionState, lang: Lang, done?: string) {
  const t = translator(lang);
  const { row, actor, facts, actionFacts, files } = data;
  const actions = deskActions(row, actor, actionFacts, data.subject);
  const pendingApology = data.apologies.find((a) => a.status === 'proposed') ?? null;
  const staffRoles = actor.kind === 'staff' ? actor.roles : [];
  const docNames = new Map(facts.requiredDocuments.map((d, i) => [documentKey(d, i), d.name]));
  const errorList = errorSummary(state.errors ?? {}, (field) =>
    field === 'files' ? 'result-files' : field === 'action' ? `action-${state.action}` : `${field}-${state.action}`,
  );
  const successKey = done && (DESK_ACTIONS.includes(done as DossierAction) || DONE_EXTRA.includes(done)) ? done : null;
  const fileHref = (f: DossierFileView) => `/api/v1/dossiers/${row.id}/files/${f.id}`;
  const legalForms = legalFormLinks(row.id, data.regimeForms, deskFormKinds(row, data.forms), lang);
  return {
    pageTitle: titleWithErrors(t, `${row.code ?? t('desk.noCode')} – ${facts.procedureName}`, errorList.length > 0),
    dossier: { ...dossierFacts(row, t, data.assigneeName), supplementDue: supplementDueText(t, row, data.events) },
    procedureName: facts.procedureName,
    intake: data.intake ? intakePanel(t, data.intake, data.events, lang) : null,
    splitNote: splitNote(t, row, actor),
    statusLabel: t(`status.${row.status}`),
    statusClass: statusTagClass(row.status),
    answers: facts.formSchema.fields
      .filter((f) => row.form_data[f.key] !== undefined)
      .map((f) => ({ label: f.label[lang], value: formValue(f, row.form_data[f.key], lang, t) })),
    documents: files
      .filter((f) => f.purpose !== 'result')
      .map((f) => ({
        name: f.documentCode ? (docNames.get(f.documentCode) ?? f.documentCode) : t('desk.documents.other'),
        purpose: t(`desk.purpose.${f.purpose}`),
        fileName: f.fileName,
        href: fileHref(f),
        uploadedAt: formatDateTime(f.uploadedAt),
      })),
    results: files
      .filter((f) => f.purpose === 'result')
      .map((f) => ({ fileName: f.fileName, href: fileHref(f), uploadedAt: formatDateTime(f.uploadedAt) })),
    legalForms,
    receiptForm: legalForms.find((f) => f.kind === 'receipt') ?? null,
    lienThong: data.lienThong,
    actions: actions.map((a) => {
      const closesRound = closesRoundEarly(a, row.status, actionFacts);
      return {
        name: a,
        label: closesRound ? t('desk.action.closeRoundEarly') : t(`desk.action.${a}`),
        hint: closesRound
          ? t('desk.actionHint.closeRound')
          : a === 'receive' && row.code !== null
            ? t('desk.actionHint.receiveKeepsCode')
            : labelOr(t, `desk.actionHint.${a}`, ''),
        needsReason: reasonRequired(a) || a === 'request_financial_obligation' || closesRound,
        reasonLabel: labelOr(t, `desk.reasonLabel.${a}`, t('desk.reason.label')),
        warning: WARNING_ACTIONS.includes(a) || closesRound,
        feeLines:
          a === 'request_financial_obligation'
            ? feeLines(facts.fees, state.action === a ? state.values?.items : undefined)
            : null,
      };
    }),
    limits: regimeLimitTexts(t, actionFacts),
    specialists: data.specialists.map((s) => ({
      value: s.subject,
      text: s.name,
      selected: state.values?.assignee === s.subject,
    })),
    canUpload: staffRoles.includes('specialist') && (row.status === 'in_process' || row.status === 'awaiting_approval'),
    // Submitting for approval needs a result document: say where it goes while there is none.
    resultHint:
      staffRoles.includes('specialist') &&
      row.status === 'in_process' &&
      !files.some((f) => f.purpose === 'result') &&
      !actions.includes('submit_for_approval')
        ? t('desk.resultHint')
        : null,
    uploadAction: `/desk/dossiers/${row.id}/results`,
    timeline: data.events.map((e) => ({
      action: labelOr(t, `desk.action.${e.action}`, e.action),
      to: labelOr(t, `status.${e.toStatus}`, e.toStatus),
      actor: e.actorName ?? '',
      role: e.actorRole ? labelOr(t, `role.${e.actorRole}`, e.actorRole) : '',
      reason: e.reason,
      at: formatDateTime(e.occurredAt),
      iso: isoLocal(e.occurredAt),
    })),
    state: formState(state),
    errorList,
    success: successKey
      ? labelOr(t, `desk.done.${successKey}`, t('desk.done.generic'), { code: row.code ?? '' })
      : null,
    justReceived: successKey === 'receive' && row.code !== null,
    apology: {
      blocked:
        data.extensionBlock && pendingApology === null && row.due_at !== null && APOLOGY_STATUSES.includes(row.status)
          ? extensionBlockText(t, data.extensionBlock)
          : null,
      canPropose:
        data.extensionBlock === null &&
        pendingApology === null &&
        row.due_at !== null &&
        APOLOGY_STATUSES.includes(row.status) &&
        staffRoles.some((r) => r === 'specialist' || r === 'clerk'),
      canDecide: pendingApology !== null && staffRoles.includes('leader'),
      pending: pendingApology && {
        proposedDue: formatDateTime(pendingApology.proposedDueAt),
        originalDue: formatDateTime(pendingApology.originalDueAt),
        reason: pendingApology.reason,
        by: pendingApology.proposedByName ?? '',
        at: formatDateTime(pendingApology.proposedAt),
      },
      history: data.apologies
        .filter((a) => a.status !== 'proposed')
        .map((a) => ({
          status: t(`desk.apology.status.${a.status}`),
          proposedDue: formatDateTime(a.proposedDueAt),
          reason: a.reason,
          decidedBy: a.decidedByName ?? '',
          note: a.decisionNote,
        })),
    },
  };
}

/**
 * Why an action the desk might look for is not offered, with the article: the regime's limits that hold (the
 * "not early" one is not news: the action simply is not there).
 */
export function regimeLimitTexts(t: T, facts: ActionFacts): string[] {
  return (facts.limits ?? [])
    .filter((l) => l.missing !== 'not_early')
    .map((l) => t(`desk.limit.${l.missing}`, { basis: l.basis }));
}

/** When a dossier waiting for its supplement is closed, with the article the last request gave, or null. */
export function supplementDueText(
  t: T,
  row: Pick<DossierRow, 'supplement_due_at'>,
  events: readonly DossierEventView[],
): string | null {
  if (!row.supplement_due_at) return null;
  const asked = [...events].reverse().find((e) => e.action === 'request_supplement');
  const basis = typeof asked?.data['closureBasis'] === 'string' ? asked.data['closureBasis'] : '';
  return t('desk.supplementDue.text', { date: formatDate(new Date(row.supplement_due_at.getTime() - 1)), basis });
}

/**
 * What the desk reads of a dossier filed on the national portal: when it was filed and arrived, and what to do by
 * when (NĐ 118/2025 Điều 17 khoản 2, with the article the intake recorded), or that the desk has answered.
 */
export function intakePanel(t: T, intake: IntakeView, events: readonly DossierEventView[], lang: Lang) {
  const arrival = events.find((e) => e.action === 'national_intake');
  const basis = typeof arrival?.data['receiptBasis'] === 'string' ? arrival.data['receiptBasis'] : '';
  const now = Date.now();
  const fees = intake.fees
    .map((f) => `${f.name} ${new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(f.amount)} đ`)
    .join('; ');
  return {
    filed: t('desk.intake.filed', {
      filed: formatDateTime(intake.filedAt),
      arrived: formatDateTime(intake.arrivedAt),
    }),
    next: intake.answeredAt
      ? t('desk.intake.answered', { answered: formatDateTime(intake.answeredAt) })
      : intake.receiptDueAt
        ? t('desk.intake.due', { due: formatDateTime(intake.receiptDueAt), basis })
        : t('desk.intake.noLimit'),
    dueIso: intake.answeredAt ? null : isoLocal(intake.receiptDueAt),
    overdue: !intake.answeredAt && intake.receiptDueAt !== null && intake.receiptDueAt.getTime() <= now,
    fees: fees ? t('desk.intake.fees', { fees }) : null,
    summary: intake.summary ? t('desk.intake.summary', { summary: intake.summary }) : null,
  };
}

/**
 * What happens next on a dossier one desk received for another agency (NĐ 118/2025 Điều 20 khoản 1), as each side
 * reads it: the desk waits for the result, then hands it over; the deciding authority decides and sends it back.
 */
export function splitNote(t: T, row: DossierRow, actor: Actor): string | null {
  if (!row.deciding_agency_id || actor.kind !== 'staff' || actor.side === undefined) return null;
  const deciding = row.deciding_agency_name ?? row.deciding_agency_code ?? '';
  const receiving = row.agency_name ?? row.agency_code;
  if (row.received_at === null || ['refused', 'withdrawn', 'stopped', 'returned'].includes(row.status)) return null;
  if (actor.side === 'desk') {
    return row.status === 'result_ready'
      ? t('desk.split.deskReturn', { agency: deciding })
      : t('desk.split.deskWaits', { agency: deciding });
  }
  return row.status === 'result_ready'
    ? t('desk.split.decidingDone', { agency: receiving })
    : t('desk.split.decidingWorks', { agency: receiving });
}

/** A translated text, or `fallback` when the dictionary has none (an action added later, say). */
function labelOr(t: T, key: string, fallback: string, params?: Record<string, string>): string {
  const text = t(key, params);
  return text === key ? fallback : text;
}

/** An e-form answer as the desk reads it: dates as dd/mm/yyyy, options by their label, yes/no in words. */
function formValue(field: FormSchema['fields'][number], value: unknown, lang: Lang, t: T): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'desk.yes' : 'desk.no');
  if (typeof value !== 'string' && typeof value !== 'number') return JSON.stringify(value);
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return displayIsoDate(value);
  }
  const option = field.options?.find((o) => o.value === String(value));
  return option ? option.label[lang] : String(value);
}

function dossierFacts(row: DossierRow, t: T, assigneeName: string | null) {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    lookupKey: row.lookup_key,
    channel: t(`desk.channel.${row.channel}`),
    channelValue: String(row.channel),
    applicant: row.applicant,
    submittedAt: formatDateTime(row.submitted_at),
    receivedAt: formatDateTime(row.received_at),
    dueAt: formatDateTime(row.due_at),
    dueDate: formatDate(row.due_at),
    dueIso: isoLocal(row.due_at),
    overdue: isOverdue(row),
    paused: row.paused_at !== null,
    assignee: assigneeName,
    // Reception regardless of boundary: the desk that receives and returns, and the authority that decides.
    receivingAgency: row.deciding_agency_id ? (row.agency_name ?? row.agency_code) : null,
    decidingAgency: row.deciding_agency_id ? (row.deciding_agency_name ?? row.deciding_agency_code) : null,
    returnedAt: formatDateTime(row.returned_at),
    returnChannel: row.return_channel ? t(`desk.channel.${row.return_channel}`) : null,
    version: row.row_version,
  };
}

/**
 * The papers of the dossier's regime that apply: the receipt and the control sheet once received, the supplement
 * request after one, the refusal when refused, the apology once signed, the stop notice when processing stopped, the
 * transfer slip once the dossier went to a linked agency.
 */
export function deskFormKinds(
  row: Pick<DossierRow, 'code' | 'status' | 'received_at'>,
  facts: DeskFormFacts,
): FormKind[] {
  const kinds: FormKind[] = [];
  if (row.received_at !== null) kinds.push('receipt');
  if (facts.supplementRequested) kinds.push('supplement_request');
  if (row.status === 'refused') kinds.push('refusal');
  if (facts.apologyApproved) kinds.push('apology');
  if (stoppedAfterReception(row)) kinds.push('stop_notice');
  if (row.received_at !== null) kinds.push('control_sheet');
  if (facts.forwarded) kinds.push('transfer_slip');
  return kinds;
}

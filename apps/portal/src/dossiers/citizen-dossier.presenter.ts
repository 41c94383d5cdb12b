import {
  Actor,
  availableActions,
  citizenMayDownloadResult,
  DossierEventView,
  DossierFileView,
  DossierRow,
  documentKey,
  isOverdue,
} from '@app/dossiers';
import { describeFeeRule, ProcedureVersionView } from '@app/procedures';
import { FormKind, RegimeForm } from '@app/regimes';
import { Lang } from '../i18n/messages';
import { titleWithErrors, translator } from '../web/page-kit';
import { accountEformValues } from './citizen-form';
import { formatDay, formatDayTime, statusTagClass } from './citizen-format';
import { accountAnswers, IdentityFacts } from './citizen-identity';
import { citizenHistory, progressSteps } from './citizen-progress';
import { eformAnswers, eformTexts } from './eform-fields';
import { legalFormLinks, stoppedAfterReception } from './legal-forms';

/** What the last post of the page left to show again: errors by form, typed values, a confirmation. */
export interface DetailState {
  errorList?: Array<{ text: string; href: string }>;
  /** Upload form id → message. */
  uploadErrors?: Record<string, string>;
  withdrawError?: string;
  withdrawReason?: string;
  titleError?: string;
  titleValue?: string;
  deleteError?: string;
  success?: string | null;
}

/** What the citizen's dossier page is made from, as read for its owner. */
export interface CitizenDossierData {
  row: DossierRow;
  actor: Actor;
  /** The procedure version the dossier was opened under (its e-form, documents, time limit and fees). */
  procedure: ProcedureVersionView;
  files: readonly DossierFileView[];
  /** The citizen-facing trail. */
  events: readonly DossierEventView[];
  /** Names of the agencies the dossier's cases went to, by code. */
  agencyNames: ReadonlyMap<string, string>;
  /** What the signed-in citizen's identity account says. */
  account: IdentityFacts;
  /** The papers of the dossier's legal regime (by its reception, or now before it). */
  regimeForms: readonly RegimeForm[];
}

/** The citizen's own name for a dossier, or null when they gave none. */
export function titleOf(row: Pick<DossierRow, 'title'>): string | null {
  return row.title ? row.title : null;
}

/** The key attachments name a required document by (the catalogue's documents may carry a `code`). */
export function docKey(doc: object, index: number): string {
  return documentKey(doc, index);
}

/** The view model of `dossiers/citizen/detail`. */
export function citizenDossierPage(data: CitizenDossierData, state: DetailState, lang: Lang) {
  const tr = translator(lang);
  const { row, procedure, files, events } = data;
  const actions = availableActions(row.status, data.actor);
  const fileView = (f: DossierFileView) => ({
    name: f.fileName,
    href: `/api/v1/dossiers/${row.id}/files/${f.id}`,
    uploaded: formatDayTime(f.uploadedAt, lang),
  });
  const documents = procedure.requiredDocuments.map((doc, i) => {
    const key = docKey(doc, i);
    return {
      key,
      name: doc.name,
      note: doc.note ?? null,
      template: doc.template ?? null,
      required: doc.required !== false,
      attached: files.filter((f) => f.purpose === 'application' && f.documentCode === key).map(fileView),
      inputId: `upload-${key}`,
      error: state.uploadErrors?.[`upload-${key}`] ?? null,
    };
  });
  const keys = new Set(documents.map((d) => d.key));
  const eformFromAccount = accountEformValues(procedure, data.account);
  const errorList = state.errorList ?? [];
  const draftTitle = titleOf(row);
  const isDraft = row.status === 'draft';
  // The heading is the dossier code once there is one; until then the citizen's own name for it, else what it is.
  const title =
    row.code ?? draftTitle ?? (isDraft ? tr('dossier.detail.draftTitle') : tr('dossier.detail.noCodeTitle'));
  return {
    pageTitle: titleWithErrors(tr, title, errorList.length > 0),
    title,
    /** The citizen's own name under the code, so a named dossier keeps its name once it has a code. */
    ownName: row.code ? draftTitle : null,
    id: row.id,
    row,
    procedureName: procedure.name,
    statusText: tr(`status.${row.status}`),
    statusClass: statusTagClass(row.status),
    channelText: tr(`dossier.channel.${row.channel}`),
    submitted: formatDayTime(row.submitted_at, lang),
    received: formatDayTime(row.received_at, lang),
    due: formatDayTime(row.due_at, lang),
    overdue: isOverdue(row),
    applicant: row.applicant,
    // The identity account's answers cannot be changed on the edit page: no "change" link is offered for them.
    answers: eformAnswers(procedure.formSchema, lang, row.form_data, eformTexts(tr)).map((a) => ({
      ...a,
      fromAccount: a.key in eformFromAccount,
    })),
    applicantFromAccount: accountAnswers(data.account),
    documents,
    supplementFiles: files.filter((f) => f.purpose === 'supplement').map(fileView),
    resultFiles: citizenMayDownloadResult(row.status) ? files.filter((f) => f.purpose === 'result').map(fileView) : [],
    otherFiles: files
      .filter((f) => f.purpose === 'application' && !(f.documentCode && keys.has(f.documentCode)))
      .map(fileView),
    supplementError: state.uploadErrors?.['upload-supplement'] ?? null,
    progress: progressSteps(row, events, lang, [...data.agencyNames.values()]),
    history: citizenHistory(events, lang, (code) => data.agencyNames.get(code) ?? code),
    next: nextSteps(row, procedure, lang, events),
    canEdit: isDraft,
    canSubmit: actions.includes('submit'),
    canSupplement: actions.includes('supplement'),
    canWithdraw: actions.includes('withdraw'),
    canDelete: isDraft && row.submitted_at === null,
    draftTitle: state.titleValue ?? draftTitle ?? '',
    titleError: state.titleError ?? null,
    deleteError: state.deleteError ?? null,
    forms: legalFormLinks(row.id, data.regimeForms, citizenFormKinds(row, events), lang),
    uploadQuery: '',
    errorList,
    withdrawError: state.withdrawError ?? null,
    withdrawReason: state.withdrawReason ?? '',
    success: state.success ?? null,
  };
}

/**
 * The papers the citizen may download, as their dossier's regime names them: the receipt once received, the
 * supplement request after one, the refusal when refused, the stop notice when processing stopped.
 */
export function citizenFormKinds(
  row: Pick<DossierRow, 'status' | 'received_at'>,
  events: readonly Pick<DossierEventView, 'action'>[],
): FormKind[] {
  const kinds: FormKind[] = [];
  if (row.received_at) kinds.push('receipt');
  if (events.some((e) => e.action === 'request_supplement')) kinds.push('supplement_request');
  if (row.status === 'refused') kinds.push('refusal');
  if (stoppedAfterReception(row)) kinds.push('stop_notice');
  return kinds;
}

/** "What happens next" for the citizen: the next step in words, the time limit and the fees. */
export function nextSteps(
  row: DossierRow,
  procedure: ProcedureVersionView,
  lang: Lang,
  events: readonly Pick<DossierEventView, 'action'>[] = [],
) {
  const tr = translator(lang);
  const limit = procedure.timeLimit;
  const timeLimit =
    limit.amount === 0 && limit.unit === 'working_days'
      ? tr('dossier.sameDay')
      : tr(limit.unit === 'working_hours' ? 'dossier.hours' : 'dossier.days', { n: String(limit.amount) });
  const due = formatDay(row.due_at);
  let text: string;
  switch (row.status) {
    case 'draft':
      text = tr('dossier.next.draft');
      break;
    case 'submitted':
      text = tr('dossier.next.submitted', { timeLimit });
      break;
    case 'received':
      text = tr('dossier.next.received', { date: due });
      break;
    case 'supplement_requested':
      // Under NĐ 118/2025 the dossier is closed if it is not completed in time: the citizen is told by when.
      text = row.supplement_due_at
        ? tr('dossier.next.supplementBy', { date: formatDay(lastDayOf(row.supplement_due_at)) })
        : tr('dossier.next.supplement');
      break;
    case 'in_process':
    case 'awaiting_agency':
    case 'awaiting_financial_obligation':
    case 'awaiting_approval':
      text = tr('dossier.next.processing', { date: due });
      break;
    case 'result_ready':
      text = tr('dossier.next.result_ready');
      break;
    case 'returned':
      text = tr('dossier.next.returned');
      break;
    case 'stopped':
      text = events.some((e) => e.action === 'close_unsupplemented')
        ? tr('dossier.next.closedUnsupplemented')
        : tr('dossier.next.closed');
      break;
    case 'refused':
    case 'withdrawn':
      text = tr('dossier.next.closed');
      break;
  }
  const open = !['returned', 'refused', 'stopped', 'withdrawn'].includes(row.status);
  const fees = procedure.fees.map((f) => ({ name: f.name, text: describeFeeRule(f.rule, lang) }));
  return { text, open, timeLimit, fees, noFee: fees.length === 0 };
}

/** The last day of a period that ends at 24:00 (the instant is the next day's 00:00): the day to name. */
export function lastDayOf(end: Date): Date {
  return new Date(end.getTime() - 1);
}

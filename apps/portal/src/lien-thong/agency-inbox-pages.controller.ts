import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { MultipartCsrfInterceptor } from '@app/web';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { AgencyService } from '@app/agency';
import { documentKey } from '@app/dossiers';
import { ProcedureService } from '@app/procedures';
import { AgencyCaseDetail, AgencyCaseService, OPEN_CASE_STATUSES } from '@app/routing';
import { Lang } from '../i18n/messages';
import { langOf } from '@app/web';
import {
  CASE_ID,
  errorSummary,
  formState,
  isDomainError,
  str,
  titleWithErrors,
  translator,
  uploadedFileName,
} from '../web/page-kit';
import { formatDateTime, isoLocal } from '../dossiers/desk-format';
import { eformAnswers } from '../dossiers/eform-fields';
import { MAX_RESULT_DOCUMENTS } from './agency-case.dto';
import { UploadLimitRedirect } from '../web/upload-limit-redirect.interceptor';
import { idempotencyKeyOf } from './idempotency-key.decorator';
import {
  caseProblemInput,
  caseProblemText,
  caseStatusTagClass,
  INBOX_TABS,
  InboxTab,
  isInboxTab,
  sizeText,
} from './lien-thong-format';
import { MultipartInputInterceptor } from '@app/web';

/** The forms of the case page; each posts to /agency/cases/:id/<action>. */
const CASE_ACTIONS = ['acknowledge', 'status', 'result', 'return'] as const;
type CaseAction = (typeof CASE_ACTIONS)[number];
const DONE_KEYS: readonly string[] = CASE_ACTIONS;

interface ActionState {
  action?: CaseAction;
  /** Input id → translated message. */
  errors?: Record<string, string>;
  values?: { subStatus?: string; note?: string; summary?: string; reason?: string };
  conflict?: string;
}

/**
 * The inbox of a linked agency's officers: the cases forwarded to their agency (new, in hand, closed) and each
 * case with the applicant, the e-form, the documents and where the step stands in the route, with the answers —
 * acknowledge, report a sub-status, record a result with its documents, or return the case with a reason.
 */
@ApiExcludeController()
@Roles('agency_officer')
@Controller('agency/cases')
export class AgencyInboxPagesController {
  constructor(
    private readonly cases: AgencyCaseService,
    private readonly agencies: AgencyService,
    private readonly procedures: ProcedureService,
  ) {}

  @Get()
  async inbox(
    @Query('tab') tabParam: string | undefined,
    @Query('after') after: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const tab: InboxTab = isInboxTab(tabParam) ? tabParam : 'new';
    const cursor = typeof after === 'string' && after.length > 0 && after.length <= 256 ? after : undefined;
    const page = await this.cases.list(principal, { status: tab, after: cursor, limit: 50 });
    res.render('lien-thong/inbox', {
      pageTitle: `${t(`lt.inbox.tab.${tab}`)} – ${t('lt.inbox.title')}`,
      tab,
      tabLabel: t(`lt.inbox.tab.${tab}`),
      tabs: INBOX_TABS.map((name) => ({
        name,
        href: `/agency/cases?tab=${name}`,
        label: t(`lt.inbox.tab.${name}`),
        current: name === tab,
      })),
      rows: page.items.map((c) => ({
        id: c.id,
        dossierCode: c.dossierCode,
        procedureName: c.procedureName,
        stepName: c.stepName,
        status: t(`lt.caseStatus.${c.status}`),
        statusClass: caseStatusTagClass(c.status),
        subStatus: c.subStatusLabel ?? c.subStatus,
        openedAt: formatDateTime(c.openedAt),
        openedIso: isoLocal(c.openedAt),
        dueAt: formatDateTime(c.dueAt),
        dueIso: isoLocal(c.dueAt),
        overdue: c.overdue,
      })),
      nextHref: page.nextCursor ? `/agency/cases?tab=${tab}&after=${encodeURIComponent(page.nextCursor)}` : null,
      firstHref: cursor ? `/agency/cases?tab=${tab}` : null,
    });
  }

  @Get(':id')
  async detail(
    @Param('id', CASE_ID) id: string,
    @Query('done') done: string | undefined,
    @Query('error') error: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const state: ActionState =
      error === 'fileLimit'
        ? { action: 'result', errors: { files: t('lt.error.fileLimit', { n: String(MAX_RESULT_DOCUMENTS) }) } }
        : {};
    await this.renderCase(req, res, principal, id, state, 200, done);
  }

  @Post(':id/acknowledge')
  async acknowledge(
    @Param('id', CASE_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.perform(req, res, principal, id, 'acknowledge', {}, body, (key) =>
      this.cases.acknowledge(principal, id, key),
    );
  }

  @Post(':id/status')
  async reportStatus(
    @Param('id', CASE_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const values = { subStatus: str(body.subStatus), note: str(body.note) };
    const errors: Record<string, string> = {};
    if (values.subStatus === '') errors.subStatus = t('lt.error.subStatus');
    if (values.note.length > 2000) errors.note = t('lt.error.noteLength');
    if (Object.keys(errors).length > 0) {
      return this.renderCase(req, res, principal, id, { action: 'status', errors, values }, 400);
    }
    await this.perform(req, res, principal, id, 'status', values, body, (key) =>
      this.cases.reportStatus(principal, id, { subStatus: values.subStatus, note: values.note || null }, key),
    );
  }

  /** The result with its documents (multipart: the CSRF token is checked once the body is parsed). */
  @Post(':id/result')
  @UseInterceptors(
    UploadLimitRedirect((id) => `/agency/cases/${id}?error=fileLimit#action-result`),
    FilesInterceptor('files', MAX_RESULT_DOCUMENTS),
    MultipartCsrfInterceptor,
    MultipartInputInterceptor,
  )
  async complete(
    @Param('id', CASE_ID) id: string,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const values = { summary: str(body.summary) };
    const errors: Record<string, string> = {};
    if (values.summary === '') errors.summary = t('lt.error.summary');
    else if (values.summary.length > 2000) errors.summary = t('lt.error.summaryLength');
    if (Object.keys(errors).length > 0) {
      return this.renderCase(req, res, principal, id, { action: 'result', errors, values }, 400);
    }
    const documents = (files ?? []).map((f) => ({
      fileName: uploadedFileName(f),
      contentBase64: f.buffer.toString('base64'),
    }));
    await this.perform(req, res, principal, id, 'result', values, body, (key) =>
      this.cases.complete(principal, id, { summary: values.summary, documents }, key),
    );
  }

  @Post(':id/return')
  async returnCase(
    @Param('id', CASE_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const values = { reason: str(body.reason) };
    const errors: Record<string, string> = {};
    if (values.reason === '') errors.reason = t('lt.error.reason');
    else if (values.reason.length > 2000) errors.reason = t('lt.error.reasonLength');
    if (Object.keys(errors).length > 0) {
      return this.renderCase(req, res, principal, id, { action: 'return', errors, values }, 400);
    }
    await this.perform(req, res, principal, id, 'return', values, body, (key) =>
      this.cases.returnCase(principal, id, { reason: values.reason }, key),
    );
  }

  /**
   * Runs an answer under the form's one-time key (a double click replays the first answer instead of answering
   * twice), then shows the case again: with the confirmation, or with the service's problems on their inputs.
   */
  private async perform(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    action: CaseAction,
    values: ActionState['values'],
    body: Record<string, unknown>,
    run: (key: string | null) => Promise<unknown>,
  ): Promise<void> {
    const t = translator(langOf(req));
    const rawKey = str(body.idempotencyKey);
    try {
      await run(idempotencyKeyOf(rawKey === '' ? undefined : rawKey));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (err.code === 'conflict' || err.code === 'unprocessable') {
        const conflict = t(err.code === 'conflict' ? 'lt.conflict.status' : 'lt.conflict.resubmitted');
        return this.renderCase(req, res, principal, id, { action, values, conflict }, err.status);
      }
      if (err.code === 'validation_failed' || err.code === 'payload_too_large') {
        const errors: Record<string, string> = {};
        for (const p of err.details.errors ?? [{ field: 'action', messages: [err.message] }]) {
          const input = caseProblemInput(p.field);
          const text = caseProblemText(p, t);
          errors[input] = errors[input] ? `${errors[input]} · ${text}` : text;
        }
        return this.renderCase(req, res, principal, id, { action, errors, values }, err.status);
      }
      throw err;
    }
    res.redirect(303, `/agency/cases/${id}?done=${action}`);
  }

  private async renderCase(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    state: ActionState,
    status: number,
    done?: string,
  ): Promise<void> {
    const lang = langOf(req);
    const t = translator(lang);
    const detail = await this.cases.get(principal, id);
    const [subStatuses, agencies, procedure] = await Promise.all([
      this.cases.subStatuses(principal),
      this.agencies.listActive(),
      this.procedures.findEffective(detail.procedureCode).catch(() => null),
    ]);
    const names = new Map(agencies.map((a) => [a.code, a.name]));
    const open = OPEN_CASE_STATUSES.includes(detail.status);
    const docNames = new Map(
      (procedure?.requiredDocuments ?? []).map((d, i) => [documentKey(d as { code?: string }, i), d.name]),
    );
    const subStatusLabel = subStatuses.find((s) => s.code === detail.subStatus)?.label ?? detail.subStatus;
    const errorList = errorSummary(state.errors ?? {}, (input) =>
      input === 'action' ? `action-${state.action}` : `${input}-${state.action}`,
    );
    const docHref = (fileId: string) => `/api/v1/agency-cases/${id}/documents/${fileId}`;
    res.status(status).render('lien-thong/case', {
      pageTitle: titleWithErrors(t, `${detail.dossierCode} – ${detail.stepName}`, errorList.length > 0),
      c: {
        id: detail.id,
        dossierCode: detail.dossierCode,
        procedureName: detail.procedureName,
        stepName: detail.stepName,
        stage: detail.stage,
        round: detail.round,
        leadAgency: names.get(detail.leadAgencyCode) ?? detail.leadAgencyCode,
        status: t(`lt.caseStatus.${detail.status}`),
        statusClass: caseStatusTagClass(detail.status),
        subStatus: subStatusLabel,
        subStatusNote: detail.subStatusNote,
        openedAt: formatDateTime(detail.openedAt),
        dueAt: formatDateTime(detail.dueAt),
        dueIso: isoLocal(detail.dueAt),
        dossierDueAt: formatDateTime(detail.dossierDueAt),
        acknowledgedAt: formatDateTime(detail.acknowledgedAt),
        completedAt: formatDateTime(detail.completedAt),
        overdue: detail.overdue,
        returnReason: detail.returnReason,
        result: detail.result && {
          summary: detail.result.summary,
          documents: detail.result.documents.map((d) => ({
            fileName: d.fileName,
            size: sizeText(d.sizeBytes),
            href: docHref(d.fileId),
          })),
        },
      },
      applicant: this.applicantRows(detail, t),
      answers: this.answers(detail, procedure?.formSchema ?? null, lang, t),
      documents: detail.documents
        .filter((d) => d.purpose !== 'result')
        .map((d) => ({
          name: (d.documentCode ? docNames.get(d.documentCode) : undefined) ?? t('desk.documents.other'),
          purpose: t(`desk.purpose.${d.purpose}`),
          fileName: d.fileName,
          href: docHref(d.fileId),
        })),
      route: detail.route.map((r) => ({
        stage: r.stage,
        stepName: r.stepName,
        agencyName: names.get(r.agencyCode) ?? r.agencyCode,
        status: t(`lt.caseStatus.${r.status}`),
        statusClass: caseStatusTagClass(r.status),
        current: r.stepCode === detail.stepCode,
      })),
      canAcknowledge: detail.status === 'new',
      canAnswer: open,
      subStatuses: [
        { value: '', text: t('lt.status.choose') },
        ...subStatuses.map((s) => ({
          value: s.code,
          text: s.label,
          selected: state.action === 'status' && state.values?.subStatus === s.code,
        })),
      ],
      formKeys: Object.fromEntries(CASE_ACTIONS.map((a) => [a, randomUUID()])),
      resultAction: `/agency/cases/${id}/result`,
      state: formState(state),
      errorList,
      success: done && DONE_KEYS.includes(done) ? t(`lt.done.${done}`) : null,
    });
  }

  private applicantRows(detail: AgencyCaseDetail, t: (key: string) => string) {
    const a = detail.applicant;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : '—');
    return [
      { key: { text: t('desk.field.fullName') }, value: { text: text(a.fullName) } },
      { key: { text: t('desk.field.idNumber') }, value: { text: text(a.idNumber) } },
      { key: { text: t('desk.field.phone') }, value: { text: text(a.phone) } },
      { key: { text: t('desk.field.email') }, value: { text: text(a.email) } },
      { key: { text: t('desk.field.address') }, value: { text: text(a.address) } },
    ];
  }

  /** The e-form answers with the labels of the procedure's form, or as stored when the form is not known. */
  private answers(
    detail: AgencyCaseDetail,
    schema: Parameters<typeof eformAnswers>[0] | null,
    lang: Lang,
    t: (key: string) => string,
  ): Array<{ key: { text: string }; value: { text: string } }> {
    if (schema) {
      return eformAnswers(schema, lang, detail.formData, { yes: t('eform.yes'), no: t('eform.no') })
        .filter((r) => detail.formData[r.key] !== undefined)
        .map((r) => ({ key: { text: r.label }, value: { text: r.value || '—' } }));
    }
    return Object.entries(detail.formData).map(([k, v]) => ({
      key: { text: k },
      value: { text: typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v) },
    }));
  }
}

import { RegimeService } from '@app/regimes';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { MultipartCsrfInterceptor } from '@app/web';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import {
  closesRoundEarly,
  DossierApologyService,
  DossierAction,
  DossierFileService,
  DossierQueryService,
  DossierService,
} from '@app/dossiers';
import { DomainError } from '@app/observability';
import { todayInVietnam } from '@app/procedures';
import { langOf } from '@app/web';
import {
  DOSSIER_ID,
  errorSummary,
  isDomainError,
  str,
  T,
  titleWithErrors,
  translator,
  uploadedFileName,
} from '../web/page-kit';
import {
  CLOSED_QUEUES,
  DeskTab,
  displayIsoDate,
  formatDateTime,
  isDeskTab,
  isoLocal,
  monthOf,
  parseDateInput,
  reasonRequired,
  statusTagClass,
  tabsFor,
} from './desk-format';
import { DESK_SEARCH_MAX, DESK_SEARCH_MIN, DeskQueryService, deskSearchTerm } from './desk-query.service';
import { DossierCasesPanel } from '../lien-thong/dossier-cases.panel';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';
import {
  ActionState,
  DESK_ACTIONS,
  deskActions,
  DeskDossierData,
  deskDossierPage,
  extensionBlockText,
  WARNING_ACTIONS,
} from './desk-dossier.presenter';
import { MultipartInputInterceptor } from '@app/web';
import { RatingService } from '@app/ratings';
import { PaymentService } from '@app/payments';
import { deskPaymentsPanel } from '../payments/desk-payments';
import { deskRatingPanel } from '../ratings/rating-panel';

/** Roles that work the ward's desk queues (a linked agency's officer has the agency inbox instead). */
const DESK_ROLES: readonly string[] = ['clerk', 'specialist', 'leader', 'admin'];

/**
 * The staff pages of the one-stop desk: work queues of the agency, a dossier with the actions the caller may take,
 * and the register period picker. Access is decided by the dossier services; their 403/404 become pages.
 */
@ApiExcludeController()
@Roles('clerk', 'specialist', 'leader', 'agency_officer', 'admin')
@Controller('desk')
export class DeskPagesController {
  constructor(
    private readonly dossiers: DossierService,
    private readonly queries: DossierQueryService,
    private readonly files: DossierFileService,
    private readonly desk: DeskQueryService,
    private readonly apologies: DossierApologyService,
    private readonly casesPanel: DossierCasesPanel,
    private readonly regimes: RegimeService,
    private readonly ratings: RatingService,
    private readonly payments: PaymentService,
  ) {}

  @Get()
  async queues(
    @Query('tab') tabParam: string | undefined,
    @Query('q') queryParam: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // A linked agency's officer works in the agency inbox; the ward's queues are not theirs.
    if (!principal.roles.some((r) => DESK_ROLES.includes(r))) return res.redirect(303, '/agency/cases');
    const lang = langOf(req);
    const t = translator(lang);
    const tabs = tabsFor(principal.roles);
    const searching = queryParam !== undefined;
    const typed = typeof queryParam === 'string' ? queryParam.trim() : '';
    const term = searching ? deskSearchTerm(queryParam) : null;
    const searchError = searching && term === null ? t('search.desk.error', { min: String(DESK_SEARCH_MIN) }) : null;
    const tab: DeskTab = isDeskTab(tabParam) && tabs.includes(tabParam) ? tabParam : (tabs[0] ?? 'submitted');
    const counts = await this.desk.countsByStatus(principal);
    const assigned = principal.roles.includes('specialist') ? await this.queries.listAssignedTo(principal) : [];
    const rows = term
      ? await this.desk.search(principal, term)
      : tab === 'assigned'
        ? assigned
        : searching
          ? []
          : await this.queries.listQueue(principal, tab);
    const listLabel = term ? t('search.desk.results', { term, count: String(rows.length) }) : t(`desk.tab.${tab}`);
    res.status(searchError ? 400 : 200).render('dossiers/desk/queues', {
      pageTitle: titleWithErrors(
        t,
        `${term ? t('search.desk.title') : t(`desk.tab.${tab}`)} – ${t('desk.title')}`,
        searchError !== null,
      ),
      tab: searching ? null : tab,
      tabLabel: listLabel,
      search: { value: typed.slice(0, DESK_SEARCH_MAX), error: searchError, active: term !== null },
      tabs: tabs.map((name) => ({
        name,
        href: `/desk?tab=${name}`,
        label: t(`desk.tab.${name}`),
        count: name === 'assigned' ? assigned.length : (counts[name] ?? 0),
        current: !searching && name === tab,
        closed: (CLOSED_QUEUES as readonly string[]).includes(name),
      })),
      rows: searchError
        ? []
        : rows.map((d) => ({
            id: d.id,
            code: d.code,
            procedureName: d.procedureName,
            applicantName: d.applicantName,
            channel: t(`desk.channel.${d.channel}`),
            status: t(`status.${d.status}`),
            statusClass: statusTagClass(d.status),
            submittedAt: formatDateTime(d.submittedAt),
            submittedIso: isoLocal(d.submittedAt),
            dueAt: formatDateTime(d.dueAt),
            dueIso: isoLocal(d.dueAt),
            overdue: d.overdue,
          })),
      showStatus: searching || tab === 'assigned',
    });
  }

  @Get('register')
  register(
    @Query('from') fromParam: string | undefined,
    @Query('to') toParam: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    if (!principal.agency) throw new DomainError('forbidden', 'The register belongs to an agency.');
    const t = translator(langOf(req));
    const chosen = fromParam !== undefined || toParam !== undefined;
    const month = monthOf(todayInVietnam());
    const form = chosen
      ? { from: str(fromParam), to: str(toParam) }
      : { from: displayIsoDate(month.from), to: displayIsoDate(month.to) };
    const from = parseDateInput(form.from);
    const to = parseDateInput(form.to);
    const errors: Record<string, string> = {};
    if (!from) errors.from = t('desk.register.error.from');
    if (!to) errors.to = t('desk.register.error.to');
    if (from && to && from > to) errors.to = t('desk.register.error.order');
    const errorList = errorSummary(errors, (field) => `register-${field}`);
    const period = errorList.length === 0 && from && to ? { from, to } : null;
    res.status(errorList.length > 0 ? 400 : 200).render('dossiers/desk/register', {
      pageTitle: titleWithErrors(t, t('desk.register.title'), errorList.length > 0),
      form,
      errors,
      errorList,
      pdfHref: period
        ? `/api/v1/agencies/${encodeURIComponent(principal.agency)}/register?from=${period.from}&to=${period.to}`
        : null,
      period: period
        ? t('desk.register.period', { from: displayIsoDate(period.from), to: displayIsoDate(period.to) })
        : null,
    });
  }

  @Get('dossiers/:id')
  async dossier(
    @Param('id', DOSSIER_ID) id: string,
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderDossier(req, res, principal, id, {}, 200, done);
  }

  @Post('dossiers/:id/actions/:action')
  async act(
    @Param('id', DOSSIER_ID) id: string,
    @Param('action') actionParam: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!(DESK_ACTIONS as readonly string[]).includes(actionParam)) {
      throw new DomainError('not_found', `Unknown action ${actionParam}.`);
    }
    const action = actionParam as DossierAction;
    const t = translator(langOf(req));
    const values = { reason: str(body.reason), assignee: str(body.assignee), returnChannel: str(body.returnChannel) };
    const version = Number(str(body.expectedVersion));
    const errors: Record<string, string> = {};
    if (reasonRequired(action) && values.reason === '') errors.reason = t('desk.error.reason');
    if (values.reason.length > 2000) errors.reason = t('desk.error.reasonLength');
    if (action === 'assign' && values.assignee === '') errors.assignee = t('desk.error.assignee');
    if (action === 'return_result' && !['1', '2', '3'].includes(values.returnChannel)) {
      errors.returnChannel = t('desk.error.returnChannel');
    }
    // Closing or turning back a dossier, or closing a round of agency cases early, is confirmed explicitly.
    if (str(body.confirm) !== 'yes' && (await this.isDestructive(principal, id, action))) {
      errors.confirm = t('desk.error.confirm');
    }
    if (Object.keys(errors).length > 0) {
      return this.renderDossier(req, res, principal, id, { action, errors, values }, 400);
    }
    if (!Number.isInteger(version) || version < 1) {
      return this.renderDossier(req, res, principal, id, { action, values, conflict: t('desk.conflict.stale') }, 409);
    }
    if (action === 'request_financial_obligation') {
      return this.requestFees(req, res, principal, id, body, values.reason, version);
    }
    try {
      await this.dossiers.act(principal, id, action, {
        reason: values.reason || null,
        expectedVersion: version,
        assignee: action === 'assign' ? values.assignee : undefined,
        returnChannel: action === 'return_result' ? (Number(values.returnChannel) as 1 | 2 | 3) : undefined,
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (err.code === 'conflict' || err.code === 'action_not_available' || err.code === 'forbidden') {
        const conflict = this.refusalText(err, t);
        return this.renderDossier(req, res, principal, id, { action, values, conflict }, err.status);
      }
      if (err.code === 'validation_failed') {
        const fieldErrors: Record<string, string> = {};
        for (const p of err.details.errors ?? [{ field: 'action', messages: [err.message] }]) {
          const known = ['reason', 'assignee', 'returnChannel'].includes(p.field);
          fieldErrors[known ? p.field : 'action'] = known
            ? t(`desk.error.${p.field}`)
            : `${t('desk.error.action')} ${p.field}: ${p.messages.join(', ')}`;
        }
        return this.renderDossier(req, res, principal, id, { action, errors: fieldErrors, values }, 400);
      }
      throw err;
    }
    res.redirect(303, `/desk/dossiers/${id}?done=${action}`);
  }

  /**
   * "Yêu cầu nộp phí, lệ phí": the lines the specialist confirmed (name and whole đồng each; lines left blank are
   * skipped, a 0 line is not charged) become the payment request, in the transaction that moves the dossier on.
   */
  private async requestFees(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    body: Record<string, unknown>,
    reason: string,
    version: number,
  ): Promise<void> {
    const action = 'request_financial_obligation' as const;
    const t = translator(langOf(req));
    const errors: Record<string, string> = {};
    const posted: Array<{ name: string; amount: string }> = [];
    const items: Array<{ name: string; amount: number }> = [];
    for (let n = 1; n <= 20; n++) {
      const name = str(body[`itemName${n}`]);
      const amountText = str(body[`itemAmount${n}`]);
      if (body[`itemName${n}`] === undefined && body[`itemAmount${n}`] === undefined) break;
      posted.push({ name, amount: amountText });
      if (name === '' && amountText === '') continue;
      // "5.000" and "5 000" are how amounts are written; anything else but digits is refused.
      const digits = amountText.replace(/[.\s]/g, '');
      const amount = /^\d{1,10}$/.test(digits) ? Number(digits) : NaN;
      if (!Number.isSafeInteger(amount)) errors[`itemAmount${n}`] = t('pay.desk.error.amount');
      if (name.length < 2 || name.length > 200) errors[`itemName${n}`] = t('pay.desk.error.name');
      if (Number.isSafeInteger(amount)) items.push({ name, amount });
    }
    if (Object.keys(errors).length === 0 && !items.some((i) => i.amount > 0)) errors.items = t('pay.desk.error.amount');
    if (reason === '') errors.reason = t('desk.error.reason');
    const values = { reason, items: posted };
    if (Object.keys(errors).length > 0) {
      return this.renderDossier(req, res, principal, id, { action, errors, values }, 400);
    }
    if (!Number.isInteger(version) || version < 1) {
      return this.renderDossier(req, res, principal, id, { action, values, conflict: t('desk.conflict.stale') }, 409);
    }
    try {
      await this.payments.requestPayment(principal, id, { items, reason, expectedVersion: version });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (err.code === 'conflict' || err.code === 'action_not_available' || err.code === 'forbidden') {
        const conflict = this.refusalText(err, t);
        return this.renderDossier(req, res, principal, id, { action, values, conflict }, err.status);
      }
      if (err.code === 'validation_failed') {
        return this.renderDossier(
          req,
          res,
          principal,
          id,
          { action, errors: { items: t('pay.desk.error.amount') }, values },
          400,
        );
      }
      throw err;
    }
    res.redirect(303, `/desk/dossiers/${id}?done=${action}`);
  }

  /** Whether the action closes or turns back the dossier (refuse, stop, withdraw, send back, close a round early). */
  private async isDestructive(principal: Principal, id: string, action: DossierAction): Promise<boolean> {
    if (WARNING_ACTIONS.includes(action)) return true;
    if (action !== 'agency_answered') return false;
    const { row } = await this.dossiers.get(principal, id);
    return closesRoundEarly(action, row.status, await this.dossiers.facts(row));
  }

  /** Why the action was refused, in the page's language: changed meanwhile, the status it needs, what is missing. */
  private refusalText(err: DomainError, t: T): string {
    if (err.code === 'conflict') return t('desk.conflict.stale');
    if (err.code === 'forbidden') return t('desk.conflict.forbidden');
    const ext = err.details.extensions ?? {};
    if (typeof ext.missing === 'string') {
      return t(`desk.conflict.missing.${ext.missing}`, { basis: typeof ext.basis === 'string' ? ext.basis : '' });
    }
    const needed = Array.isArray(ext.requiredStatus) ? (ext.requiredStatus as string[]) : [];
    return t('desk.conflict.needs', {
      current: t(`status.${String(ext.dossierStatus)}`),
      needed: needed.map((s) => t(`status.${s}`)).join(t('desk.conflict.or')),
    });
  }

  /** Result documents, uploaded by the specialist (multipart: the CSRF token is checked once the body is parsed). */
  @Post('dossiers/:id/results')
  @UseInterceptors(
    UploadErrorsInterceptor,
    FilesInterceptor('files'),
    MultipartCsrfInterceptor,
    MultipartInputInterceptor,
  )
  async uploadResults(
    @Param('id', DOSSIER_ID) id: string,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    if (!files || files.length === 0) {
      return this.renderDossier(
        req,
        res,
        principal,
        id,
        { action: 'upload', errors: { files: t('desk.error.files') } },
        400,
      );
    }
    try {
      await this.files.upload(
        principal,
        id,
        'result',
        null,
        files.map((f) => ({ originalName: uploadedFileName(f), content: f.buffer })),
      );
    } catch (err) {
      if (!isDomainError(err, 'validation_failed', 'conflict', 'payload_too_large')) throw err;
      const detail = (err.details.errors ?? []).flatMap((p) => p.messages).join('; ') || err.message;
      return this.renderDossier(
        req,
        res,
        principal,
        id,
        { action: 'upload', errors: { files: `${t('desk.error.filesRejected')} ${detail}` } },
        err.status,
      );
    }
    res.redirect(303, `/desk/dossiers/${id}?done=upload`);
  }

  /** Mẫu 04: a specialist (or the desk) proposes a later appointment with the reason for the delay. */
  @Post('dossiers/:id/apology')
  async proposeApology(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const values = { newDueDate: str(body.newDueDate), reason: str(body.reason) };
    const iso = parseDateInput(values.newDueDate);
    const errors: Record<string, string> = {};
    if (!iso) errors.newDueDate = t('desk.error.newDueDate');
    if (values.reason === '') errors.reason = t('desk.error.reason');
    else if (values.reason.length > 2000) errors.reason = t('desk.error.reasonLength');
    if (!iso || Object.keys(errors).length > 0) {
      return this.renderDossier(req, res, principal, id, { action: 'apology', errors, values }, 400);
    }
    try {
      await this.apologies.propose(principal, id, { newDueDate: iso, reason: values.reason });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (err.code === 'conflict') {
        const conflict = t('desk.apology.conflict');
        return this.renderDossier(req, res, principal, id, { action: 'apology', values, conflict }, 409);
      }
      if (err.code === 'action_not_available') {
        const conflict = extensionBlockText(t, {
          reason: err.details.extensions?.['missing'] === 'extension_limit' ? 'extension_limit' : 'extension_lead_time',
          basis: typeof err.details.extensions?.['basis'] === 'string' ? err.details.extensions['basis'] : '',
        });
        return this.renderDossier(req, res, principal, id, { action: 'apology', values, conflict }, 409);
      }
      if (err.code === 'validation_failed' || err.code === 'unprocessable') {
        const codes = (err.details.errors ?? []).map((p) => p.code);
        const key = codes.includes('not_after_due')
          ? 'desk.error.newDueDateLater'
          : codes.includes('not_working_day')
            ? 'desk.error.newDueDateWorking'
            : 'desk.error.newDueDateCalendar';
        const state = { action: 'apology', errors: { newDueDate: t(key) }, values };
        return this.renderDossier(req, res, principal, id, state, err.status);
      }
      throw err;
    }
    res.redirect(303, `/desk/dossiers/${id}?done=apology`);
  }

  /** The leader signs (approves) or rejects the proposed apology; approval moves the appointment. */
  @Post('dossiers/:id/apology/decision')
  async decideApology(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const decision = str(body.decision);
    const values = { note: str(body.note) };
    const errors: Record<string, string> = {};
    if (decision !== 'approve' && decision !== 'reject') errors.decision = t('desk.error.decision');
    else if (decision === 'reject' && values.note === '') errors.note = t('desk.error.note');
    if (Object.keys(errors).length > 0) {
      return this.renderDossier(req, res, principal, id, { action: 'apology_decision', errors, values }, 400);
    }
    try {
      await this.apologies.decide(principal, id, { approve: decision === 'approve', note: values.note || null });
    } catch (err) {
      if (!isDomainError(err, 'conflict')) throw err;
      const conflict = t('desk.apology.conflict');
      return this.renderDossier(req, res, principal, id, { action: 'apology_decision', values, conflict }, 409);
    }
    res.redirect(303, `/desk/dossiers/${id}?done=apology_${decision}`);
  }

  private async renderDossier(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    state: ActionState,
    status: number,
    done?: string,
  ): Promise<void> {
    const lang = langOf(req);
    const { row, actor } = await this.dossiers.get(principal, id);
    const [events, files, facts, forms, actionFacts, apologies, lienThong, regime, extensionBlock, intake] =
      await Promise.all([
        this.queries.timeline(principal, id),
        this.files.list(principal, id),
        this.desk.versionFacts(row.procedure_version_id),
        this.desk.formFacts(id),
        this.dossiers.facts(row),
        this.apologies.list(principal, id),
        this.casesPanel.forDossier(principal, id, lang),
        this.regimes.at(row.received_at ?? new Date()),
        this.apologies.extensionBlock(row),
        row.channel === 2 ? this.desk.intake(id) : null,
      ]);
    const [rating, payments] = await Promise.all([this.ratings.ofDossier(id), this.payments.forDossier(id)]);
    const canAssign = deskActions(row, actor, actionFacts, principal.subject).includes('assign');
    const [specialists, assigneeName] = await Promise.all([
      canAssign
        ? this.desk.listSpecialists(
            row.deciding_agency_code
              ? (row.deciding_answering_code ?? row.deciding_agency_code)
              : (row.answering_agency_code ?? row.agency_code),
          )
        : [],
      row.assignee_subject ? this.desk.nameOf(row.assignee_subject) : null,
    ]);
    const data: DeskDossierData = {
      row,
      actor,
      subject: principal.subject,
      facts,
      actionFacts,
      files,
      events,
      forms,
      regimeForms: regime.forms,
      apologies,
      extensionBlock,
      lienThong,
      intake,
      specialists,
      assigneeName: row.assignee_subject ? (assigneeName ?? row.assignee_subject) : null,
    };
    const page = deskDossierPage(data, state, lang, done);
    const paymentsPanel = deskPaymentsPanel(payments, row, actor, lang, this.payments.onlineEnabled, {
      done: done ?? null,
      error: typeof req.query['payError'] === 'string' ? req.query['payError'] : null,
      method: req.query['method'] === 'card' ? 'card' : 'cash',
    });
    // A payment form that came back with an error: in the summary at the top and the page title, as every form.
    if (paymentsPanel.error) {
      page.errorList = [...page.errorList, { text: paymentsPanel.error, href: paymentsPanel.errorHref }];
      page.pageTitle = titleWithErrors(translator(lang), page.pageTitle, true);
    }
    // While a payment request is open, the obligation is met by paying it (online, or recorded at the counter).
    if (payments.open) page.actions = page.actions.filter((a) => a.name !== 'financial_obligation_met');
    res.status(status).render('dossiers/desk/dossier', {
      ...page,
      rating: deskRatingPanel(rating, row.status, lang),
      payments: paymentsPanel,
    });
  }
}

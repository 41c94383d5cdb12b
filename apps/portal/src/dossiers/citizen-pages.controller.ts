import { RegimeService } from '@app/regimes';
import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { MultipartCsrfInterceptor } from '@app/web';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import {
  Actor,
  DossierDraftService,
  DossierFileService,
  DRAFT_TITLE_MAX,
  DossierQueryService,
  DossierRow,
  DossierService,
  FilePurpose,
} from '@app/dossiers';
import { AgencyService } from '@app/agency';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { firstRow } from '@app/database';
import { DomainError } from '@app/observability';
import { ProcedureService, ProcedureVersionView } from '@app/procedures';
import { translate } from '../i18n/messages';
import { langOf } from '@app/web';
import { DOSSIER_ID, isDomainError, typed, uploadedFileName } from '../web/page-kit';
import { applicantForm, EMPTY_APPLICANT } from './citizen-applicant';
import { checkDossierForm, DossierFormState, dossierFormModel, identityOfForm } from './citizen-form';
import { formatDay, statusTagClass } from './citizen-format';
import { IdentityFacts, identityFacts } from './citizen-identity';
import { IdentityGate, identityGateOf, identityRecordView } from './identity-gate';
import { forwardedAgencyCodes } from './citizen-progress';
import { UploadLimitRedirect } from '../web/upload-limit-redirect.interceptor';
import { citizenDossierPage, DetailState, docKey, titleOf } from './citizen-dossier.presenter';
import { MultipartInputInterceptor } from '@app/web';
import { RatingService } from '@app/ratings';

/**
 * The agency that receives online dossiers. The portal serves one ward for now; when it serves several, the citizen
 * will choose the receiving agency (or it will follow from the procedure and the applicant's residence).
 */
export const ONLINE_RECEIVING_AGENCY = '000.17.22.H56';

const ONLINE_CHANNEL = 2;

/** Success notices after Post/Redirect/Get, by the `done` query value. */
const DONE = ['created', 'saved', 'uploaded', 'submitted', 'supplemented', 'withdrawn', 'renamed', 'deleted'] as const;

/** What the signed-in citizen's identity account says (from the session's verified ID token). */
function accountOf(req: Request): IdentityFacts {
  return identityFacts(req.session?.auth?.idClaims);
}

/** The draft name posted with a form: '' for none, null when too long. */
function draftTitleOf(body: Record<string, unknown>): string | null {
  const title = typed(body.title).replace(/\s+/g, ' ').trim();
  return [...title].length > DRAFT_TITLE_MAX ? null : title;
}

/** The citizen's own dossiers: start one online, fill the e-form, attach documents, submit, follow, supplement. */
@ApiExcludeController()
@Roles('citizen')
@Controller('dossiers')
export class CitizenPagesController {
  constructor(
    private readonly dossiers: DossierService,
    private readonly queries: DossierQueryService,
    private readonly files: DossierFileService,
    private readonly procedures: ProcedureService,
    private readonly drafts: DossierDraftService,
    private readonly agencies: AgencyService,
    private readonly regimes: RegimeService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    private readonly ratings: RatingService,
  ) {}

  /**
   * Where this deployment takes online applications only through the national portal, the pages that start one send
   * the citizen to the procedure's page, which points there. True when the request was answered so.
   */
  private sentToNationalPortal(res: Response, code?: string): boolean {
    if (this.config.nationalIntake.ownOnlineIntake) return false;
    res.redirect(303, code ? `/procedures/${encodeURIComponent(code)}` : '/procedures');
    return true;
  }

  @Get()
  async mine(
    @CurrentPrincipal() principal: Principal,
    @Query('done') done: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const [items, titles] = await Promise.all([this.queries.listMine(principal), this.drafts.titles(principal)]);
    const rows = items.map((d) => ({
      id: d.id,
      code: d.code,
      title: titles.get(d.id) ?? null,
      procedureName: d.procedureName,
      status: d.status,
      statusText: translate(lang, `status.${d.status}`),
      statusClass: statusTagClass(d.status),
      submitted: formatDay(d.submittedAt),
      due: formatDay(d.dueAt),
      overdue: d.overdue,
    }));
    const success = done === 'deleted' ? translate(lang, 'dossier.flash.deleted') : null;
    res.render('dossiers/citizen/list', {
      pageTitle: translate(lang, 'dossier.mine.title'),
      drafts: rows.filter((r) => r.status === 'draft'),
      submitted: rows.filter((r) => r.status !== 'draft'),
      empty: rows.length === 0,
      success,
    });
  }

  @Get('new')
  async choose(@Req() req: Request, @Res() res: Response, @Query('q') q?: string): Promise<void> {
    if (this.sentToNationalPortal(res)) return;
    const lang = langOf(req);
    const query = typeof q === 'string' ? q.trim().slice(0, 200) : '';
    const items = (await this.procedures.listEffective({ q: query || undefined })).filter((p) =>
      p.channels.includes(ONLINE_CHANNEL),
    );
    res.render('dossiers/citizen/choose', { pageTitle: translate(lang, 'dossier.new.title'), q: query, items });
  }

  @Get('new/:procedureCode')
  async newForm(
    @Param('procedureCode') code: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (this.sentToNationalPortal(res, code)) return;
    const procedure = await this.onlineProcedure(code);
    const state: DossierFormState = {
      applicant: { ...EMPTY_APPLICANT, fullName: principal.name, email: principal.email ?? '' },
      values: {},
      applicantErrors: {},
      formErrors: [],
      account: accountOf(req),
    };
    this.renderForm(
      req,
      res,
      procedure,
      state,
      {
        action: `/dossiers/new/${encodeURIComponent(code)}`,
        gate: identityGateOf(procedure, principal, req.originalUrl),
      },
      200,
    );
  }

  @Post('new/:procedureCode')
  async create(
    @Param('procedureCode') code: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (this.sentToNationalPortal(res, code)) return;
    const procedure = await this.onlineProcedure(code);
    const checked = checkDossierForm(procedure, body, langOf(req), accountOf(req));
    const title = draftTitleOf(body);
    if (!checked.ok || title === null) {
      const state =
        title === null
          ? { ...checked.state, extraErrors: [{ id: 'draft-title', key: 'dossier.draftName.error' }] }
          : checked.state;
      return this.renderForm(
        req,
        res,
        procedure,
        state,
        {
          action: `/dossiers/new/${encodeURIComponent(code)}`,
          title: typed(body.title),
          gate: identityGateOf(procedure, principal, `/dossiers/new/${encodeURIComponent(code)}`),
        },
        400,
      );
    }
    const row = await this.dossiers.open(principal, {
      procedureCode: procedure.code,
      agencyCode: ONLINE_RECEIVING_AGENCY,
      channel: ONLINE_CHANNEL,
      applicant: checked.applicant,
      formData: checked.formData,
      identityVerified: identityOfForm(procedure, accountOf(req)),
    });
    if (title) await this.drafts.rename(principal, row.id, title);
    res.redirect(303, `/dossiers/${row.id}?done=created`);
  }

  @Get(':id')
  async detail(
    @Param('id', DOSSIER_ID) id: string,
    @Query('done') done: string | undefined,
    @Query('error') error: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const state: DetailState = {
      success: DONE.includes(done as (typeof DONE)[number]) ? translate(lang, `dossier.flash.${done}`) : null,
    };
    if (error === 'fileLimit') {
      state.errorList = [{ text: translate(lang, 'dossier.error.fileLimit'), href: '#documents' }];
    }
    await this.renderDetail(req, res, principal, id, state, 200);
  }

  @Get(':id/edit')
  async editForm(
    @Param('id', DOSSIER_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { row } = await this.ownDossier(principal, id);
    if (row.status !== 'draft') return res.redirect(303, `/dossiers/${id}`);
    const procedure = await this.versionOf(row);
    const state: DossierFormState = {
      applicant: applicantForm(row.applicant),
      values: row.form_data,
      applicantErrors: {},
      formErrors: [],
      account: accountOf(req),
    };
    this.renderForm(
      req,
      res,
      procedure,
      state,
      {
        action: `/dossiers/${id}/edit`,
        editing: true,
        title: titleOf(row) ?? '',
        gate: identityGateOf(procedure, principal, `/dossiers/${id}`),
      },
      200,
    );
  }

  @Post(':id/edit')
  async edit(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { row } = await this.ownDossier(principal, id);
    if (row.status !== 'draft') return res.redirect(303, `/dossiers/${id}`);
    const procedure = await this.versionOf(row);
    const checked = checkDossierForm(procedure, body, langOf(req), accountOf(req));
    const title = draftTitleOf(body);
    if (!checked.ok || title === null) {
      const state =
        title === null
          ? { ...checked.state, extraErrors: [{ id: 'draft-title', key: 'dossier.draftName.error' }] }
          : checked.state;
      return this.renderForm(
        req,
        res,
        procedure,
        state,
        {
          action: `/dossiers/${id}/edit`,
          editing: true,
          title: typed(body.title),
          gate: identityGateOf(procedure, principal, `/dossiers/${id}`),
        },
        400,
      );
    }
    try {
      await this.dossiers.updateDraft(principal, id, {
        applicant: checked.applicant,
        formData: checked.formData,
        identityVerified: identityOfForm(procedure, accountOf(req)),
      });
      await this.drafts.rename(principal, id, title);
    } catch (err) {
      if (!isDomainError(err, 'conflict')) throw err;
      return res.redirect(303, `/dossiers/${id}`);
    }
    res.redirect(303, `/dossiers/${id}?done=saved`);
  }

  /**
   * Uploads files for one required document (a draft) or a supplement. Multipart: the body is parsed only here, so
   * the form's CSRF token is checked after FilesInterceptor, before any file is kept.
   */
  @Post(':id/files')
  @UseInterceptors(
    UploadLimitRedirect((id) => `/dossiers/${id}?error=fileLimit#documents`),
    FilesInterceptor('files'),
    MultipartCsrfInterceptor,
    MultipartInputInterceptor,
  )
  async upload(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() uploaded: Express.Multer.File[] | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const { row } = await this.ownDossier(principal, id);
    const purpose: FilePurpose = body.purpose === 'supplement' ? 'supplement' : 'application';
    const documentCode = typeof body.documentCode === 'string' && body.documentCode ? body.documentCode : null;
    const inputId = purpose === 'supplement' ? 'upload-supplement' : `upload-${documentCode ?? ''}`;
    if (purpose === 'application') {
      const procedure = await this.versionOf(row);
      const known = procedure.requiredDocuments.some((d, i) => docKey(d, i) === documentCode);
      if (!known) throw new DomainError('not_found', 'No such required document.');
    }
    try {
      await this.files.upload(
        principal,
        id,
        purpose,
        purpose === 'application' ? documentCode : null,
        (uploaded ?? []).map((f) => ({
          originalName: uploadedFileName(f),
          content: f.buffer,
        })),
      );
    } catch (err) {
      if (isDomainError(err, 'validation_failed')) {
        const codes = (err.details.errors ?? []).map((p) => p.code);
        const text = codes.includes('required')
          ? translate(lang, 'dossier.error.files')
          : codes.includes('too_many')
            ? translate(lang, 'dossier.error.fileLimit')
            : translate(lang, 'dossier.error.fileType');
        return this.renderDetail(
          req,
          res,
          principal,
          id,
          { errorList: [{ text, href: `#${inputId}` }], uploadErrors: { [inputId]: text } },
          400,
        );
      }
      if (isDomainError(err, 'conflict')) return this.conflict(req, res, principal, id);
      throw err;
    }
    res.redirect(303, `/dossiers/${id}?done=uploaded#${purpose === 'supplement' ? 'supplement' : 'documents'}`);
  }

  @Post(':id/submit')
  async submit(
    @Param('id', DOSSIER_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const { row } = await this.ownDossier(principal, id);
    try {
      await this.dossiers.act(principal, id, 'submit');
    } catch (err) {
      if (isDomainError(err, 'validation_failed')) {
        const procedure = await this.versionOf(row);
        const names = new Map(procedure.requiredDocuments.map((d, i) => [docKey(d, i), d.name]));
        const errorList = (err.details.errors ?? []).map((p) => {
          if (p.field.startsWith('documents.')) {
            const key = p.field.slice('documents.'.length);
            return {
              text: translate(lang, 'dossier.error.document', { name: names.get(key) ?? key }),
              href: `#upload-${key}`,
            };
          }
          const key = p.field.replace(/^formData\./, '');
          return { text: p.messages.join(' '), href: `#answer-${key}` };
        });
        return this.renderDetail(req, res, principal, id, { errorList }, 400);
      }
      if (isDomainError(err, 'forbidden') && err.details.extensions?.['missing'] === 'identity_level_2') {
        const text = translate(lang, 'identity.level2.notSubmitted');
        return this.renderDetail(req, res, principal, id, { errorList: [{ text, href: '#identity-gate' }] }, 403);
      }
      if (isDomainError(err, 'conflict')) return this.conflict(req, res, principal, id);
      throw err;
    }
    res.redirect(303, `/dossiers/${id}?done=submitted`);
  }

  @Post(':id/supplement')
  async supplement(
    @Param('id', DOSSIER_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.ownDossier(principal, id);
    try {
      await this.dossiers.act(principal, id, 'supplement');
    } catch (err) {
      if (isDomainError(err, 'conflict')) return this.conflict(req, res, principal, id);
      throw err;
    }
    res.redirect(303, `/dossiers/${id}?done=supplemented`);
  }

  @Post(':id/withdraw')
  async withdraw(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    await this.ownDossier(principal, id);
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 2000) : '';
    try {
      await this.dossiers.act(principal, id, 'withdraw', { reason });
    } catch (err) {
      if (isDomainError(err, 'validation_failed')) {
        const text = translate(lang, 'dossier.error.reason');
        return this.renderDetail(
          req,
          res,
          principal,
          id,
          { errorList: [{ text, href: '#withdraw-reason' }], withdrawError: text, withdrawReason: reason },
          400,
        );
      }
      if (isDomainError(err, 'conflict')) return this.conflict(req, res, principal, id);
      throw err;
    }
    res.redirect(303, `/dossiers/${id}?done=withdrawn`);
  }

  /** Names (or renames) a draft. */
  @Post(':id/title')
  async rename(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.ownDossier(principal, id);
    const title = draftTitleOf(body);
    if (title === null) {
      const text = translate(langOf(req), 'dossier.draftName.error');
      return this.renderDetail(
        req,
        res,
        principal,
        id,
        { errorList: [{ text, href: '#draft-title' }], titleError: text, titleValue: typed(body.title) },
        400,
      );
    }
    try {
      await this.drafts.rename(principal, id, title);
    } catch (err) {
      if (isDomainError(err, 'conflict')) return this.conflict(req, res, principal, id);
      throw err;
    }
    res.redirect(303, `/dossiers/${id}?done=renamed`);
  }

  /** Deletes a draft that was never submitted, with its files, once the citizen has ticked the confirmation. */
  @Post(':id/delete')
  async discard(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    await this.ownDossier(principal, id);
    if (body.confirm !== 'yes') {
      const text = translate(lang, 'dossier.delete.error');
      return this.renderDetail(
        req,
        res,
        principal,
        id,
        { errorList: [{ text, href: '#delete-confirm' }], deleteError: text },
        400,
      );
    }
    try {
      await this.drafts.discard(principal, id);
    } catch (err) {
      if (isDomainError(err, 'conflict')) return this.conflict(req, res, principal, id);
      throw err;
    }
    res.redirect(303, '/dossiers?done=deleted');
  }

  /** The dossier, only for the citizen who owns it (anyone else: 404, as if it did not exist). */
  private async ownDossier(principal: Principal, id: string): Promise<{ row: DossierRow; actor: Actor }> {
    const found = await this.dossiers.get(principal, id);
    if (found.actor.kind !== 'owner') throw new DomainError('not_found', 'No such dossier.');
    return found;
  }

  private async onlineProcedure(code: string): Promise<ProcedureVersionView> {
    const procedure = await this.procedures.findEffective(code);
    if (!procedure || !procedure.channels.map(Number).includes(ONLINE_CHANNEL)) {
      throw new DomainError('not_found', `Procedure ${code} is not offered online today.`);
    }
    return procedure;
  }

  /** The procedure version a dossier was opened under (its e-form and documents). */
  private async versionOf(row: DossierRow): Promise<ProcedureVersionView> {
    const ref = firstRow(
      await this.dataSource.query<Array<{ code: string; version: number }>>(
        `SELECT p.code, v.version FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id WHERE v.id = $1`,
        [row.procedure_version_id],
      ),
      'procedure version',
    );
    return this.procedures.getVersion(ref.code, ref.version);
  }

  private renderForm(
    req: Request,
    res: Response,
    procedure: ProcedureVersionView,
    state: DossierFormState,
    opts: { action: string; editing?: boolean; title?: string; gate?: IdentityGate | null },
    status: number,
  ): void {
    const lang = langOf(req);
    const model = dossierFormModel(lang, procedure, state);
    const title = translate(lang, opts.editing ? 'dossier.form.editTitle' : 'dossier.form.title', {
      name: procedure.name,
    });
    res.status(status).render('dossiers/citizen/form', {
      ...model,
      pageTitle: `${model.errorPrefix}${title}`,
      title,
      lead: translate(lang, 'dossier.form.lead'),
      action: opts.action,
      showDraftName: true,
      draftName: opts.title ?? '',
      draftNameError: model.extraErrors['draft-title'] ?? null,
      submitText: translate(lang, 'dossier.form.save'),
      backHref: opts.editing ? opts.action.replace(/\/edit$/, '') : '/dossiers/new',
      identityGate: opts.gate ?? null,
    });
  }

  private async conflict(req: Request, res: Response, principal: Principal, id: string): Promise<void> {
    const text = translate(langOf(req), 'dossier.error.conflict');
    return this.renderDetail(req, res, principal, id, { errorList: [{ text, href: '#actions' }] }, 409);
  }

  private async renderDetail(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    state: DetailState,
    status: number,
  ): Promise<void> {
    const lang = langOf(req);
    const { row, actor } = await this.ownDossier(principal, id);
    const [procedure, files, events, regime] = await Promise.all([
      this.versionOf(row),
      this.files.list(principal, id),
      this.queries.timeline(principal, id),
      this.regimes.at(row.received_at ?? new Date()),
    ]);
    const agencyNames = new Map<string, string>();
    for (const code of forwardedAgencyCodes(events)) {
      agencyNames.set(code, (await this.agencies.findByCode(code))?.name ?? code);
    }
    const data = {
      row,
      actor,
      procedure,
      files,
      events,
      agencyNames,
      account: accountOf(req),
      regimeForms: regime.forms,
    };
    // Once returned, the citizen is asked to rate the handling (or sees that they did).
    const given = row.status === 'returned' ? await this.ratings.ofDossier(id) : null;
    const rating =
      row.status === 'returned'
        ? {
            href: `/dossiers/${id}/rating`,
            given: given !== null,
            lead: given
              ? `${translate(lang, 'rating.yours')}: ${translate(lang, `rating.level.${given.level}`)}`
              : translate(lang, 'rating.link.citizenLead'),
            text: translate(lang, given ? 'rating.link.citizenDone' : 'rating.link.citizen'),
          }
        : null;
    // Fees asked for: the owner pays them on the payment page (it takes the dossier's code and lookup key).
    const pay =
      row.status === 'awaiting_financial_obligation' && row.code
        ? {
            href: `/pay?code=${encodeURIComponent(row.code)}&key=${encodeURIComponent(row.lookup_key)}`,
            text: translate(lang, 'pay.link'),
          }
        : null;
    res.status(status).render('dossiers/citizen/detail', {
      ...citizenDossierPage(data, state, lang),
      rating,
      pay,
      identityGate: row.status === 'draft' ? identityGateOf(procedure, principal, `/dossiers/${id}`) : null,
      identityRecord: identityRecordView(row.identity_verified, lang),
    });
  }
}

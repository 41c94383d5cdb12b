/// <reference types="multer" />
import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Render,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AgencyService } from '@app/agency';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import {
  FEEDBACK_API,
  FeedbackApi,
  HandlingAction,
  REJECT_REASONS,
  RejectReason,
  ReportDetail,
  ReportStatus,
  TriageAction,
} from '@app/feedback';
import { DomainError } from '@app/observability';
import { langOf, MultipartCsrfInterceptor, MultipartInputInterceptor } from '@app/web';
import { translate } from '../i18n/messages';
import { categoryName, formatDateTime, listItem, publicView, statusView, T, timeline } from './report.presenter';

const OPEN: ReportStatus[] = ['new', 'accepted', 'assigned', 'acknowledged', 'in_progress', 'info_requested'];
const DESK_ROLES = ['feedback_operator', 'admin'] as const;
const UNIT_ROLES = ['clerk', 'specialist', 'leader', 'agency_officer'] as const;

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function tOf(req: Request): T {
  const lang = langOf(req);
  return (key, params) => translate(lang, key, params);
}

/** The operations desk (triage) and the units (handling): thin pages over FeedbackApi, which checks who may act. */
@ApiExcludeController()
@Controller()
export class StaffPagesController {
  constructor(
    @Inject(FEEDBACK_API) private readonly api: FeedbackApi,
    private readonly agencies: AgencyService,
  ) {}

  private async listModel(principal: Principal, req: Request, base: string, state: string) {
    const t = tOf(req);
    const lang = langOf(req);
    const result = await this.api.staffList(principal, { status: state === 'all' ? undefined : OPEN, limit: 200 });
    return {
      items: result.items.map((r) => ({
        ...listItem(t, lang, r, `${base}/reports/${r.id}`),
        urgent: r.urgent,
        deadline:
          r.deadlineState === 'overdue'
            ? t('staff.overdue')
            : r.deadlineState === 'near_due'
              ? t('staff.nearDue')
              : null,
      })),
      state,
      base,
    };
  }

  @Roles(...DESK_ROLES)
  @Get('desk')
  @Render('staff/list')
  async desk(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Query('state') state: string | undefined) {
    const t = tOf(req);
    return {
      pageTitle: t('desk.title'),
      lead: t('desk.lead'),
      ...(await this.listModel(principal, req, '/desk', state === 'all' ? 'all' : 'open')),
    };
  }

  @Roles(...UNIT_ROLES)
  @Get('unit')
  @Render('staff/list')
  async unit(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Query('state') state: string | undefined) {
    const t = tOf(req);
    return {
      pageTitle: t('unit.title'),
      lead: t('unit.lead', { agency: principal.agencyName ?? principal.agency ?? '' }),
      ...(await this.listModel(principal, req, '/unit', state === 'all' ? 'all' : 'open')),
    };
  }

  private async detailModel(principal: Principal, req: Request, r: ReportDetail, desk: boolean, extra = {}) {
    const t = tOf(req);
    const lang = langOf(req);
    const category = await this.api.category(r.categoryCode);
    const agencies = desk ? await this.agencies.listActive() : [];
    const duplicates = desk ? await this.api.duplicatesOf(principal, r.id) : [];
    const final = ['resolved', 'rejected', 'merged', 'transferred'].includes(r.status);
    const next = final
      ? t('staff.next.final')
      : desk
        ? ['new', 'accepted'].includes(r.status)
          ? t('staff.next.new')
          : t('staff.next.unit')
        : t('staff.next.handle', { due: formatDateTime(r.dueAt) });
    return {
      pageTitle: `${desk ? t('desk.title') : t('unit.title')} ${r.number}`,
      id: r.id,
      desk,
      status: r.status,
      statusTag: statusView(t, r.status),
      report: publicView(t, lang, r),
      events: timeline(t, r, true),
      next,
      urgent: r.urgent,
      published: r.published,
      reporter: {
        name: r.reporter.name ?? t('staff.reporter.anonymous'),
        contact: [r.reporter.phone, r.reporter.email].filter(Boolean).join(' · '),
      },
      originals: r.photos.map((p, i) => ({
        href: `/photos/${p.id}/original`,
        text: t('staff.original', { n: String(i + 1) }),
        id: p.id,
        width: p.width,
        height: p.height,
        blurred: p.blurred,
      })),
      duplicates: duplicates.map((d) => ({
        id: d.report.id,
        number: d.report.number,
        distance: t('staff.duplicates.distance', { meters: String(d.distanceMeters) }),
        status: t(`status.${d.report.status}`),
        received: formatDateTime(d.report.receivedAt),
      })),
      agencyItems: agencies.map((a) => ({
        value: a.code,
        text: a.code === category?.defaultAgencyCode ? t('staff.assign.default', { name: a.name }) : a.name,
        selected: (r.agencyCode ?? category?.defaultAgencyCode) === a.code,
      })),
      reasonItems: REJECT_REASONS.map((x) => ({ value: x, text: t(`reason.${x}`) })),
      categoryText: category ? categoryName(lang, category.name) : r.categoryCode,
      can: {
        accept: r.status === 'new',
        assign: ['new', 'accepted', 'assigned', 'acknowledged'].includes(r.status),
        reject: ['new', 'accepted'].includes(r.status),
        merge: ['new', 'accepted'].includes(r.status) && duplicates.length > 0,
        transfer: ['new', 'accepted'].includes(r.status),
        acknowledge: r.status === 'assigned',
        start: ['assigned', 'acknowledged'].includes(r.status),
        requestInfo: ['assigned', 'acknowledged', 'in_progress'].includes(r.status),
        answer: ['assigned', 'acknowledged', 'in_progress', 'info_requested'].includes(r.status),
        handBack: ['assigned', 'acknowledged', 'in_progress', 'info_requested'].includes(r.status),
      },
      errors: {},
      errorList: [],
      success: null,
      ...extra,
    };
  }

  @Roles(...DESK_ROLES)
  @Get('desk/reports/:id')
  @Render('staff/detail')
  async deskReport(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Query('done') done?: string,
  ) {
    const r = await this.api.staffReport(principal, id);
    return this.detailModel(principal, req, r, true, { success: done ? tOf(req)('staff.done') : null });
  }

  @Roles(...UNIT_ROLES)
  @Get('unit/reports/:id')
  @Render('staff/detail')
  async unitReport(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Query('done') done?: string,
  ) {
    const r = await this.api.staffReport(principal, id);
    return this.detailModel(principal, req, r, false, { success: done ? tOf(req)('staff.done') : null });
  }

  @Roles(...DESK_ROLES)
  @Post('desk/reports/:id/triage')
  async triage(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const kind = str(body['action']);
    const note = str(body['note']) || undefined;
    let action: TriageAction;
    switch (kind) {
      case 'accept':
        action = { kind, note };
        break;
      case 'assign':
        action = { kind, agencyCode: str(body['agencyCode']), note };
        break;
      case 'reject':
        action = { kind, reason: str(body['reason']) as RejectReason, note: str(body['note']) };
        break;
      case 'merge':
        action = { kind, intoReportId: str(body['intoReportId']), note };
        break;
      case 'transfer':
        action = { kind, wardName: str(body['wardName']), note: str(body['note']) };
        break;
      case 'publish':
      case 'unpublish':
        action = { kind: 'set_published', published: kind === 'publish' };
        break;
      default:
        throw new DomainError('validation_failed', 'action is not a triage action', {
          errors: [{ field: 'action', messages: ['is not a triage action'] }],
        });
    }
    await this.act(req, res, principal, id, true, () => this.api.triage(principal, id, action));
  }

  @Roles(...DESK_ROLES)
  @Post('desk/photos/:photoId/blur')
  async blur(
    @Param('photoId') photoId: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const n = (k: string) => Number.parseInt(str(body[k]), 10);
    const region = { x: n('x'), y: n('y'), width: n('width'), height: n('height') };
    await this.api.blurPhoto(principal, photoId, [region]);
    res.redirect(303, `/desk/reports/${str(body['reportId'])}?done=blurred#original-photos`);
  }

  @Roles(...UNIT_ROLES)
  @Post('unit/reports/:id/handle')
  async handle(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const kind = str(body['action']);
    let action: HandlingAction;
    switch (kind) {
      case 'acknowledge':
      case 'start':
        action = { kind, note: str(body['note']) || undefined };
        break;
      case 'request_info':
        action = { kind, question: str(body['question']) };
        break;
      case 'hand_back':
        action = { kind, reason: str(body['reason']) };
        break;
      default:
        throw new DomainError('validation_failed', 'action is not a handling action', {
          errors: [{ field: 'action', messages: ['is not a handling action'] }],
        });
    }
    await this.act(req, res, principal, id, false, () => this.api.handle(principal, id, action));
  }

  /** The unit's answer: multipart ("after" photos), so its CSRF token is checked after the upload interceptor. */
  @Roles(...UNIT_ROLES)
  @Post('unit/reports/:id/answer')
  @UseInterceptors(
    FilesInterceptor('photos', 5, { limits: { files: 5, fileSize: 8 * 1024 * 1024 } }),
    MultipartCsrfInterceptor,
    MultipartInputInterceptor,
  )
  async answer(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const photos = (files ?? []).filter((f) => f.size > 0).map((f) => ({ bytes: f.buffer, filename: f.originalname }));
    await this.act(req, res, principal, id, false, () =>
      this.api.handle(principal, id, { kind: 'answer', text: str(body['text']), photos }),
    );
  }

  /** Runs an action; a refused field shows the page again with the error next to it. */
  private async act(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    desk: boolean,
    run: () => Promise<ReportDetail>,
  ) {
    try {
      await run();
      res.redirect(303, `/${desk ? 'desk' : 'unit'}/reports/${id}?done=1`);
    } catch (err) {
      if (!(err instanceof DomainError) || !['validation_failed', 'action_not_available'].includes(err.code)) throw err;
      const t = tOf(req);
      const errors: Record<string, string> = {};
      for (const e of err.details.errors ?? []) {
        const key = `staff.error.${e.field}`;
        errors[e.field] = t(key) === key ? (e.messages[0] ?? '') : t(key);
      }
      if (err.code === 'action_not_available') errors['action'] = t('staff.error.action');
      const r = await this.api.staffReport(principal, id);
      res.status(err.code === 'validation_failed' ? 400 : 409).render(
        'staff/detail',
        await this.detailModel(principal, req, r, desk, {
          errors,
          errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
          pageTitle: `${t('error.summaryTitle')}: ${r.number}`,
        }),
      );
    }
  }
}

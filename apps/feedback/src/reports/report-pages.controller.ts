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
import { CurrentPrincipal, Principal, Public, Roles } from '@app/auth';
import { FEEDBACK_CONFIG, FeedbackConfig } from '@app/config';
import { FEEDBACK_API, FeedbackApi, ReportDetail, ReportStatus } from '@app/feedback';
import { DomainError } from '@app/observability';
import { langOf, MultipartCsrfInterceptor, MultipartInputInterceptor } from '@app/web';
import { translate } from '../i18n/messages';
import {
  categoryName,
  formatDateTime,
  isOpenForReporter,
  limitText,
  listItem,
  publicView,
  T,
  timeline,
} from './report.presenter';

const OPEN: ReportStatus[] = ['new', 'accepted', 'assigned', 'acknowledged', 'in_progress', 'info_requested'];
const CLOSED: ReportStatus[] = ['resolved', 'rejected', 'merged', 'transferred'];
const PAGE = 20;

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function tOf(req: Request): T {
  const lang = langOf(req);
  return (key, params) => translate(lang, key, params);
}

/** Field errors of a refusal in the page's words (the API's English stays in the problem document). */
function fieldErrors(t: T, err: unknown, prefix: string): Record<string, string> | null {
  if (!(err instanceof DomainError) || !err.details.errors) return null;
  const out: Record<string, string> = {};
  for (const e of err.details.errors) {
    const key = `${prefix}.${e.field}`;
    const text = t(key);
    out[e.field] = text === key ? t('report.error.photo', { reason: e.messages[0] ?? '' }) : text;
  }
  return out;
}

/** Reporting a problem, the public list and pages, and the reporter's own reports. */
@ApiExcludeController()
@Controller()
export class ReportPagesController {
  constructor(
    @Inject(FEEDBACK_API) private readonly api: FeedbackApi,
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
  ) {}

  private async formModel(req: Request, values: Record<string, string>, errors: Record<string, string>) {
    const t = tOf(req);
    const lang = langOf(req);
    const categories = await this.api.categories();
    return {
      pageTitle: Object.keys(errors).length
        ? `${t('error.summaryTitle')}: ${t('report.new.title')}`
        : t('report.new.title'),
      categories: categories.map((c) => ({
        value: c.code,
        text: categoryName(lang, c.name),
        hint: [categoryName(lang, c.description), limitText(t, c), c.urgent ? t('report.category.urgent') : '']
          .filter(Boolean)
          .join(' · '),
        checked: values['categoryCode'] === c.code,
      })),
      values,
      errors,
      errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      maxMb: String(Math.floor(this.config.files.maxPhotoBytes / 1048576)),
      tileUrl: this.config.mapTileUrl ?? '',
    };
  }

  @Public()
  @Get('reports/new')
  async newReport(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!req.principal) {
      res.render('reports/sign-in', { pageTitle: tOf(req)('report.new.title') });
      return;
    }
    res.render('reports/new', await this.formModel(req, {}, {}));
  }

  /** The report form: multipart (photos), so its CSRF token is checked after the upload interceptor read the body. */
  @Roles('citizen')
  @Post('reports/new')
  @UseInterceptors(
    FilesInterceptor('photos', 5, { limits: { files: 5, fileSize: 8 * 1024 * 1024 } }),
    MultipartCsrfInterceptor,
    MultipartInputInterceptor,
  )
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const values = {
      categoryCode: str(body['categoryCode']),
      description: str(body['description']),
      lat: str(body['lat']),
      lng: str(body['lng']),
      address: str(body['address']),
    };
    const lat = values.lat ? Number(values.lat.replace(',', '.')) : NaN;
    const lng = values.lng ? Number(values.lng.replace(',', '.')) : NaN;
    try {
      const sent = await this.api.submit(
        { kind: 'user', principal },
        {
          categoryCode: values.categoryCode,
          description: values.description,
          location: values.lat || values.lng ? { lat, lng } : undefined,
          address: values.address || undefined,
          photos: (files ?? []).map((f) => ({ bytes: f.buffer, filename: f.originalname })),
          channel: 'web',
        },
      );
      res.redirect(303, `/my/reports/${sent.id}?done=sent`);
    } catch (err) {
      const errors = fieldErrors(tOf(req), err, 'report.error');
      if (!errors) throw err;
      res.status(400).render('reports/new', await this.formModel(req, values, errors));
    }
  }

  @Public()
  @Get('reports')
  @Render('reports/list')
  async list(@Req() req: Request, @Query() query: Record<string, unknown>) {
    const t = tOf(req);
    const lang = langOf(req);
    const category = str(query['category']);
    const state = str(query['state']);
    const page = Math.max(1, Math.min(500, Number.parseInt(str(query['page']), 10) || 1));
    const categories = await this.api.categories();
    const result = await this.api.publicList({
      categoryCodes: categories.some((c) => c.code === category) ? [category] : undefined,
      status: state === 'open' ? OPEN : state === 'closed' ? CLOSED : undefined,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    });
    const pages = Math.max(1, Math.ceil(result.total / PAGE));
    const link = (p: number) =>
      `/reports?${new URLSearchParams({ ...(category ? { category } : {}), ...(state ? { state } : {}), page: String(p) }).toString()}`;
    return {
      pageTitle: t('list.title'),
      items: result.items.map((r) => listItem(t, lang, r, `/reports/${r.number}`)),
      count: t('list.count', { count: String(result.total) }),
      categoryItems: [
        { value: '', text: t('list.filter.all') },
        ...categories.map((c) => ({ value: c.code, text: categoryName(lang, c.name), selected: c.code === category })),
      ],
      stateItems: [
        { value: '', text: t('list.filter.all') },
        { value: 'open', text: t('list.filter.open'), selected: state === 'open' },
        { value: 'closed', text: t('list.filter.closed'), selected: state === 'closed' },
      ],
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: link(page - 1) } : null,
              next: page < pages ? { href: link(page + 1) } : null,
              items: Array.from({ length: Math.min(pages, 10) }, (_, i) => ({
                number: i + 1,
                href: link(i + 1),
                current: i + 1 === page,
              })),
            }
          : null,
      tileUrl: this.config.mapTileUrl ?? '',
    };
  }

  /** The published reports as GeoJSON for the public map: number, category, state and link — nothing personal. */
  @Public()
  @Get('reports.geojson')
  async geojson(@Req() req: Request, @Res() res: Response): Promise<void> {
    const t = tOf(req);
    const lang = langOf(req);
    const result = await this.api.publicList({ limit: 1000 });
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.type('application/geo+json').send(
      JSON.stringify({
        type: 'FeatureCollection',
        features: result.items.map((r) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [r.location.lng, r.location.lat] },
          properties: {
            number: r.number,
            category: categoryName(lang, r.categoryName),
            status: t(`status.${r.status}`),
            open: isOpenForReporter(r.status),
            url: `/reports/${r.number}`,
          },
        })),
      }),
    );
  }

  @Public()
  @Get('reports/:number')
  @Render('reports/detail')
  async detail(@Param('number') number: string, @Req() req: Request) {
    const t = tOf(req);
    const report = await this.api.publicReport(number);
    if (!report) throw new DomainError('not_found', 'No such report.');
    return { pageTitle: `${t('list.title')} ${report.number}`, report: publicView(t, langOf(req), report) };
  }

  @Public()
  @Get('photos/:id')
  async photo(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const photo = await this.api.photo(req.principal ?? null, id, 'public');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(photo.contentType).send(photo.bytes);
  }

  @Get('photos/:id/original')
  async original(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const photo = await this.api.photo(principal, id, 'original');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', 'inline');
    res.type(photo.contentType).send(photo.bytes);
  }

  @Roles('citizen')
  @Get('my/reports')
  @Render('reports/mine')
  async mine(@CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const t = tOf(req);
    const lang = langOf(req);
    const result = await this.api.myReports(principal, { limit: 100 });
    return {
      pageTitle: t('mine.title'),
      items: result.items.map((r) => listItem(t, lang, r, `/my/reports/${r.id}`)),
    };
  }

  private mineModel(t: T, lang: 'vi' | 'en', r: ReportDetail, extra: Record<string, unknown> = {}) {
    const next =
      r.status === 'new'
        ? t('mine.next.new')
        : r.status === 'resolved'
          ? r.rating
            ? t('mine.next.closed')
            : t('mine.next.resolved')
          : isOpenForReporter(r.status)
            ? t('mine.next.open', { due: formatDateTime(r.dueAt) || t('detail.none') })
            : t('mine.next.closed');
    return {
      pageTitle: `${t('mine.title')} ${r.number}`,
      id: r.id,
      report: publicView(t, lang, r),
      events: timeline(t, r, false),
      next,
      canAddInfo: r.status === 'info_requested',
      canRate: r.status === 'resolved' && !r.rating,
      rated: r.rating ? t('mine.rated', { level: t(`level.${r.rating.level}`) }) : null,
      levels: ['very_satisfied', 'satisfied', 'unsatisfied'].map((l) => ({ value: l, text: t(`level.${l}`) })),
      errors: {},
      errorList: [],
      ...extra,
    };
  }

  @Roles('citizen')
  @Get('my/reports/:id')
  @Render('reports/my-detail')
  async myReport(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const t = tOf(req);
    const report = (await this.api.myReports(principal, { limit: 1000 })).items.find((r) => r.id === id);
    if (!report) throw new DomainError('not_found', 'No such report.');
    const success =
      done === 'sent' ? null : done && ['information', 'rated', 'reopened'].includes(done) ? t(`done.${done}`) : null;
    return this.mineModel(t, langOf(req), report, { success, justSent: done === 'sent' });
  }

  @Roles('citizen')
  @Post('my/reports/:id/information')
  async addInformation(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.api.addInformation({ principal }, id, str(body['text']), []);
      res.redirect(303, `/my/reports/${id}?done=information`);
    } catch (err) {
      await this.refuse(err, req, res, principal, id, { text: (t) => t('report.error.description') });
    }
  }

  @Roles('citizen')
  @Post('my/reports/:id/rating')
  async rate(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const level = str(body['level']) as 'very_satisfied' | 'satisfied' | 'unsatisfied';
    try {
      const after = await this.api.rate({ principal }, id, { level, comment: str(body['comment']) || undefined });
      res.redirect(303, `/my/reports/${id}?done=${after.status === 'resolved' ? 'rated' : 'reopened'}`);
    } catch (err) {
      await this.refuse(err, req, res, principal, id, { level: (t) => t('mine.rate') });
    }
  }

  /** A refused form on the reporter's page: the page again with the field's error, or the error page. */
  private async refuse(
    err: unknown,
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    words: Record<string, (t: T) => string>,
  ): Promise<void> {
    if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
    const t = tOf(req);
    const report = (await this.api.myReports(principal, { limit: 1000 })).items.find((r) => r.id === id);
    if (!report) throw err;
    const errors: Record<string, string> = {};
    for (const e of err.details.errors ?? []) errors[e.field] = words[e.field]?.(t) ?? e.messages[0] ?? '';
    res.status(400).render(
      'reports/my-detail',
      this.mineModel(t, langOf(req), report, {
        errors,
        errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
        pageTitle: `${t('error.summaryTitle')}: ${t('mine.title')} ${report.number}`,
      }),
    );
  }
}

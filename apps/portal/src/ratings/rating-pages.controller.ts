import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Public, Roles } from '@app/auth';
import { RatingService, RatingTarget } from '@app/ratings';
import { LookupThrottle } from '../infra/lookup-throttle.service';
import { langOf } from '@app/web';
import { DOSSIER_ID, errorSummary, isDomainError, titleWithErrors, translator } from '../web/page-kit';
import { formatDayTime } from '../dossiers/citizen-format';
import {
  dossierRows,
  postedRating,
  RatingFormValues,
  ratingFieldErrors,
  ratingForm,
  ratingRefusal,
  ratingRows,
  ratingStateText,
  valuesOf,
} from './rating-page.presenter';

interface RatePageState {
  values?: RatingFormValues;
  errors?: Record<string, string>;
  refusal?: string | null;
  saved?: boolean;
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/**
 * The citizen rates the handling of a returned dossier (NĐ 118/2025 Điều 30 khoản 2, Điều 33): signed in, from the
 * dossier's own page; or anyone holding the receipt's code and lookup key, at `/rate?code=…&key=…` (the link of the
 * e-mailed invitation to rate), within the public lookup's limits. Neither page shows personal data.
 */
@ApiExcludeController()
@Controller()
export class RatingPagesController {
  constructor(
    private readonly ratings: RatingService,
    private readonly throttle: LookupThrottle,
  ) {}

  @Roles('citizen')
  @Get('dossiers/:id/rating')
  async ownerPage(
    @Param('id', DOSSIER_ID) id: string,
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const target = await this.ratings.forOwner(principal, id);
    this.render(req, res, 200, target, { saved: done === 'saved' }, { owner: id });
  }

  @Roles('citizen')
  @Post('dossiers/:id/rating')
  async ownerRate(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { raw, values } = postedRating(body);
    try {
      await this.ratings.rateAsOwner(principal, id, raw);
    } catch (err) {
      return this.refused(req, res, err, values, await this.ratings.forOwner(principal, id), { owner: id });
    }
    res.redirect(303, `/dossiers/${id}/rating?done=saved`);
  }

  @Public()
  @Get('rate')
  async publicPage(
    @Query('code') codeParam: unknown,
    @Query('key') keyParam: unknown,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const asked = codeParam !== undefined || keyParam !== undefined;
    const code = text(codeParam, 64);
    const key = text(keyParam, 64);
    privateResult(res);
    if (!asked || !code || !key) return this.renderFind(req, res, code, key, asked);
    let target: RatingTarget;
    try {
      target = await this.throttle.run(req.ip, code, () => this.ratings.forKey(code, key));
    } catch (err) {
      if (!isDomainError(err, 'not_found')) throw err;
      return this.renderFind(req, res, code, key, true, true);
    }
    this.render(req, res, 200, target, { saved: done === 'saved' }, { code, key });
  }

  @Public()
  @Post('rate')
  async publicRate(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const code = text(body.code, 64);
    const key = text(body.key, 64);
    privateResult(res);
    if (!code || !key) return this.renderFind(req, res, code, key, true);
    try {
      // The code and key first, within the lookup's limits (a wrong key counts against the code).
      await this.throttle.run(req.ip, code, () => this.ratings.forKey(code, key));
    } catch (err) {
      if (!isDomainError(err, 'not_found')) throw err;
      return this.renderFind(req, res, code, key, true, true);
    }
    const { raw, values } = postedRating(body);
    try {
      await this.ratings.rateWithKey(code, key, raw);
    } catch (err) {
      return this.refused(req, res, err, values, await this.ratings.forKey(code, key), { code, key });
    }
    res.redirect(303, `/rate?code=${encodeURIComponent(code)}&key=${encodeURIComponent(key)}&done=saved`);
  }

  private refused(
    req: Request,
    res: Response,
    err: unknown,
    values: RatingFormValues,
    target: RatingTarget,
    where: { owner?: string; code?: string; key?: string },
  ): void {
    const t = translator(langOf(req));
    if (isDomainError(err, 'validation_failed')) {
      const errors = ratingFieldErrors(err.details.errors ?? [], t);
      return this.render(req, res, 400, target, { values, errors }, where);
    }
    const refusal = ratingRefusal(err, t);
    if (refusal === null) throw err;
    return this.render(req, res, 409, target, { refusal }, where);
  }

  private renderFind(req: Request, res: Response, code: string, key: string, asked: boolean, notFound = false): void {
    const lang = langOf(req);
    const t = translator(lang);
    const errors: Record<string, string> = {};
    if (asked && !code) errors.code = t('lookup.error.code');
    if (asked && !key) errors.key = t('lookup.error.key');
    const errorList = errorSummary(errors);
    res.status(errorList.length > 0 ? 400 : 200).render('ratings/rate', {
      pageTitle: titleWithErrors(t, t('rating.public.title'), errorList.length > 0),
      heading: t('rating.public.title'),
      target: null,
      code,
      key,
      lookupErrors: errors,
      lookupErrorList: errorList,
      notFound,
    });
  }

  private render(
    req: Request,
    res: Response,
    status: number,
    target: RatingTarget,
    state: RatePageState,
    where: { owner?: string; code?: string; key?: string },
  ): void {
    const lang = langOf(req);
    const t = translator(lang);
    const canRate = target.state === 'open' || target.state === 'editable';
    const form = canRate ? ratingForm(lang, t, state.values ?? valuesOf(target.rating), state.errors ?? {}) : null;
    const hasErrors = (form?.errorList.length ?? 0) > 0 || Boolean(state.refusal);
    const saved =
      state.saved && target.rating
        ? {
            body: t('rating.saved.body', { until: formatDayTime(target.rating.editableUntil, lang) }),
            unsatisfied: target.rating.level === 'unsatisfied',
          }
        : null;
    res.status(status).render('ratings/rate', {
      pageTitle: titleWithErrors(t, t('rating.title'), hasErrors),
      heading: t('rating.title'),
      target,
      dossierRows: dossierRows(target, lang, t),
      stateText: ratingStateText(target, lang, t),
      ratingRows: target.rating ? ratingRows(target.rating, lang, t, { staff: false }) : null,
      form,
      refusal: state.refusal ?? null,
      saved,
      formAction: where.owner ? `/dossiers/${where.owner}/rating` : '/rate',
      hidden: where.owner
        ? []
        : [
            { name: 'code', value: where.code ?? '' },
            { name: 'key', value: where.key ?? '' },
          ],
      submitText: target.rating ? t('rating.submitChange') : t('rating.submit'),
      backHref: where.owner ? `/dossiers/${where.owner}` : null,
    });
  }
}

/** The key opens the dossier: keep the page out of shared caches and the key out of Referer headers. */
function privateResult(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

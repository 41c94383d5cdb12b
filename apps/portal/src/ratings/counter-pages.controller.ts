import { createHmac, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { CurrentPrincipal, Principal, Public, Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import {
  COUNTER_LABEL_MAX,
  CounterDevice,
  CounterDeviceService,
  normalisePairingCode,
  PAIRING_CODE_LENGTH,
  RatingService,
  RatingTarget,
} from '@app/ratings';
import { formatDayTime } from '../dossiers/citizen-format';
import { LookupThrottle } from '../infra/lookup-throttle.service';
import { langOf } from '@app/web';
import {
  cookieValue,
  errorSummary,
  isDomainError,
  titleWithErrors,
  translator,
  typed,
  uuidParam,
} from '../web/page-kit';
import {
  dossierRows,
  postedRating,
  RatingFormValues,
  ratingFieldErrors,
  ratingForm,
  ratingRefusal,
  EMPTY_RATING,
} from './rating-page.presenter';

/** The tablet's cookie: its device token, sent only to the tablet's own pages and never to another site. */
export const COUNTER_COOKIE = 'motcua_counter';
const COUNTER_PATH = '/counter';
const DEVICE_ID = uuidParam('device');
/** The pseudo-code the pairing page counts its tries under, per client address (LookupThrottle). */
const PAIRING_THROTTLE = 'COUNTER-PAIRING';

function cookieOf(req: Request): string | undefined {
  return cookieValue(req, COUNTER_COOKIE, /^[A-Za-z0-9_-]{1,128}$/);
}

/**
 * The counter tablet (NĐ 118/2025 Điều 31 khoản 1 điểm b): a clerk signed in at the desk creates a one-time code on
 * `/desk/counter`; the tablet, never signed in, types it at `/counter/pair` and gets a device cookie (HttpOnly,
 * SameSite=Strict, path /counter, the token stored only hashed); `/counter/rating` then shows the dossier that clerk
 * returned last (code and procedure, nothing personal) and takes one rating for it. The tablet's form carries a token
 * derived from its device token (the tablet has no session for the portal's CSRF token), so no other site can post
 * with its cookie.
 */
@ApiExcludeController()
@Controller()
export class CounterPagesController {
  constructor(
    private readonly devices: CounterDeviceService,
    private readonly ratings: RatingService,
    private readonly throttle: LookupThrottle,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  @Roles('clerk')
  @Get('desk/counter')
  async devicesPage(
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderDevices(req, res, principal, 200, { unpaired: done === 'unpaired' });
  }

  @Roles('clerk')
  @Post('desk/counter')
  async startPairing(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const label = typed(body.label);
    try {
      const { device, code } = await this.devices.startPairing(principal, label);
      // The code is shown once, on this answer; it is never stored or shown again.
      res.setHeader('Cache-Control', 'no-store');
      return this.renderDevices(req, res, principal, 201, { started: { device, code } });
    } catch (err) {
      if (!isDomainError(err, 'validation_failed')) throw err;
      const t = translator(langOf(req));
      const errors = { label: t('rating.devices.error.label', { max: String(COUNTER_LABEL_MAX) }) };
      return this.renderDevices(req, res, principal, 400, { errors, label });
    }
  }

  @Roles('clerk')
  @Post('desk/counter/:id/unpair')
  async unpair(
    @Param('id', DEVICE_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    await this.devices.unpair(principal, id);
    res.redirect(303, '/desk/counter?done=unpaired');
  }

  @Public()
  @Get('counter/pair')
  pairPage(@Req() req: Request, @Res() res: Response): void {
    this.renderPair(req, res, 200, {});
  }

  @Public()
  @Post('counter/pair')
  async pair(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const t = translator(langOf(req));
    const code = normalisePairingCode(typed(body.code)).slice(0, 32);
    if (code.length !== PAIRING_CODE_LENGTH) {
      return this.renderPair(req, res, 400, { errors: { code: t('rating.pair.error.code') }, code });
    }
    await this.throttle.admit(req.ip ?? 'unknown', PAIRING_THROTTLE);
    let paired: { device: CounterDevice; token: string };
    try {
      paired = await this.devices.completePairing(code);
    } catch (err) {
      if (!isDomainError(err, 'not_found')) throw err;
      return this.renderPair(req, res, 400, { errors: { code: t('rating.pair.error.wrong') }, code });
    }
    res.cookie(COUNTER_COOKIE, paired.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.session.cookieSecure,
      path: COUNTER_PATH,
      expires: paired.device.expiresAt,
    });
    res.redirect(303, '/counter/rating');
  }

  @Public()
  @Get('counter/rating')
  async tabletPage(@Query('done') done: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const token = cookieOf(req);
    const device = await this.devices.byToken(token);
    if (!device || !token) return this.renderTablet(req, res, 200, { device: null, token: '' });
    const target = await this.ratings.atCounter(device.clerkSubject);
    this.renderTablet(req, res, 200, { device, token, target, thanks: done === 'saved' });
  }

  @Public()
  @Post('counter/rating')
  async tabletRate(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const token = cookieOf(req);
    const device = await this.devices.byToken(token);
    if (!device || !token) return this.renderTablet(req, res, 401, { device: null, token: '' });
    if (!this.formTokenMatches(token, typed(body._counter))) {
      throw new DomainError('csrf_failed', 'The form has expired or was not sent from this tablet. Reload the page.');
    }
    const t = translator(langOf(req));
    const { raw, values } = postedRating(body);
    try {
      await this.ratings.rateAtCounter(device, typed(body.dossier), raw);
    } catch (err) {
      const target = await this.ratings.atCounter(device.clerkSubject);
      if (isDomainError(err, 'validation_failed')) {
        const errors = ratingFieldErrors(err.details.errors ?? [], t);
        return this.renderTablet(req, res, 400, { device, token, target, values, errors });
      }
      const refusal = ratingRefusal(err, t);
      if (refusal === null) throw err;
      return this.renderTablet(req, res, 409, { device, token, target, refusal });
    }
    res.redirect(303, '/counter/rating?done=saved');
  }

  /** The tablet form's token: an HMAC of its device token under the session secret (not guessable without both). */
  private formToken(token: string): string {
    return createHmac('sha256', this.config.session.secret).update(`counter-form:${token}`).digest('base64url');
  }

  private formTokenMatches(token: string, sent: string): boolean {
    const expected = Buffer.from(this.formToken(token));
    const given = Buffer.from(sent);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private renderTablet(
    req: Request,
    res: Response,
    status: number,
    state: {
      device: CounterDevice | null;
      token: string;
      target?: RatingTarget | null;
      values?: RatingFormValues;
      errors?: Record<string, string>;
      refusal?: string;
      thanks?: boolean;
    },
  ): void {
    const lang = langOf(req);
    const t = translator(lang);
    const target = state.target ?? null;
    const open = target?.state === 'open';
    const form = open ? ratingForm(lang, t, state.values ?? EMPTY_RATING, state.errors ?? {}) : null;
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render('ratings/counter', {
      pageTitle: titleWithErrors(t, t('rating.counter.title'), (form?.errorList.length ?? 0) > 0 || !!state.refusal),
      device: state.device && {
        line: t('rating.counter.desk', { label: state.device.label, clerk: state.device.clerkName }),
      },
      target,
      dossierRows: target ? dossierRows(target, lang, t) : [],
      form,
      refusal: state.refusal ?? null,
      thanks: state.thanks === true && target !== null && target.rating !== null,
      rated: target !== null && target.rating !== null,
      formAction: '/counter/rating',
      hidden:
        state.device && target
          ? [
              { name: '_counter', value: this.formToken(state.token) },
              { name: 'dossier', value: target.dossierId },
            ]
          : [],
      submitText: t('rating.submit'),
    });
  }

  private renderPair(
    req: Request,
    res: Response,
    status: number,
    state: { errors?: Record<string, string>; code?: string },
  ): void {
    const t = translator(langOf(req));
    const errors = state.errors ?? {};
    const errorList = errorSummary(errors);
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render('ratings/pair', {
      pageTitle: titleWithErrors(t, t('rating.pair.title'), errorList.length > 0),
      errors,
      errorList,
      code: state.code ?? '',
    });
  }

  private async renderDevices(
    req: Request,
    res: Response,
    principal: Principal,
    status: number,
    state: {
      started?: { device: CounterDevice; code: string };
      errors?: Record<string, string>;
      label?: string;
      unpaired?: boolean;
    },
  ): Promise<void> {
    const lang = langOf(req);
    const t = translator(lang);
    const list = await this.devices.listForClerk(principal);
    const errors = state.errors ?? {};
    const errorList = errorSummary(errors);
    const { rating } = this.config;
    res.status(status).render('ratings/devices', {
      pageTitle: titleWithErrors(t, t('rating.devices.title'), errorList.length > 0),
      lead: t('rating.devices.lead', { minutes: String(rating.counterWindowMinutes) }),
      errors,
      errorList,
      label: state.label ?? '',
      unpaired: state.unpaired === true,
      started: state.started && {
        title: t('rating.devices.codeTitle', { label: state.started.device.label }),
        steps: t('rating.devices.codeSteps', {
          url: `${this.config.publicUrl}/counter/pair`,
          until: formatDayTime(state.started.device.expiresAt, lang),
          hours: String(rating.devicePairingHours),
        }),
        code: state.started.code,
      },
      devices: list.map((d) => ({
        id: d.id,
        label: d.label,
        state: t(`rating.devices.state.${d.state}`, { until: formatDayTime(d.expiresAt, lang) }),
        unpairLabel: t('rating.devices.unpairLabel', { label: d.label }),
      })),
      labelMax: COUNTER_LABEL_MAX,
    });
  }
}

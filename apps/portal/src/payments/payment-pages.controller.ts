import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@app/auth';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { DomainError } from '@app/observability';
import { PayableDossier, PaymentService } from '@app/payments';
import { LookupThrottle } from '../infra/lookup-throttle.service';
import { langOf } from '@app/web';
import { cookieValue, errorSummary, titleWithErrors, translator } from '../web/page-kit';
import { statusTagClass } from '../dossiers/citizen-format';
import { paymentsPanel } from './payment-format';
import { PaymentReceiptService } from './payment-receipt.service';

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** Set when the citizen leaves for the gateway: "code|key" of the dossier being paid. */
const RETURN_COOKIE = 'motcua_pay';

function labelOrNull(t: (key: string) => string, key: string): string | null {
  const text = t(key);
  return text === key ? null : text;
}

function returnCookieOf(req: Request): string | undefined {
  // A cookie the browser mangled only means the page asks for the key.
  return cookieValue(req, RETURN_COOKIE, /^[^|]{1,64}\|[A-Za-z0-9]{1,64}$/);
}

/**
 * Where the result page sends the citizen: the dossier's payment page, with its key when this browser is the one that
 * started the payment (its cookie names the same dossier), else with the code only (the page asks for the key).
 */
function payPageHref(dossier: PayableDossier | null, cookie: string | undefined): string {
  if (!dossier?.code) return '/pay';
  const [code, key] = cookie ? cookie.split('|') : [];
  if (code === dossier.code && key && key.toUpperCase() === dossier.lookupKey) {
    return `/pay?${codeKey(dossier.code, key)}`;
  }
  return `/pay?code=${encodeURIComponent(dossier.code)}`;
}

/** The query string that names a dossier to the public pages: its code and the key printed on its receipt. */
const codeKey = (code: string, key: string) => `code=${encodeURIComponent(code)}&key=${encodeURIComponent(key)}`;

/**
 * Paying a dossier's fees, for whoever holds its code and the key printed on the receipt (the applicant signed in or
 * not, a relative at home): what is owed, pay online through VNPay or at the counter, the receipts. The gateway's
 * return lands here too; it is shown, never trusted — the payment is recorded from VNPay's signed IPN or query.
 */
@ApiExcludeController()
@Controller('pay')
export class PaymentPagesController {
  constructor(
    private readonly payments: PaymentService,
    private readonly receipts: PaymentReceiptService,
    private readonly throttle: LookupThrottle,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  private get cookieSecure(): boolean {
    return this.config.session.cookieSecure;
  }

  private async find(req: Request, code: string, key: string): Promise<PayableDossier | null> {
    return this.throttle
      .run(req.ip, code, async () => {
        const dossier = await this.payments.dossierByCodeAndKey(code, key);
        if (!dossier) throw new DomainError('not_found', 'No dossier matches this code and key.');
        return dossier;
      })
      .catch((err: unknown) => {
        if (err instanceof DomainError && err.code === 'not_found') return null;
        throw err;
      });
  }

  @Public()
  @Get()
  async page(
    @Query('code') codeParam: unknown,
    @Query('key') keyParam: unknown,
    @Query('error') errorParam: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const t = translator(lang);
    const code = text(codeParam, 64);
    const key = text(keyParam, 64);
    const asked = keyParam !== undefined;
    const errors: Record<string, string> = {};
    if (asked && !code) errors.code = t('lookup.error.code');
    if (asked && !key) errors.key = t('lookup.error.key');
    const dossier = asked && code && key ? await this.find(req, code, key) : null;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const errorList = errorSummary(errors);
    if (!dossier) {
      res.status(errorList.length > 0 ? 400 : asked && code && key ? 404 : 200).render('payments/pay', {
        pageTitle: titleWithErrors(t, t('pay.title'), errorList.length > 0),
        code,
        key,
        errors,
        errorList,
        notFound: asked && !!code && !!key,
        dossier: null,
      });
      return;
    }
    const all = await this.payments.forDossier(dossier.id);
    const panel = paymentsPanel(all, t, lang, (id) => `/pay/receipts/${id}?${codeKey(code, key)}`);
    res.render('payments/pay', {
      pageTitle: t('pay.title'),
      code,
      key,
      errors,
      errorList,
      notFound: false,
      startError: errorParam === 'start' ? t('pay.error.start') : null,
      dossier: {
        code: dossier.code,
        procedureName: dossier.procedureName,
        agencyName: dossier.agencyName,
        statusText: t(`status.${dossier.status}`),
        statusClass: statusTagClass(dossier.status as Parameters<typeof statusTagClass>[0]),
      },
      panel,
      online: this.payments.onlineEnabled && panel.open !== null,
      lookupHref: `/lookup?${codeKey(code, key)}`,
    });
  }

  /** Starts paying online: a new attempt, then the gateway's payment page. */
  @Public()
  @Post()
  async start(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const code = text(body.code, 64);
    const key = text(body.key, 64);
    const dossier = code && key ? await this.find(req, code, key) : null;
    if (!dossier) {
      res.redirect(303, `/pay?${codeKey(code, key)}`);
      return;
    }
    try {
      const { url } = await this.payments.startOnline(dossier.id, req.ip ?? '127.0.0.1', langOf(req));
      // The gateway sends the citizen back to one fixed address: this browser remembers which dossier it paid for,
      // so the result page links back to the dossier's payment page without asking for the key again.
      res.cookie(RETURN_COOKIE, `${code}|${key}`, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.cookieSecure,
        path: '/pay',
        maxAge: 2 * 3600_000,
      });
      res.redirect(303, url);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'action_not_available')) throw err;
      res.redirect(303, `/pay?${codeKey(code, key)}&error=start`);
    }
  }

  /** Where VNPay sends the citizen back: the result in words and what happens next. */
  @Public()
  @Get('vnpay-return')
  async returned(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = langOf(req);
    const t = translator(lang);
    const outcome = await this.payments.onReturn(query);
    const dossier = outcome.dossierId ? await this.payments.dossier(outcome.dossierId) : null;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const state = !outcome.valid ? 'invalid' : outcome.state;
    res.status(outcome.valid ? 200 : 400).render('payments/return', {
      pageTitle: t(`pay.return.title.${state}`),
      state,
      title: t(`pay.return.title.${state}`),
      body: t(`pay.return.body.${state}`),
      // Why VNPay did not take it, in words, for the codes its documentation lists.
      reason:
        outcome.valid && outcome.state === 'failed' && outcome.responseCode
          ? labelOrNull(t, `pay.return.reason.${outcome.responseCode}`)
          : null,
      dossierCode: dossier?.code ?? null,
      payHref: payPageHref(dossier, returnCookieOf(req)),
    });
  }

  /** A payment's receipt (PDF), for the holder of the dossier's code and key. */
  @Public()
  @Get('receipts/:paymentId')
  async receipt(
    @Param('paymentId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) paymentId: string,
    @Query('code') codeParam: unknown,
    @Query('key') keyParam: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const code = text(codeParam, 64);
    const key = text(keyParam, 64);
    const dossier = code && key ? await this.find(req, code, key) : null;
    if (!dossier) throw new DomainError('not_found', 'No such receipt.');
    const { pdf, fileName } = await this.receipts.render(dossier, paymentId);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  }
}

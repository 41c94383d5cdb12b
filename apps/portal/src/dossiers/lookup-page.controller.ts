import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@app/auth';
import { DossierQueryService, PublicDossierStatus } from '@app/dossiers';
import { DomainError } from '@app/observability';
import { translate } from '../i18n/messages';
import { LookupThrottle } from '../infra/lookup-throttle.service';
import { langOf } from '@app/web';
import { errorSummary, titleWithErrors, translator } from '../web/page-kit';
import { formatDayTime, statusTagClass } from './citizen-format';

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/**
 * The public lookup page: a dossier's state by its code and the key printed on the receipt (the QR code on the forms
 * links here with both). Never personal data; a wrong code or key gets one neutral message.
 */
@ApiExcludeController()
@Controller('lookup')
export class LookupPageController {
  constructor(
    private readonly queries: DossierQueryService,
    private readonly throttle: LookupThrottle,
  ) {}

  @Public()
  @Get()
  async page(
    @Query('code') codeParam: unknown,
    @Query('key') keyParam: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const asked = codeParam !== undefined || keyParam !== undefined;
    const code = text(codeParam, 64);
    const key = text(keyParam, 64);
    const errors: Record<string, string> = {};
    let result: PublicDossierStatus | null = null;
    let notFound = false;
    if (asked) {
      if (!code) errors.code = translate(lang, 'lookup.error.code');
      if (!key) errors.key = translate(lang, 'lookup.error.key');
      if (code && key) {
        try {
          result = await this.throttle.run(req.ip, code, () => this.queries.lookup(code, key));
        } catch (err) {
          if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
          notFound = true;
        }
      }
    }
    const errorList = errorSummary(errors);
    // Results are private to whoever holds the key: keep them out of shared caches and browser history stores.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.status(errorList.length > 0 ? 400 : 200).render('dossiers/lookup', {
      pageTitle: titleWithErrors(translator(lang), translate(lang, 'lookup.title'), errorList.length > 0),
      code,
      key,
      errors,
      errorList,
      notFound,
      result: result && {
        code: result.code,
        procedureName: result.procedureName,
        agencyName: result.agencyName,
        statusText: translate(lang, `status.${result.status}`),
        statusClass: statusTagClass(result.status),
        received: formatDayTime(result.receivedAt, lang),
        due: formatDayTime(result.dueAt, lang),
        overdue: result.overdue,
        lastChange: formatDayTime(result.lastChangeAt, lang),
        // Returned: the holder of the code and key may rate the handling (the same page the invitation links to).
        // Fees asked for: the same holder pays them (online or at the counter) on the payment page.
        payHref:
          result.status === 'awaiting_financial_obligation'
            ? `/pay?code=${encodeURIComponent(result.code)}&key=${encodeURIComponent(key)}`
            : null,
        rateHref:
          result.status === 'returned'
            ? `/rate?code=${encodeURIComponent(result.code)}&key=${encodeURIComponent(key)}`
            : null,
      },
    });
  }
}

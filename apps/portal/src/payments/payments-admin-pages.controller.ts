import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@app/auth';
import { PaymentService } from '@app/payments';
import { parseIsoDate, todayInVietnam } from '@app/procedures';
import { formatDayTime } from '../dossiers/citizen-format';
import { langOf } from '@app/web';
import { errorSummary, titleWithErrors, translator } from '../web/page-kit';
import { money } from './payment-format';

const MAX_DAYS = 31;

/** A day as people write it here (dd/mm/yyyy) or as ISO (yyyy-mm-dd), as ISO; null when it is neither. */
function parseDay(text: string): string | null {
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = vn ? `${vn[3]}-${vn[2]?.padStart(2, '0')}-${vn[1]?.padStart(2, '0')}` : text;
  return parseIsoDate(iso) ? iso : null;
}

/** 2026-12-06 → 06/12/2026. */
function displayDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * Reconciliation for operators: the online payments started between two days, each compared with VNPay's own
 * record (querydr), the disagreements first. The same report as `npm run payments:reconcile`.
 */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/payments')
export class PaymentsAdminPagesController {
  constructor(private readonly payments: PaymentService) {}

  @Get()
  async report(
    @Query('from') fromParam: unknown,
    @Query('to') toParam: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const t = translator(lang);
    const today = displayDay(todayInVietnam());
    const asked = fromParam !== undefined || toParam !== undefined;
    const fromText = typeof fromParam === 'string' && fromParam.trim() !== '' ? fromParam.trim() : today;
    const toText = typeof toParam === 'string' && toParam.trim() !== '' ? toParam.trim() : today;
    const errors: Record<string, string> = {};
    const fromDate = parseDay(fromText);
    const toDate = parseDay(toText);
    const from = fromDate ?? '';
    const to = toDate ?? '';
    if (!fromDate) errors.from = t('pay.admin.error.date');
    if (!toDate) errors.to = t('pay.admin.error.date');
    if (fromDate && toDate) {
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      if (days < 0) errors.to = t('pay.admin.error.order');
      else if (days >= MAX_DAYS) errors.to = t('pay.admin.error.span', { days: String(MAX_DAYS) });
    }
    const errorList = errorSummary(errors);
    const online = this.payments.onlineEnabled;
    const report = asked && errorList.length === 0 && online ? await this.payments.reconcile(from, to) : null;
    res.status(errorList.length > 0 ? 400 : 200).render('payments/admin', {
      pageTitle: titleWithErrors(t, t('pay.admin.title'), errorList.length > 0),
      from: fromText,
      to: toText,
      errors,
      errorList,
      online,
      report: report && {
        mismatches: report.mismatches,
        total: report.lines.length,
        lines: [...report.lines]
          .sort((a, b) => Number(a.problem === 'none') - Number(b.problem === 'none'))
          .map((l) => ({
            txnRef: l.txnRef,
            dossierCode: l.dossierCode ?? t('desk.noCode'),
            deskHref: `/desk/dossiers/${l.dossierId}`,
            amount: money(l.amount, lang),
            local: t(`pay.attempt.${l.local}`),
            gateway: t(`pay.admin.gateway.${l.gateway}`),
            problem: t(`pay.admin.problem.${l.problem}`),
            ok: l.problem === 'none',
            detail: l.detail,
            at: formatDayTime(l.createdAt, lang),
          })),
      },
    });
  }
}

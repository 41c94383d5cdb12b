import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles } from '@app/auth';
import { addDays, instantAt } from '@app/calendar';
import { todayInVietnam } from '@app/procedures';
import { nationalReconciliation, NationalReconciliationItem } from '@app/routing';
import { displayIsoDate, formatDateTime, isoLocal, monthOf, parseDateInput } from '../../dossiers/desk-format';
import { errorSummary, pageT, titleWithErrors } from '../../web/page-kit';

const STATE_TAG: Record<NationalReconciliationItem['state'], string> = {
  in_sync: 'govuk-tag--green',
  pending: 'govuk-tag--yellow',
  dead_lettered: 'govuk-tag--red',
  never_sent: 'govuk-tag--grey',
};

/**
 * The administrator's reconciliation with the national public-service portal: for the dossiers whose status changed
 * in a period, whether the portal holds their current status, and what is still being retried, dead-lettered
 * (replayed on the deliveries page) or was never sent. The same report as `main.js national-reconciliation`.
 */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/national-sync')
export class NationalSyncPagesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async report(
    @Query('from') fromParam: string | undefined,
    @Query('to') toParam: string | undefined,
    @Query('show') showParam: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(req);
    const show = showParam === 'all' ? 'all' : 'problems';
    const chosen = fromParam !== undefined || toParam !== undefined;
    const month = monthOf(todayInVietnam());
    const form = chosen
      ? {
          from: typeof fromParam === 'string' ? fromParam.trim() : '',
          to: typeof toParam === 'string' ? toParam.trim() : '',
        }
      : { from: displayIsoDate(month.from), to: displayIsoDate(month.to) };
    const from = parseDateInput(form.from);
    const to = parseDateInput(form.to);
    const errors: Record<string, string> = {};
    if (!from) errors.from = t('national.error.from');
    if (!to) errors.to = t('national.error.to');
    if (from && to && from > to) errors.to = t('national.error.order');
    const errorList = errorSummary(errors, (field) => `national-${field}`);
    if (errorList.length > 0 || !from || !to) {
      res.status(400).render('national-sync/report', {
        pageTitle: titleWithErrors(t, t('national.title'), true),
        form,
        show,
        errors,
        errorList,
        report: null,
      });
      return;
    }
    const report = await nationalReconciliation(this.dataSource, {
      from: instantAt(from, 0),
      to: instantAt(addDays(to, 1), 0),
    });
    const items = report.items.filter((i) => show === 'all' || i.state !== 'in_sync');
    res.render('national-sync/report', {
      pageTitle: t('national.title'),
      form,
      show,
      errors,
      errorList,
      period: t('national.period', { from: displayIsoDate(from), to: displayIsoDate(to) }),
      showLinks: (['problems', 'all'] as const).map((name) => ({
        name,
        label: t(`national.show.${name}`),
        current: name === show,
        href: `/admin/national-sync?from=${encodeURIComponent(form.from)}&to=${encodeURIComponent(form.to)}&show=${name}`,
      })),
      report: {
        target: report.target,
        totals: [
          { key: 'dossiers', value: report.totals.dossiers },
          { key: 'inSync', value: report.totals.inSync },
          { key: 'pending', value: report.totals.pending },
          { key: 'deadLettered', value: report.totals.deadLettered },
          { key: 'neverSent', value: report.totals.neverSent },
        ].map((x) => ({ ...x, label: t(`national.totals.${x.key}`) })),
        items: items.map((i) => ({
          dossierId: i.dossierId,
          code: i.dossierCode,
          status: t(`status.${i.status}`),
          national: `${i.nationalCode} – ${i.nationalName}`,
          lastDelivered: i.lastDeliveredCode === null ? '—' : String(i.lastDeliveredCode),
          lastDeliveredAt: formatDateTime(i.lastDeliveredAt),
          lastDeliveredIso: isoLocal(i.lastDeliveredAt),
          state: i.state,
          stateLabel: t(`national.state.${i.state}`),
          stateClass: STATE_TAG[i.state],
          delivery: i.openDelivery && {
            href: `/admin/deliveries/${i.openDelivery.id}`,
            attempts: t('national.attempts', { attempts: String(i.openDelivery.attempts) }),
            lastError: i.openDelivery.lastError,
            when: i.openDelivery.deadAt
              ? t('national.deadAt', { at: formatDateTime(i.openDelivery.deadAt) })
              : i.openDelivery.nextAttemptAt
                ? t('national.nextAttempt', { at: formatDateTime(i.openDelivery.nextAttemptAt) })
                : null,
          },
        })),
      },
    });
  }
}

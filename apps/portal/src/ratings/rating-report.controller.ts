import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import { todayInVietnam } from '@app/procedures';
import { RATING_CRITERIA, RATING_LEVELS, RatingCountRow, RatingService } from '@app/ratings';
import { displayIsoDate, monthOf, parseDateInput } from '../dossiers/desk-format';
import { langOf } from '@app/web';
import { errorSummary, T, titleWithErrors, translator } from '../web/page-kit';

function rowsOf(rows: readonly RatingCountRow[], t: T, unnamed: string) {
  return rows.map((r) => [
    { text: r.name ?? unnamed },
    ...RATING_LEVELS.map((l) => ({ text: String(r[l]), format: 'numeric' })),
    { text: String(r.total), format: 'numeric' },
  ]);
}

/**
 * The satisfaction of the staff's own agency over a period (NĐ 118/2025 Điều 34: results counted and published):
 * ratings of the dossiers it received or decided, per level, by procedure, by the clerk who returned the result, and
 * per Điều 33 criterion. Leaders and administrators.
 */
@ApiExcludeController()
@Roles('leader', 'admin')
@Controller('desk/ratings')
export class RatingReportController {
  constructor(private readonly ratings: RatingService) {}

  @Get()
  async report(
    @Query('from') fromParam: unknown,
    @Query('to') toParam: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!principal.agency) throw new DomainError('forbidden', 'Ratings are counted for the staff of an agency.');
    const lang = langOf(req);
    const t = translator(lang);
    const month = monthOf(todayInVietnam());
    const typedFrom = typeof fromParam === 'string' ? fromParam.trim().slice(0, 20) : displayIsoDate(month.from);
    const typedTo = typeof toParam === 'string' ? toParam.trim().slice(0, 20) : displayIsoDate(month.to);
    const from = parseDateInput(typedFrom);
    const to = parseDateInput(typedTo);
    const errors: Record<string, string> = {};
    if (!from) errors.from = t('rating.report.error.from');
    if (!to || (from && to < from)) errors.to = t('rating.report.error.to');
    const errorList = errorSummary(errors);
    let model: Record<string, unknown> = { counted: false };
    if (from && to && errorList.length === 0) {
      const query = { agencyCode: principal.agency, from, to };
      const [byProcedure, byClerk, byCriterion] = await Promise.all([
        this.ratings.count(query, 'procedure'),
        this.ratings.count(query, 'clerk'),
        this.ratings.countCriteria(query),
      ]);
      const total = byProcedure.reduce((n, r) => n + r.total, 0);
      const levels = RATING_LEVELS.map((l) => ({
        text: t(`rating.level.${l}`),
        count: byProcedure.reduce((n, r) => n + r[l], 0),
      }));
      model = {
        counted: true,
        period: t('rating.report.period', { from: displayIsoDate(from), to: displayIsoDate(to) }),
        total: t('rating.report.total', { total: String(total) }),
        empty: total === 0,
        levels,
        head: [
          { text: t('rating.report.col.name') },
          ...RATING_LEVELS.map((l) => ({ text: t(`rating.level.${l}`), format: 'numeric' })),
          { text: t('rating.report.col.total'), format: 'numeric' },
        ],
        byProcedure: rowsOf(byProcedure, t, ''),
        byClerk: rowsOf(byClerk, t, t('rating.report.noClerk')),
        byCriterion: byCriterion.map((c) => {
          const criterion = RATING_CRITERIA.find((x) => x.key === c.criterion);
          return [
            { text: `${criterion?.letter ?? ''}) ${(lang === 'vi' ? criterion?.vi : criterion?.en) ?? ''}` },
            ...RATING_LEVELS.map((l) => ({ text: String(c[l]), format: 'numeric' })),
            { text: String(c.very_satisfied + c.satisfied + c.unsatisfied), format: 'numeric' },
          ];
        }),
      };
    }
    res.status(errorList.length > 0 ? 400 : 200).render('ratings/report', {
      pageTitle: titleWithErrors(t, t('rating.report.title'), errorList.length > 0),
      from: typedFrom,
      to: typedTo,
      errors,
      errorList,
      ...model,
    });
  }
}

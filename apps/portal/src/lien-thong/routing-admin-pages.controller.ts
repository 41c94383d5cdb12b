import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { AgencyService } from '@app/agency';
import { DomainError, FieldProblem } from '@app/observability';
import {
  DELIVERY_LIST_STATUSES,
  DELIVERY_MODES,
  DeliveryAdminService,
  DeliveryListItem,
  DeliveryListStatus,
  DeliveryMode,
  RouteService,
} from '@app/routing';
import { langOf } from '@app/web';
import { DELIVERY_ID, errorSummary, isDomainError, str, T, titleWithErrors, translator } from '../web/page-kit';
import { formatDateTime, isoLocal } from '../dossiers/desk-format';
import { circuitTagClass, durationText } from './lien-thong-format';
import {
  RouteFormRow,
  routeProblemText,
  routeRowsFromForm,
  routeStepsFromRows,
  STEP_FIELDS,
  stepFieldOf,
} from './route-steps';

interface TargetFormValues {
  mode: string;
  url: string;
  timeoutMs: string;
  active: boolean;
}

/**
 * Admin pages of liên thông: the routes of inter-agency procedures (editable row by row), and the deliveries
 * dashboard — targets with their health and settings, signing-secret rotation, failing and dead-lettered deliveries
 * with their attempts, and replay.
 */
@ApiExcludeController()
@Roles('admin')
@Controller('admin')
export class RoutingAdminPagesController {
  constructor(
    private readonly routes: RouteService,
    private readonly deliveries: DeliveryAdminService,
    private readonly agencies: AgencyService,
  ) {}

  @Get('routes')
  async routeList(@Req() req: Request, @Res() res: Response): Promise<void> {
    const t = translator(langOf(req));
    res.render('lien-thong/admin-routes', {
      pageTitle: t('lt.routes.title'),
      procedures: await this.routes.interAgencyProcedures(),
    });
  }

  @Get('routes/:code')
  async routeEdit(
    @Param('code') code: string,
    @Query('done') done: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { steps } = await this.routes.getRoute(code);
    const rows: RouteFormRow[] = steps.map((s) => ({
      stage: String(s.stage),
      stepCode: s.stepCode,
      name: s.name,
      agencyCode: s.agencyCode,
      budgetUnit: s.budgetUnit,
      budgetAmount: String(s.budgetAmount),
    }));
    await this.renderRoute(req, res, code, rows, [], 200, done === 'saved');
  }

  /** Saves the route (op=save), or shows the form with one more empty row (op=add); ticked rows are removed. */
  @Post('routes/:code')
  async routeSave(
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const rows = routeRowsFromForm(body);
    if (str(body.op) === 'add') {
      const last = rows[rows.length - 1];
      rows.push({
        stage: last ? last.stage : '1',
        stepCode: '',
        name: '',
        agencyCode: '',
        budgetUnit: 'working_days',
        budgetAmount: '',
      });
      return this.renderRoute(req, res, code, rows, [], 200, false);
    }
    try {
      await this.routes.replaceRoute(principal, code, routeStepsFromRows(rows));
    } catch (err) {
      if (!isDomainError(err, 'validation_failed')) throw err;
      return this.renderRoute(req, res, code, rows, err.details.errors ?? [], 400, false);
    }
    res.redirect(303, `/admin/routes/${encodeURIComponent(code)}?done=saved`);
  }

  private async renderRoute(
    req: Request,
    res: Response,
    code: string,
    rows: RouteFormRow[],
    problems: FieldProblem[],
    status: number,
    saved: boolean,
  ): Promise<void> {
    const t = translator(langOf(req));
    const [{ procedure }, agencies] = await Promise.all([this.routes.getRoute(code), this.agencies.listActive()]);
    const unit = procedure.timeLimitUnit === 'working_hours' ? 'lt.unit.hours' : 'lt.unit.days';
    const limit = `${procedure.timeLimitExtendedAmount ?? procedure.timeLimitAmount} ${t(unit)}`;
    const rowErrors: Array<Record<string, string>> = rows.map(() => ({}));
    const routeErrors: string[] = [];
    const errorList: Array<{ text: string; href: string }> = [];
    for (const p of problems) {
      const text = routeProblemText(p, t, limit);
      const at = stepFieldOf(p.field);
      const rowError = at ? rowErrors[at.row] : undefined;
      if (at && rowError && (STEP_FIELDS as readonly string[]).includes(at.field)) {
        rowError[at.field] = text;
        errorList.push({
          text: `${t('lt.routes.row', { n: String(at.row + 1) })}: ${text}`,
          href: `#steps-${at.row}-${at.field}`,
        });
      } else {
        routeErrors.push(text);
        errorList.push({ text, href: '#steps' });
      }
    }
    res.status(status).render('lien-thong/admin-route', {
      pageTitle: titleWithErrors(t, t('lt.routes.editTitle', { code }), errorList.length > 0),
      procedure,
      limit,
      rows: rows.map((r, i) => ({ ...r, index: i, errors: rowErrors[i] })),
      agencies: agencies.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` })),
      routeErrors,
      errorList,
      saved,
    });
  }

  @Get('deliveries')
  async deliveriesOverview(
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const [targets, dead, failing] = await Promise.all([
      this.deliveries.targetStats(principal),
      this.deliveries.list(principal, { status: 'dead', limit: 50 }),
      this.deliveries.list(principal, { status: 'failing', limit: 50 }),
    ]);
    res.render('lien-thong/admin-deliveries', {
      pageTitle: t('lt.deliveries.title'),
      targets: targets.map((x) => this.targetRow(x, t)),
      dead: dead.items.map((d) => this.deliveryRow(d, t)),
      moreDead: dead.nextCursor !== null,
      failing: failing.items.map((d) => this.deliveryRow(d, t)),
      moreFailing: failing.nextCursor !== null,
      success: done === 'replay' ? t('lt.deliveries.done.replay') : null,
    });
  }

  @Get('deliveries/targets/:code')
  async target(
    @Param('code') code: string,
    @Query('status') statusParam: string | undefined,
    @Query('after') after: string | undefined,
    @Query('done') done: string | undefined,
    @Query('n') n: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const success =
      done === 'saved'
        ? t('lt.target.done.saved')
        : done === 'replayAll'
          ? t('lt.target.done.replayAll', { n: /^\d{1,6}$/.test(n ?? '') ? String(n) : '0' })
          : done === 'replay'
            ? t('lt.deliveries.done.replay')
            : null;
    await this.renderTarget(req, res, principal, code, {
      status: (DELIVERY_LIST_STATUSES as readonly string[]).includes(statusParam ?? '')
        ? (statusParam as DeliveryListStatus)
        : 'dead',
      after: typeof after === 'string' && after.length > 0 && after.length <= 256 ? after : undefined,
      success,
      httpStatus: 200,
    });
  }

  @Post('deliveries/targets/:code')
  async targetSave(
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const values: TargetFormValues = {
      mode: str(body.mode),
      url: str(body.url),
      timeoutMs: str(body.timeoutMs),
      active: body.active === 'true',
    };
    const errors: Record<string, string> = {};
    if (!(DELIVERY_MODES as readonly string[]).includes(values.mode)) errors.mode = t('lt.target.error.mode');
    if (!/^\d{3,6}$/.test(values.timeoutMs)) errors.timeoutMs = t('lt.target.error.timeoutMs');
    if (Object.keys(errors).length === 0) {
      try {
        await this.routes.updateTarget(principal, code, {
          mode: values.mode as DeliveryMode,
          url: values.url === '' ? null : values.url,
          timeoutMs: Number(values.timeoutMs),
          active: values.active,
        });
        return res.redirect(303, `/admin/deliveries/targets/${encodeURIComponent(code)}?done=saved`);
      } catch (err) {
        if (!isDomainError(err, 'validation_failed')) throw err;
        for (const p of err.details.errors ?? []) {
          const field = ['mode', 'url', 'timeoutMs'].includes(p.field) ? p.field : 'mode';
          const key =
            p.field === 'url' && p.code === 'required'
              ? 'urlRequired'
              : p.field === 'url' && p.code === 'private_address'
                ? 'urlPrivate'
                : field;
          errors[field] = t(`lt.target.error.${key}`);
        }
      }
    }
    await this.renderTarget(req, res, principal, code, { status: 'dead', form: values, errors, httpStatus: 400 });
  }

  /** The new secret is shown on this response only (never stored for display, never cached). */
  @Post('deliveries/targets/:code/rotate-secret')
  async rotateSecret(
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const overlap = str(body.overlapHours);
    if (!/^\d{1,3}$/.test(overlap) || Number(overlap) > 720) {
      return this.renderTarget(req, res, principal, code, {
        status: 'dead',
        errors: { overlapHours: t('lt.target.error.overlapHours') },
        overlapHours: overlap,
        httpStatus: 400,
      });
    }
    const rotated = await this.routes.rotateSecret(principal, code, Number(overlap));
    res.setHeader('Cache-Control', 'no-store');
    await this.renderTarget(req, res, principal, code, {
      status: 'dead',
      newSecret: {
        secret: rotated.secret,
        previousExpires: formatDateTime(rotated.previousSecretExpiresAt),
      },
      httpStatus: 200,
    });
  }

  @Post('deliveries/targets/:code/replay-dead')
  async replayAllDead(
    @Param('code') code: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const { replayed } = await this.deliveries.replayAllDead(principal, code);
    res.redirect(303, `/admin/deliveries/targets/${encodeURIComponent(code)}?done=replayAll&n=${replayed}`);
  }

  @Get('deliveries/:id')
  async delivery(
    @Param('id', DELIVERY_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = translator(langOf(req));
    const d = await this.deliveries.get(principal, id);
    res.render('lien-thong/admin-delivery', {
      pageTitle: t('lt.delivery.title', { id: d.id.slice(0, 8) }),
      d: this.deliveryRow(d, t),
      attempts: d.attemptsHistory.map((a) => ({
        attempt: a.attempt,
        startedAt: formatDateTime(a.startedAt),
        startedIso: isoLocal(a.startedAt),
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        error: a.error,
        outcome: t(`lt.attempt.${a.outcome}`),
      })),
    });
  }

  /** Replays one dead-lettered delivery, then goes back where the button was (the overview or the target). */
  @Post('deliveries/:id/replay')
  async replay(
    @Param('id', DELIVERY_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const replayed = await this.deliveries.replay(principal, id);
    const back = str(body.back);
    res.redirect(
      303,
      back === 'target'
        ? `/admin/deliveries/targets/${encodeURIComponent(replayed.targetCode)}?done=replay`
        : back === 'delivery'
          ? `/admin/deliveries/${id}`
          : '/admin/deliveries?done=replay',
    );
  }

  private async renderTarget(
    req: Request,
    res: Response,
    principal: Principal,
    code: string,
    view: {
      status: DeliveryListStatus;
      after?: string;
      form?: TargetFormValues;
      errors?: Record<string, string>;
      overlapHours?: string;
      newSecret?: { secret: string; previousExpires: string };
      success?: string | null;
      httpStatus: number;
    },
  ): Promise<void> {
    const t = translator(langOf(req));
    const target = (await this.deliveries.targetStats(principal)).find((x) => x.code === code);
    if (!target) throw new DomainError('not_found', `No delivery target ${code}.`);
    const page = await this.deliveries.list(principal, {
      target: code,
      status: view.status,
      after: view.after,
      limit: 50,
    });
    const base = `/admin/deliveries/targets/${encodeURIComponent(code)}`;
    const form = view.form ?? {
      mode: target.mode,
      url: target.url ?? '',
      timeoutMs: String(target.timeoutMs),
      active: target.active,
    };
    const errors = view.errors ?? {};
    const inputId: Record<string, string> = {
      mode: 'mode',
      url: 'url',
      timeoutMs: 'timeoutMs',
      overlapHours: 'overlapHours',
    };
    res.status(view.httpStatus).render('lien-thong/admin-target', {
      pageTitle: titleWithErrors(
        t,
        t('lt.target.title', { name: target.agencyName ?? t('lt.target.national') }),
        Object.keys(errors).length > 0,
      ),
      target: this.targetRow(target, t),
      form,
      modes: DELIVERY_MODES.filter((m) => target.kind === 'agency' || m === 'push').map((m) => ({
        value: m,
        text: t(`lt.mode.${m}`),
        hint: { text: t(`lt.modeHint.${m}`) },
        checked: form.mode === m,
      })),
      errors,
      errorList: errorSummary(errors, (field) => inputId[field] ?? field),
      overlapHours: view.overlapHours ?? '24',
      newSecret: view.newSecret ?? null,
      success: view.success ?? null,
      status: view.status,
      tabs: DELIVERY_LIST_STATUSES.map((s) => ({
        name: s,
        label: t(`lt.deliveryStatus.${s}`),
        href: `${base}?status=${s}`,
        current: s === view.status,
      })),
      deliveries: page.items.map((d) => this.deliveryRow(d, t)),
      nextHref: page.nextCursor ? `${base}?status=${view.status}&after=${encodeURIComponent(page.nextCursor)}` : null,
      firstHref: view.after ? `${base}?status=${view.status}` : null,
    });
  }

  private targetRow(x: Awaited<ReturnType<DeliveryAdminService['targetStats']>>[number], t: T) {
    const unit = (name: 'd' | 'h' | 'm' | 's', n: number) => t(`lt.duration.${name}`, { n: String(n) });
    return {
      code: x.code,
      name: x.agencyName ?? t('lt.target.national'),
      kind: x.kind,
      href: `/admin/deliveries/targets/${encodeURIComponent(x.code)}`,
      mode: t(`lt.mode.${x.mode}`),
      url: x.url,
      timeoutMs: x.timeoutMs,
      active: x.active,
      hasSecret: x.hasSecret,
      previousSecretExpires: formatDateTime(x.previousSecretExpiresAt),
      circuit: t(`lt.circuit.${x.circuit}`),
      circuitClass: circuitTagClass(x.circuit),
      circuitOpenUntil: formatDateTime(x.circuitOpenUntil),
      consecutiveFailures: x.consecutiveFailures,
      pending: x.pending,
      failing: x.failing,
      dead: x.dead,
      delivered: x.deliveredLast24h,
      oldestPending: x.oldestPendingAgeSeconds === null ? null : durationText(x.oldestPendingAgeSeconds, unit),
    };
  }

  private deliveryRow(d: DeliveryListItem, t: T) {
    return {
      id: d.id,
      shortId: d.id.slice(0, 8),
      href: `/admin/deliveries/${d.id}`,
      targetCode: d.targetCode,
      targetHref: `/admin/deliveries/targets/${encodeURIComponent(d.targetCode)}`,
      eventType: d.eventType,
      dossierCode: d.dossierCode,
      status: t(`lt.deliveryStatus.${d.failing ? 'failing' : d.status}`),
      statusClass:
        d.status === 'dead'
          ? 'govuk-tag--red'
          : d.status === 'delivered'
            ? 'govuk-tag--green'
            : d.failing
              ? 'govuk-tag--yellow'
              : 'govuk-tag--blue',
      dead: d.status === 'dead',
      attempts: d.attempts,
      replayCount: d.replayCount,
      lastError: d.lastError,
      lastStatusCode: d.lastStatusCode,
      lastAttemptAt: formatDateTime(d.lastAttemptAt),
      nextAttemptAt: d.status === 'pending' ? formatDateTime(d.nextAttemptAt) : '',
      createdAt: formatDateTime(d.createdAt),
      deliveredAt: formatDateTime(d.deliveredAt),
      deadAt: formatDateTime(d.deadAt),
    };
  }
}

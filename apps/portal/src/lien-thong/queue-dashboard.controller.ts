import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import { formatDateTime, isoLocal } from '../dossiers/desk-format';
import { isQueueName, JOB_STATES, QueueDashboard, QueueOverview } from './queue-dashboard.service';
import { pageT } from '../web/page-kit';

const JOB_ID = /^[\w:.@-]{1,200}$/;
const DONE = ['retried', 'gone'];

/**
 * The operator's page of the worker's queues, for administrators: jobs per state, failed jobs with their reason, and
 * a retry of a failed job. A page of the portal like the others (its layout, language, CSRF, accessibility).
 */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/queues')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboard) {}

  @Get()
  async page(@Query('done') done: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const t = pageT(req);
    const known = (key: string) => t(key) !== key;
    let queues: QueueOverview[] | null = null;
    try {
      queues = await this.dashboard.overview();
    } catch (err) {
      if (err instanceof DomainError) throw err;
      // Redis down or unreachable: say so on the page instead of an error page.
      queues = null;
    }
    res.status(queues ? 200 : 503).render('lien-thong/admin-queues', {
      pageTitle: t('lt.queues.title'),
      unavailable: queues === null,
      success: done && DONE.includes(done) ? t(`lt.queues.done.${done}`) : null,
      states: JOB_STATES.map((s) => ({ name: s, label: t(`lt.queues.state.${s}`) })),
      queues: (queues ?? []).map((q) => ({
        name: q.name,
        label: known(`lt.queues.queue.${q.name}`) ? t(`lt.queues.queue.${q.name}`) : q.name,
        paused: q.paused,
        counts: JOB_STATES.map((s) => ({ state: s, label: t(`lt.queues.state.${s}`), n: q.counts[s] })),
        failedCount: q.counts.failed,
        failed: q.failed.map((j) => ({
          id: j.id,
          job: known(`lt.queues.job.${j.name}`) ? t(`lt.queues.job.${j.name}`) : j.name,
          reason: j.reason || t('lt.queues.noReason'),
          attempts: String(j.attemptsMade),
          failedAt: j.failedAt ? formatDateTime(j.failedAt) : '—',
          failedIso: isoLocal(j.failedAt),
          retryAction: `/admin/queues/${q.name}/jobs/${encodeURIComponent(j.id)}/retry`,
        })),
      })),
    });
  }

  @Post(':queue/jobs/:id/retry')
  async retry(
    @Param('queue') queue: string,
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    if (!isQueueName(queue) || !JOB_ID.test(id)) throw new DomainError('not_found', 'No such job.');
    try {
      await this.dashboard.retry(principal, queue, id);
    } catch (err) {
      // Retried, finished or removed meanwhile: the page says so rather than failing.
      if (err instanceof DomainError && (err.code === 'conflict' || err.code === 'not_found')) {
        return res.redirect(303, `/admin/queues?done=gone#queue-${queue}`);
      }
      throw err;
    }
    res.redirect(303, `/admin/queues?done=retried#queue-${queue}`);
  }
}

import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles } from '@app/auth';
import { MessageAdmin, MessageFilter, MessageItem, MessageStatus } from '@app/messages';
import { DomainError } from '@app/observability';
import { formatDateTime, isoLocal } from '../dossiers/desk-format';
import { pageT, str, uuidParam } from '../web/page-kit';

const MESSAGE_ID = uuidParam('message');
const PAGE_SIZE = 50;

const STATUS_TAG: Record<MessageStatus, string> = {
  queued: 'govuk-tag--grey',
  sending: 'govuk-tag--blue',
  sent: 'govuk-tag--green',
  failed: 'govuk-tag--yellow',
  given_up: 'govuk-tag--red',
};

/**
 * The operator's view of the messages sent to citizens: how many stand in each state per channel, the ones that
 * failed (with the mail server's reason and the next attempt) or were given up, and a retry for those. Every message
 * is sent by the worker; retrying only queues it again.
 */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/messages')
export class MessagesAdminPagesController {
  private readonly admin: MessageAdmin;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.admin = new MessageAdmin(dataSource);
  }

  @Get()
  async list(
    @Query('show') showParam: string | undefined,
    @Query('before') beforeParam: string | undefined,
    @Query('done') done: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(req);
    const show: MessageFilter = showParam === 'all' ? 'all' : 'problems';
    const before = beforeParam && !Number.isNaN(Date.parse(beforeParam)) ? new Date(beforeParam) : undefined;
    const [{ items, more }, totals] = await Promise.all([
      this.admin.list(show, PAGE_SIZE, before),
      this.admin.totals(),
    ]);
    const last = items[items.length - 1];
    res.render('messages/admin', {
      pageTitle: t('msg.admin.title'),
      success: done === 'retry' ? t('msg.admin.done.retry') : null,
      show,
      showLinks: (['problems', 'all'] as const).map((name) => ({
        name,
        label: t(`msg.admin.show.${name}`),
        current: name === show,
        href: `/admin/messages?show=${name}`,
      })),
      totals: (['queued', 'sending', 'sent', 'failed', 'given_up'] as const).map((status) => ({
        status,
        label: t(`msg.status.${status}`),
        count: totals.filter((x) => x.status === status).reduce((sum, x) => sum + x.count, 0),
      })),
      items: items.map((m) => this.row(m, t)),
      older:
        more && last ? `/admin/messages?show=${show}&before=${encodeURIComponent(last.createdAt.toISOString())}` : null,
    });
  }

  @Post(':id/retry')
  async retry(@Param('id', MESSAGE_ID) id: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    if (!(await this.admin.retry(id))) {
      throw new DomainError('conflict', 'Only a message that failed or was given up can be retried.');
    }
    res.redirect(303, `/admin/messages?show=${str(body.show) === 'all' ? 'all' : 'problems'}&done=retry`);
  }

  private row(m: MessageItem, t: (key: string, params?: Record<string, string>) => string) {
    return {
      id: m.id,
      shortId: m.id.slice(0, 8),
      kind: t(`msg.kind.${m.kind}`),
      channel: t(`msg.channel.${m.channel}`),
      recipient: m.recipient,
      dossierCode: m.dossierCode ?? t('msg.admin.noCode'),
      applicantName: m.applicantName,
      dossierHref: `/desk/dossiers/${m.dossierId}`,
      status: t(`msg.status.${m.status}`),
      statusClass: STATUS_TAG[m.status],
      attempts: String(m.attempts),
      lastError: m.lastError,
      createdAt: formatDateTime(m.createdAt),
      createdIso: isoLocal(m.createdAt),
      nextAttemptAt: m.nextAttemptAt ? formatDateTime(m.nextAttemptAt) : null,
      sentAt: m.sentAt ? formatDateTime(m.sentAt) : null,
      retryable: m.status === 'failed' || m.status === 'given_up',
    };
  }
}

import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import { formatDateTime, isoLocal } from '../../dossiers/desk-format';
import { NotificationInbox, NotificationItem } from './notification-inbox.service';
import { pageT } from '../../web/page-kit';

const ID = /^[1-9]\d{0,17}$/;
const DONE = ['read', 'readAll'];

type Show = 'unread' | 'all';

function showOf(value: unknown): Show {
  return value === 'all' ? 'all' : 'unread';
}

/** The page's text of a notification: its own template by kind, else the stored Vietnamese message. */
export function presentNotification(n: NotificationItem, t: (key: string, params?: Record<string, string>) => string) {
  const known = (key: string) => t(key) !== key;
  const params = {
    code: n.dossierCode ?? t('notifications.noCode'),
    step: n.stepName ?? '',
    agency: n.caseAgencyName ?? '',
    procedure: n.procedureName ?? '',
  };
  const due = n.agencyCaseId ? n.caseDueAt : n.dossierDueAt;
  let link: { href: string; text: string } | null = null;
  if (n.agencyCaseId && n.recipientRole === 'agency_officer') {
    link = { href: `/agency/cases/${n.agencyCaseId}`, text: t('notifications.openCase') };
  } else if (n.dossierId && n.kind === 'apology_needed') {
    link = { href: `/desk/dossiers/${n.dossierId}#apology`, text: t('notifications.openApology') };
  } else if (n.dossierId) {
    link = { href: `/desk/dossiers/${n.dossierId}`, text: t('notifications.openDossier') };
  }
  return {
    id: n.id,
    kind: n.kind,
    unread: n.readAt === null,
    // Kinds without a page title of their own read as a plain notification, never as their internal name.
    title: known(`notifications.kind.${n.kind}`) ? t(`notifications.kind.${n.kind}`) : t('notifications.kind.other'),
    text: known(`notifications.text.${n.kind}`) ? t(`notifications.text.${n.kind}`, params) : n.message,
    when: formatDateTime(n.createdAt),
    whenIso: isoLocal(n.createdAt),
    recipient: n.personal
      ? t('notifications.forYou')
      : t('notifications.forRole', { role: n.recipientRole ? t(`role.${n.recipientRole}`) : '' }),
    due: due ? t('notifications.currentDue', { due: formatDateTime(due) }) : null,
    dueIso: isoLocal(due),
    link,
    code: params.code,
  };
}

/**
 * Staff notifications: deadline warnings, overdue escalations and requests for a Mẫu 04 apology addressed to the
 * signed-in person or to one of their roles at their agency; marked read one by one or all at once.
 */
@ApiExcludeController()
@Roles('clerk', 'specialist', 'leader', 'agency_officer', 'admin')
@Controller('notifications')
export class NotificationsPagesController {
  constructor(private readonly inbox: NotificationInbox) {}

  @Get()
  async list(
    @Query('show') showParam: string | undefined,
    @Query('before') before: string | undefined,
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(req);
    const show = showOf(showParam);
    if (before !== undefined && !ID.test(before)) {
      throw new DomainError('validation_failed', 'before must be a notification id.', {
        errors: [{ field: 'before', messages: ['must be a notification id'] }],
      });
    }
    const [page, unread] = await Promise.all([
      this.inbox.list(principal, { unreadOnly: show === 'unread', before: before ?? null }),
      this.inbox.unreadCount(principal),
    ]);
    res.render('notifications/list', {
      pageTitle: t('notifications.title'),
      show,
      unread,
      tabs: (['unread', 'all'] as const).map((name) => ({
        name,
        href: `/notifications?show=${name}`,
        label: t(`notifications.tab.${name}`),
        current: name === show,
      })),
      items: page.items.map((n) => presentNotification(n, t)),
      olderHref: page.nextBefore ? `/notifications?show=${show}&before=${page.nextBefore}` : null,
      success: done && DONE.includes(done) ? t(`notifications.done.${done}`) : null,
    });
  }

  @Post('read-all')
  async markAllRead(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    await this.inbox.markAllRead(principal);
    res.redirect(303, `/notifications?show=${showOf(body.show)}&done=readAll`);
  }

  @Post(':id/read')
  async markRead(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    await this.inbox.markRead(principal, id);
    res.redirect(303, `/notifications?show=${showOf(body.show)}&done=read`);
  }
}

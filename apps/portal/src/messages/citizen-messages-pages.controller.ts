import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { CitizenInbox, SMS_PREFERENCES } from '@app/messages';
import { DomainError } from '@app/observability';
import { formatDayTime } from '../dossiers/citizen-format';
import { isoLocal } from '../dossiers/desk-format';
import { langOf } from '@app/web';
import { pageT, str } from '../web/page-kit';
import { CITIZEN_INBOX } from './citizen-inbox.token';

/**
 * The citizen's messages about their dossiers in the portal — the same notices the worker e-mails, kept for the
 * account that owns the dossier — and their choices: e-mail or not (notices the rules require go out regardless),
 * and the language messages are written in.
 */
@ApiExcludeController()
@Roles('citizen')
@Controller('account')
export class CitizenMessagesPagesController {
  constructor(@Inject(CITIZEN_INBOX) private readonly inbox: CitizenInbox) {}

  @Get('messages')
  async list(
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(req);
    const lang = langOf(req);
    const [items, unread] = await Promise.all([
      this.inbox.list(principal.subject, lang),
      this.inbox.unreadCount(principal.subject),
    ]);
    res.render('messages/citizen', {
      pageTitle: t('msg.citizen.title'),
      success: done === 'read' ? t('msg.citizen.done.read') : null,
      unread,
      items: items.map((m) => ({
        id: m.id,
        kind: m.kind,
        subject: m.subject,
        paragraphs: m.paragraphs,
        unread: m.unread,
        when: formatDayTime(m.createdAt, lang),
        whenIso: isoLocal(m.createdAt),
        href: `/dossiers/${m.dossierId}`,
      })),
    });
  }

  @Post('messages/read')
  async markAllRead(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await this.inbox.markAllRead(principal.subject);
    res.redirect(303, '/account/messages?done=read');
  }

  /**
   * The form on "Tài khoản của tôi": e-mail yes or no, when to get SMS, and the language. A bad value is refused
   * naming the field.
   */
  @Post('preferences')
  async savePreferences(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const locale = str(body.locale);
    const email = str(body.email);
    const sms = str(body.sms);
    const smsChoice = SMS_PREFERENCES.find((p) => p === sms);
    const errors = [
      ...(locale === 'vi' || locale === 'en' ? [] : [{ field: 'locale', messages: ['must be vi or en'] }]),
      ...(email === 'yes' || email === 'no' ? [] : [{ field: 'email', messages: ['must be yes or no'] }]),
      ...(smsChoice ? [] : [{ field: 'sms', messages: ['must be fallback, always or never'] }]),
    ];
    if (errors.length > 0 || (locale !== 'vi' && locale !== 'en') || !smsChoice) {
      throw new DomainError(
        'validation_failed',
        `${errors.map((e) => e.field).join(', ')}: not a choice of the form.`,
        {
          errors,
        },
      );
    }
    await this.inbox.savePreferences(principal.subject, { email: email === 'yes', sms: smsChoice, locale });
    res.redirect(303, '/account?done=preferences');
  }
}

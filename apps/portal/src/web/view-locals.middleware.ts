import { randomBytes } from 'node:crypto';
import { Inject, Injectable, NestMiddleware, Optional } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { csrfTokenOf, langOf, LANGS, returnPathOf, withPageLanguage } from '@app/web';
import { translate } from '../i18n/messages';
import { STAFF_ROLES } from '@app/auth';
import type { CitizenInbox } from '@app/messages';
import { CITIZEN_INBOX } from '../messages/citizen-inbox.token';
import { NotificationInbox } from '../lien-thong/notifications/notification-inbox.service';

/** Values every page template sees: language and translator, the signed-in user, CSRF token, navigation. */
@Injectable()
export class ViewLocalsMiddleware implements NestMiddleware {
  constructor(
    @Optional() private readonly inbox?: NotificationInbox,
    @Optional() @Inject(CITIZEN_INBOX) private readonly citizenInbox?: CitizenInbox,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const lang = langOf(req);
    const user = req.principal ?? null;
    const staff = user?.roles.some((r) => STAFF_ROLES.includes(r)) ?? false;
    // The unread count in the navigation: signed-in staff viewing pages only, never API calls.
    const unread =
      staff && user && this.inbox && req.session?.auth && req.method === 'GET' && !req.path.startsWith('/api/')
        ? await this.inbox.unreadCount(user).catch(() => 0)
        : 0;
    const citizen = user?.roles.includes('citizen') ?? false;
    const citizenUnread =
      citizen && user && this.citizenInbox && req.session?.auth && req.method === 'GET' && !req.path.startsWith('/api/')
        ? await this.citizenInbox.unreadCount(user.subject).catch(() => 0)
        : 0;
    res.locals.cspNonce = (res.locals.cspNonce as string | undefined) ?? randomBytes(16).toString('base64');
    res.locals.lang = lang;
    res.locals.otherLang = LANGS.find((l) => l !== lang) ?? 'vi';
    res.locals.t = (key: string, params?: Record<string, string>) => translate(lang, key, params);
    res.locals.user = user;
    res.locals.currentPath = returnPathOf(req);
    // Only signed-in pages carry forms that need a token; anonymous visitors get no server-side session.
    res.locals.csrfToken = req.session?.auth ? csrfTokenOf(req) : '';
    res.locals.navItems = [
      { href: '/', text: translate(lang, 'nav.home'), active: req.path === '/' },
      { href: '/procedures', text: translate(lang, 'nav.procedures'), active: req.path.startsWith('/procedures') },
      { href: '/lookup', text: translate(lang, 'nav.lookup'), active: req.path === '/lookup' },
      ...(citizen
        ? [
            { href: '/dossiers', text: translate(lang, 'nav.myDossiers'), active: req.path.startsWith('/dossiers') },
            {
              href: '/account/messages',
              text: citizenUnread
                ? translate(lang, 'nav.notificationsUnread', { count: String(citizenUnread) })
                : translate(lang, 'nav.notifications'),
              active: req.path.startsWith('/account/messages'),
              attributes: { 'data-testid': 'nav-messages' },
            },
          ]
        : []),
      ...(user ? [{ href: '/account', text: translate(lang, 'nav.account'), active: req.path === '/account' }] : []),
      // The ward's desk is for its clerks, specialists, leaders and admins; a linked agency's officer has the inbox.
      ...(user?.roles.some((r) => r === 'clerk' || r === 'specialist' || r === 'leader' || r === 'admin')
        ? [
            {
              href: '/desk',
              text: translate(lang, 'nav.desk'),
              active:
                req.path.startsWith('/desk') &&
                !['/desk/intake', '/desk/counter', '/desk/ratings'].some((p) => req.path.startsWith(p)),
            },
          ]
        : []),
      ...(staff
        ? [
            {
              href: '/notifications',
              text: unread
                ? translate(lang, 'nav.notificationsUnread', { count: String(unread) })
                : translate(lang, 'nav.notifications'),
              active: req.path.startsWith('/notifications'),
              attributes: { 'data-testid': 'nav-notifications' },
            },
          ]
        : []),
      ...(user?.roles.includes('clerk')
        ? [{ href: '/desk/intake', text: translate(lang, 'nav.intake'), active: req.path === '/desk/intake' }]
        : []),
      // The clerk's counter tablets; the agency's satisfaction for its leaders and administrators.
      ...(user?.roles.includes('clerk')
        ? [{ href: '/desk/counter', text: translate(lang, 'nav.counter'), active: req.path === '/desk/counter' }]
        : []),
      ...(user?.roles.some((r) => r === 'leader' || r === 'admin')
        ? [{ href: '/desk/ratings', text: translate(lang, 'nav.ratings'), active: req.path === '/desk/ratings' }]
        : []),
      ...(user?.roles.includes('agency_officer')
        ? [{ href: '/agency/cases', text: translate(lang, 'nav.agencyCases'), active: req.path.startsWith('/agency') }]
        : []),
      ...(user?.roles.includes('admin')
        ? [
            {
              href: '/admin/procedures',
              text: translate(lang, 'nav.adminProcedures'),
              active: req.path.startsWith('/admin/procedures'),
            },
            {
              href: '/admin/calendar',
              text: translate(lang, 'nav.calendar'),
              active: req.path.startsWith('/admin/calendar'),
            },
            {
              href: '/admin/deliveries',
              text: translate(lang, 'nav.lienThong'),
              active: ['/admin/deliveries', '/admin/routes', '/admin/queues'].some((p) => req.path.startsWith(p)),
            },
            {
              href: '/admin/national-sync',
              text: translate(lang, 'nav.nationalSync'),
              active: req.path.startsWith('/admin/national-sync'),
            },
            {
              href: '/admin/messages',
              text: translate(lang, 'nav.messages'),
              active: req.path.startsWith('/admin/messages'),
            },
          ]
        : []),
    ];
    // GOV.UK's own words on the page (field errors, pagination) follow its language too.
    withPageLanguage(lang, next);
  }
}

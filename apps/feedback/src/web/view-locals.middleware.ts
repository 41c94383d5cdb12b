import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { FEEDBACK_CONFIG, FeedbackConfig } from '@app/config';
import type { Principal } from '@app/auth';
import { csrfTokenOf, langOf, LANGS, returnPathOf, withPageLanguage } from '@app/web';
import { translate } from '../i18n/messages';

/** Staff roles that handle reports assigned to their agency (a unit). */
export const UNIT_ROLES = ['clerk', 'specialist', 'leader', 'agency_officer'] as const;

export function isOperator(user: Principal | null | undefined): boolean {
  return user?.roles.includes('feedback_operator') ?? false;
}

export function isUnitStaff(user: Principal | null | undefined): boolean {
  return user?.agency != null && (user.roles.some((r) => (UNIT_ROLES as readonly string[]).includes(r)) ?? false);
}

/** Values every page template sees: language and translator, the signed-in user, CSRF token, navigation. */
@Injectable()
export class FeedbackViewLocalsMiddleware implements NestMiddleware {
  constructor(@Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const lang = langOf(req);
    const user = req.principal ?? null;
    const t = (key: string, params?: Record<string, string>) => translate(lang, key, params);
    const item = (href: string, key: string, active: boolean) => ({ href, text: t(key), active });
    res.locals.lang = lang;
    res.locals.otherLang = LANGS.find((l) => l !== lang) ?? 'vi';
    res.locals.t = t;
    res.locals.user = user;
    res.locals.currentPath = returnPathOf(req);
    res.locals.portalUrl = this.config.portalUrl;
    res.locals.csrfToken = req.session?.auth ? csrfTokenOf(req) : '';
    res.locals.navItems = [
      item('/', 'nav.home', req.path === '/'),
      item('/reports/new', 'nav.reportNew', req.path === '/reports/new'),
      item('/reports', 'nav.reports', req.path === '/reports' || /^\/reports\/PA-/.test(req.path)),
      ...(user?.roles.includes('citizen') ? [item('/my/reports', 'nav.myReports', req.path.startsWith('/my'))] : []),
      ...(isOperator(user) ? [item('/desk', 'nav.desk', req.path.startsWith('/desk'))] : []),
      ...(isUnitStaff(user) ? [item('/unit', 'nav.unit', req.path.startsWith('/unit'))] : []),
    ];
    withPageLanguage(lang, next);
  }
}

import { Catch, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemDetails, ProblemDetailsFilter } from '@app/observability';
import { langOf } from './view-locals.middleware';
import { translator } from './page-kit';

function wantsHtml(req: Request): boolean {
  if (req.path.startsWith('/api/') || req.path === '/auth/backchannel-logout') return false;
  return (req.headers.accept ?? '').includes('text/html');
}

/** problem+json for API callers; for people, a page in their language (or the sign-in when that is the remedy). */
@Catch()
@Injectable()
export class PortalProblemFilter extends ProblemDetailsFilter {
  constructor() {
    super((req, res, problem) => renderProblemPage(req, res, problem));
  }
}

function renderProblemPage(req: Request, res: Response, problem: ProblemDetails): boolean {
  if (!wantsHtml(req)) return false;
  if (problem.status === 401 && problem.code === 'unauthenticated' && req.method === 'GET') {
    res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    return true;
  }
  const lang = langOf(req);
  const t = translator(lang);
  // 429 and the like must not be cached: the same address works again once the limit's window ends.
  res.setHeader('Cache-Control', 'no-store');
  const key =
    problem.code === 'login_failed' ? 'error.loginFailed' : `error.${problem.status >= 500 ? 500 : problem.status}`;
  const retryAfter = typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : 60;
  const params = { minutes: String(Math.max(1, Math.ceil(retryAfter / 60))) };
  const message = t(key) === key ? (problem.detail ?? problem.title) : t(key, params);
  res.status(problem.status).render('pages/error', {
    lang,
    otherLang: lang === 'vi' ? 'en' : 'vi',
    t,
    user: req.principal ?? null,
    currentPath: req.path,
    csrfToken: req.session?.csrfToken ?? '',
    navItems: [{ href: '/', text: t('nav.home'), active: false }],
    cspNonce: res.locals.cspNonce as string | undefined,
    pageTitle: t('error.title'),
    message,
    correlationId: problem.correlationId,
  });
  return true;
}

import { Catch, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemDetails, ProblemDetailsFilter } from '@app/observability';
import { langOf } from './lang';
import { WEB_SHELL_OPTIONS, WebShellOptions } from './web-shell.options';

/**
 * problem+json for machines (API paths, the back-channel logout, anything not asking for HTML); for people, the app's
 * `pages/error` page in their language, or the sign-in when that is the remedy.
 */
@Catch()
@Injectable()
export class WebProblemFilter extends ProblemDetailsFilter {
  constructor(@Inject(WEB_SHELL_OPTIONS) options: WebShellOptions) {
    super((req, res, problem) => renderProblemPage(options, req, res, problem));
  }
}

function wantsHtml(options: WebShellOptions, req: Request): boolean {
  const machine = ['/api/', '/auth/backchannel-logout', ...(options.machinePrefixes ?? [])];
  if (machine.some((p) => req.path.startsWith(p))) return false;
  return (req.headers.accept ?? '').includes('text/html');
}

function renderProblemPage(options: WebShellOptions, req: Request, res: Response, problem: ProblemDetails): boolean {
  if (!wantsHtml(options, req)) return false;
  if (problem.status === 401 && problem.code === 'unauthenticated' && req.method === 'GET') {
    res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    return true;
  }
  const lang = langOf(req);
  const t = (key: string, params?: Record<string, string>) => options.translate(lang, key, params);
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

import type { Request } from 'express';

/** The languages of every page: Vietnamese first, English second. */
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Interface text of a key in a language, with `{name}` parameters filled in (each app brings its dictionary). */
export type Translate = (lang: Lang, key: string, params?: Record<string, string>) => string;

/** One cookie for every app of the ward: a language chosen in one is the language of the others. */
export const LANG_COOKIE = 'motcua_lang';

export function langOf(req: Pick<Request, 'headers'>): Lang {
  const cookie = req.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(vi|en)(?:;|$)`).exec(cookie);
  return (match?.[1] as Lang | undefined) ?? 'vi';
}

/** Query parameters that report what just happened: not carried back after a language switch or a sign-in. */
const ONE_TIME_PARAMS = ['done', 'error', 'payError', 'method'];

/**
 * Where a language switch or a sign-in comes back to: a page shown for a GET with its query (the lookup's code and key,
 * a list's filters) less the one-time outcome flags; a page shown after a POST, its address.
 */
export function returnPathOf(req: Pick<Request, 'method' | 'originalUrl' | 'path'>): string {
  if (req.method !== 'GET' || req.originalUrl.length > 1024) return req.path;
  const url = new URL(req.originalUrl, 'http://app.invalid');
  for (const name of ONE_TIME_PARAMS) url.searchParams.delete(name);
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

import type { Translate } from './lang';

/** A route whose JSON body may be larger than the general limit (an authenticated caller's POST only). */
export interface LargeBodyRoute {
  path: RegExp;
  limit: number;
  /** The field named when the body is too large, and what to tell the caller. */
  field?: string;
  tooLarge?: (limit: number) => string;
}

/** What each app tells the shared web shell about itself. */
export interface WebShellOptions {
  /** The app's interface text (its dictionary, which includes the shell's own keys: error pages, roles, nav). */
  translate: Translate;
  /**
   * Paths called by servers, not browsers, exempt from the session's CSRF check: they authenticate by their own means
   * (a logout token, an API key). `/auth/backchannel-logout` always is.
   */
  csrfExemptPrefixes?: readonly string[];
  /**
   * Page forms that send files (multipart): their `_csrf` field is checked by MultipartCsrfInterceptor once the
   * route's upload interceptor has parsed the body. Only these routes may defer the check.
   */
  multipartFormRoutes?: readonly RegExp[];
  /** Path prefixes answered to machines (problem+json or the API's own format), never with an HTML error page. */
  machinePrefixes?: readonly string[];
  largeBodyRoutes?: readonly LargeBodyRoute[];
}

export const WEB_SHELL_OPTIONS = Symbol('WEB_SHELL_OPTIONS');

import { ParseUUIDPipe } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError, ErrorCode } from '@app/observability';
import { Lang, translate } from '../i18n/messages';
import { langOf } from '@app/web';

/** The page controllers' shared pieces: posted values, translation, ids in paths, uploads, errors. */

/** Interface text of a key in one language, with `{name}` parameters filled in. */
export type T = (key: string, params?: Record<string, string>) => string;

export function translator(lang: Lang): T {
  return (key, params) => translate(lang, key, params);
}

/** The translator of the request's page language. */
export function pageT(req: Request): T {
  return translator(langOf(req));
}

/** A posted form value as text, trimmed; '' when it is missing or not a single text (a repeated name, a file). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** A posted form value as it was typed (shown again on the form), '' when it is missing or not a single text. */
export function typed(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * A path parameter that must be a UUID. Anything else is the same 404 as an unknown id (`No such <what>.`), so a
 * malformed id never reaches SQL and ids cannot be told apart by their error.
 */
export function uuidParam(what: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new DomainError('not_found', `No such ${what}.`) });
}

/** The UUID pipes of the ids in paths. */
export const DOSSIER_ID = uuidParam('dossier');
export const CASE_ID = uuidParam('case');
export const DOCUMENT_ID = uuidParam('document');
export const DELIVERY_ID = uuidParam('delivery');

/**
 * The name of an uploaded file as the browser wrote it: browsers send multipart file names in UTF-8, multer reads
 * the header as latin1 ("Giấy khai sinh.pdf" arrives as "GiÃ¡y..."), so the bytes are read again as UTF-8.
 */
export function uploadedFileName(file: Pick<Express.Multer.File, 'originalname'>): string {
  return Buffer.from(file.originalname, 'latin1').toString('utf8');
}

/** Whether `err` is a domain error with one of `codes` (any code when none is given). */
export function isDomainError(err: unknown, ...codes: ErrorCode[]): err is DomainError {
  return err instanceof DomainError && (codes.length === 0 || codes.includes(err.code));
}

/** A page title, prefixed with the one error-summary title when the page shows errors. */
export function titleWithErrors(t: T, title: string, hasErrors: boolean): string {
  return hasErrors ? `${t('error.summaryTitle')}: ${title}` : title;
}

/** What a page's forms show again after a post: the action, its field errors, the values typed, a refusal. */
export function formState(state: {
  action?: string;
  errors?: Record<string, string>;
  values?: object;
  conflict?: string;
}) {
  return {
    action: state.action ?? null,
    errors: state.errors ?? {},
    values: state.values ?? {},
    conflict: state.conflict ?? null,
  };
}

/** The error summary's list: each field's message, linking to its input (`#<id>` from `idOf(field)`). */
export function errorSummary(
  errors: Readonly<Record<string, string>>,
  idOf: (field: string) => string = (field) => field,
): Array<{ text: string; href: string }> {
  return Object.entries(errors).map(([field, text]) => ({ text, href: `#${idOf(field)}` }));
}

/**
 * One cookie of the request, URL-decoded, if it is there and matches `shape` (the portal sets only a few cookies
 * outside the session and reads them without a cookie parser); undefined when absent, mangled or of another shape.
 */
export function cookieValue(req: Pick<Request, 'headers'>, name: string, shape: RegExp): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      const value = decodeURIComponent(part.slice(eq + 1).trim());
      return shape.test(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

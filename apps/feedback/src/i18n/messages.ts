import { SHELL_MESSAGES, type Lang } from '@app/web';
import { FEEDBACK_CORE_MESSAGES } from './core.messages';
import { REPORTS_MESSAGES } from './reports.messages';
import { STAFF_MESSAGES } from './staff.messages';

/**
 * The feedback app's interface text, Vietnamese first, one dictionary per area merged here (the shell's own words
 * first). Every key must exist in both languages and no key may be defined by two areas (both checked by a test).
 */
export const MESSAGE_AREAS = [SHELL_MESSAGES, FEEDBACK_CORE_MESSAGES, REPORTS_MESSAGES, STAFF_MESSAGES] as const;

export const MESSAGES: Record<Lang, Record<string, string>> = {
  vi: Object.assign({}, ...MESSAGE_AREAS.map((a) => a.vi)) as Record<string, string>,
  en: Object.assign({}, ...MESSAGE_AREAS.map((a) => a.en)) as Record<string, string>,
};

export function translate(lang: Lang, key: string, params: Record<string, string> = {}): string {
  const template = MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

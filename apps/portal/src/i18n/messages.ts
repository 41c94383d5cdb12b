import { SHELL_MESSAGES } from '@app/web';
import { CALENDAR_MESSAGES } from './calendar.messages';
import { CATALOGUE_MESSAGES } from './catalogue.messages';
import { CORE_MESSAGES } from './core.messages';
import { DESK_MESSAGES } from './desk.messages';
import { DOSSIER_MESSAGES } from './dossier.messages';
import { IDENTITY_MESSAGES } from './identity.messages';
import { LIEN_THONG_MESSAGES } from './lien-thong.messages';
import { MESSAGES_ADMIN_MESSAGES } from './messages-admin.messages';
import { NOTIFICATIONS_MESSAGES } from './notifications.messages';
import { PAYMENTS_MESSAGES } from './payments.messages';
import { RATING_MESSAGES } from './rating.messages';

/**
 * Interface text, Vietnamese first, one dictionary per area merged here. Every key must exist in both languages
 * and no key may be defined by two areas (both checked by a test).
 */
export const MESSAGE_AREAS = [
  SHELL_MESSAGES,
  CORE_MESSAGES,
  CALENDAR_MESSAGES,
  CATALOGUE_MESSAGES,
  DOSSIER_MESSAGES,
  DESK_MESSAGES,
  NOTIFICATIONS_MESSAGES,
  LIEN_THONG_MESSAGES,
  MESSAGES_ADMIN_MESSAGES,
  IDENTITY_MESSAGES,
  RATING_MESSAGES,
  PAYMENTS_MESSAGES,
] as const;

export const MESSAGES = {
  vi: Object.assign({}, ...MESSAGE_AREAS.map((a) => a.vi)) as Record<string, string>,
  en: Object.assign({}, ...MESSAGE_AREAS.map((a) => a.en)) as Record<string, string>,
};

export type Lang = keyof typeof MESSAGES;
export const LANGS: readonly Lang[] = ['vi', 'en'];

export function translate(lang: Lang, key: string, params: Record<string, string> = {}): string {
  const template = MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

import type { Lang } from '../i18n/messages';

const ZONE = 'Asia/Ho_Chi_Minh';

/** A date as Vietnamese readers write it (dd/mm/yyyy), in Vietnam's time zone; '' for none. */
export function formatDay(at: Date | null): string {
  if (!at) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    at,
  );
}

/** Date and time (dd/mm/yyyy HH:mm) in Vietnam's time zone; '' for none. */
export function formatDayTime(at: Date | null, lang: Lang = 'vi'): string {
  if (!at) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${part('day')}/${part('month')}/${part('year')}`;
  return lang === 'vi' ? `${part('hour')}:${part('minute')} ngày ${day}` : `${day} ${part('hour')}:${part('minute')}`;
}

/** One colour per status on every page (the desk's scheme). */
export { statusTagClass } from './desk-format';

import type { FeedbackCategory, PublicReport, ReportDetail, ReportStatus } from '@app/feedback';
import type { Lang } from '@app/web';

export type T = (key: string, params?: Record<string, string>) => string;

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** dd/mm/yyyy HH:mm, Vietnam time, whatever the page's language (the form citizens read on paper too). */
export function formatDateTime(value: Date | null): string {
  if (!value) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(value);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

const TAG: Record<ReportStatus, string> = {
  new: 'govuk-tag--blue',
  accepted: 'govuk-tag--light-blue',
  assigned: 'govuk-tag--purple',
  acknowledged: 'govuk-tag--purple',
  in_progress: 'govuk-tag--yellow',
  info_requested: 'govuk-tag--orange',
  resolved: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
  merged: 'govuk-tag--grey',
  transferred: 'govuk-tag--grey',
};

export function statusView(t: T, status: ReportStatus) {
  return { text: t(`status.${status}`), classes: TAG[status] };
}

export function limitText(t: T, c: Pick<FeedbackCategory, 'responseLimit'>): string {
  return t(`limit.${c.responseLimit.unit}`, { value: String(c.responseLimit.value).replace('.', ',') });
}

/** How long the handling took, in hours under two days, in days after. */
export function timeTaken(t: T, from: Date, to: Date | null): string {
  if (!to) return '';
  const hours = Math.max(0, (to.getTime() - from.getTime()) / 3600_000);
  return hours < 48
    ? t('detail.hours', { hours: String(Math.max(1, Math.round(hours))) })
    : t('detail.days', { days: String(Math.round(hours / 24)) });
}

export function categoryName(lang: Lang, name: { vi: string; en: string }): string {
  return lang === 'en' ? name.en : name.vi;
}

/** A row of a list: what anyone may read of a report. */
export function listItem(t: T, lang: Lang, r: PublicReport, href: string) {
  return {
    number: r.number,
    href,
    category: categoryName(lang, r.categoryName),
    status: statusView(t, r.status),
    received: formatDateTime(r.receivedAt),
    due: formatDateTime(r.dueAt),
    description: r.description.length > 160 ? `${r.description.slice(0, 157)}…` : r.description,
    address: r.address ?? t('detail.coords', { lat: r.location.lat.toFixed(5), lng: r.location.lng.toFixed(5) }),
  };
}

/** The detail of a report as the public page shows it (and the reporter's and staff pages build on). */
export function publicView(t: T, lang: Lang, r: PublicReport) {
  const photo = (kind: 'report' | 'answer') =>
    r.photos
      .filter((p) => p.kind === kind)
      .map((p, i) => ({
        src: `/photos/${p.id}`,
        alt: t(kind === 'report' ? 'detail.photoAlt' : 'detail.answerPhotoAlt', { n: String(i + 1), number: r.number }),
        width: p.width,
        height: p.height,
      }));
  return {
    number: r.number,
    category: categoryName(lang, r.categoryName),
    status: statusView(t, r.status),
    description: r.description,
    address: r.address,
    coords: t('detail.coords', { lat: r.location.lat.toFixed(5), lng: r.location.lng.toFixed(5) }),
    location: r.location,
    unit: r.agencyName,
    received: formatDateTime(r.receivedAt),
    due: formatDateTime(r.dueAt),
    resolved: formatDateTime(r.resolvedAt),
    taken: timeTaken(t, r.receivedAt, r.resolvedAt),
    answer: r.answer,
    statusNote: r.statusNote,
    mergedInto: r.mergedInto,
    photos: photo('report'),
    answerPhotos: photo('answer'),
  };
}

/** The trail in words; the public one names no person (only units and the desk act in it). */
export function timeline(t: T, r: ReportDetail, withNames: boolean) {
  return r.events.map((e) => ({
    at: formatDateTime(e.at),
    text: t(`event.${e.action}`),
    who: withNames && e.actorName && e.actorRole !== 'reporter' ? e.actorName : null,
    note: e.note,
  }));
}

export function isOpenForReporter(status: ReportStatus): boolean {
  return !['resolved', 'rejected', 'merged', 'transferred'].includes(status);
}

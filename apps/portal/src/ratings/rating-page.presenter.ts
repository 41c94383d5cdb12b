import type { FieldProblem } from '@app/observability';
import {
  CRITERION_KEYS,
  RATING_COMMENT_MAX,
  RATING_CRITERIA,
  RATING_LEVELS,
  RatingRawInput,
  RatingTarget,
  RatingView,
} from '@app/ratings';
import type { Lang } from '../i18n/messages';
import { formatDayTime } from '../dossiers/citizen-format';
import { errorSummary, T } from '../web/page-kit';
import { DomainError } from '@app/observability';

/** The values a rating form shows: the level, each criterion's answer ('' for no opinion), the comment. */
export interface RatingFormValues {
  level: string;
  criteria: Record<string, string>;
  comment: string;
}

export const EMPTY_RATING: RatingFormValues = { level: '', criteria: {}, comment: '' };

/** A rating form as posted: `level`, `criterion_<key>` for each criterion, `comment`. */
export function postedRating(body: Record<string, unknown>): { raw: RatingRawInput; values: RatingFormValues } {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const criteria: Record<string, string> = {};
  for (const key of CRITERION_KEYS) criteria[key] = text(body[`criterion_${key}`]);
  const values = { level: text(body.level), criteria, comment: text(body.comment) };
  return { raw: { level: values.level, criteria, comment: values.comment }, values };
}

export function valuesOf(rating: RatingView | null): RatingFormValues {
  if (!rating) return EMPTY_RATING;
  const criteria: Record<string, string> = {};
  for (const [k, l] of Object.entries(rating.criteria)) if (l) criteria[k] = l;
  return { level: rating.level, criteria, comment: rating.comment ?? '' };
}

/** The id of the input a rating field's error links to. */
export function ratingInputId(field: string): string {
  if (field.startsWith('criteria.')) return `criterion-${field.slice('criteria.'.length)}`;
  return field === 'level' || field === 'comment' ? field : 'level';
}

/** The page's words for each refused field of a rating (keyed by input id). */
export function ratingFieldErrors(problems: readonly FieldProblem[], t: T): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const id = ratingInputId(p.field);
    if (id === 'comment') errors[id] = t('rating.error.comment', { max: String(RATING_COMMENT_MAX) });
    else if (id.startsWith('criterion-')) {
      const letter = RATING_CRITERIA.find((c) => `criterion-${c.key}` === id)?.letter ?? '';
      errors[id] = t('rating.error.criterion', { letter });
    } else errors.level = t('rating.error.level');
  }
  return errors;
}

/** The words for a refused rating (a 409 with its reason), or null when it is not one. */
export function ratingRefusal(err: unknown, t: T): string | null {
  if (!(err instanceof DomainError) || err.code !== 'conflict') return null;
  const reason = err.details.extensions?.['reason'];
  const key = `rating.refused.${typeof reason === 'string' ? reason : ''}`;
  return t(key) === key ? null : t(key);
}

/** The form's radios and fields, with the values and errors to show. */
export function ratingForm(lang: Lang, t: T, values: RatingFormValues, errors: Record<string, string>) {
  const levelItems = RATING_LEVELS.map((level) => ({
    value: level,
    text: t(`rating.level.${level}`),
    checked: values.level === level,
    hint: level === 'unsatisfied' ? { text: t('rating.level.unsatisfiedHint') } : undefined,
  }));
  const criteria = RATING_CRITERIA.map((c) => ({
    key: c.key,
    id: `criterion-${c.key}`,
    name: `criterion_${c.key}`,
    legend: t('rating.criteria.legend', { letter: c.letter, text: lang === 'vi' ? c.vi : c.en }),
    error: errors[`criterion-${c.key}`] ?? null,
    items: [
      ...RATING_LEVELS.map((level) => ({
        value: level,
        text: t(`rating.level.${level}`),
        checked: values.criteria[c.key] === level,
      })),
      { value: '', text: t('rating.criteria.none'), checked: !values.criteria[c.key] },
    ],
  }));
  return {
    levelItems,
    criteria,
    comment: values.comment,
    commentMax: RATING_COMMENT_MAX,
    errors,
    errorList: errorSummary(errors),
  };
}

/** A given rating as summary-list rows (no personal data: the clerk's name only for staff). */
export function ratingRows(rating: RatingView, lang: Lang, t: T, opts: { staff: boolean }) {
  const answered = RATING_CRITERIA.filter((c) => rating.criteria[c.key]);
  const rows = [
    {
      key: { text: t('rating.overall') },
      value: { html: `<strong data-testid="rating-level">${esc(t(`rating.level.${rating.level}`))}</strong>` },
    },
    ...answered.map((c) => ({
      key: { text: t('rating.criteria.legend', { letter: c.letter, text: lang === 'vi' ? c.vi : c.en }) },
      value: { text: t(`rating.level.${rating.criteria[c.key] ?? ''}`) },
    })),
    { key: { text: t('rating.commentShown') }, value: { text: rating.comment ?? t('rating.noComment') } },
  ];
  if (opts.staff) {
    rows.push(
      { key: { text: t('rating.desk.channel') }, value: { text: t(`rating.channel.${rating.channel}`) } },
      { key: { text: t('rating.desk.ratedAt') }, value: { text: formatDayTime(rating.createdAt, lang) } },
    );
    if (rating.revision > 1) {
      rows.push({ key: { text: t('rating.desk.changedAt') }, value: { text: formatDayTime(rating.updatedAt, lang) } });
    }
    if (rating.clerkName) rows.push({ key: { text: t('rating.desk.clerk') }, value: { text: rating.clerkName } });
  }
  return rows;
}

/** What the page says about the dossier's rating state (null when the form speaks for itself). */
export function ratingStateText(target: RatingTarget, lang: Lang, t: T): string | null {
  const until = target.rating ? formatDayTime(target.rating.editableUntil, lang) : '';
  switch (target.state) {
    case 'not_returned':
      return t('rating.state.not_returned', { status: t(`status.${target.status}`) });
    case 'open':
      return null;
    case 'editable':
      return t('rating.state.editable', { until });
    case 'closed':
      return target.status === 'returned' ? t('rating.state.closed', { until }) : t('rating.state.closedNotReturned');
  }
}

/** The dossier's facts the rating pages show: code, procedure, agency, return day — nothing personal. */
export function dossierRows(target: RatingTarget, lang: Lang, t: T) {
  return [
    {
      key: { text: t('rating.code') },
      value: { html: `<span data-testid="rating-code">${esc(target.code ?? '—')}</span>` },
    },
    { key: { text: t('rating.procedure') }, value: { text: target.procedureName } },
    { key: { text: t('rating.agency') }, value: { text: target.agencyName } },
    ...(target.returnedAt
      ? [{ key: { text: t('rating.returnedAt') }, value: { text: formatDayTime(target.returnedAt, lang) } }]
      : []),
  ];
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

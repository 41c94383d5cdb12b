import type { RatingView } from '@app/ratings';
import type { Lang } from '../i18n/messages';
import { translator } from '../web/page-kit';
import { ratingRows } from './rating-page.presenter';

/** The desk dossier page's "Đánh giá của công dân" panel: the rating once given, else whether one can come. */
export function deskRatingPanel(rating: RatingView | null, status: string, lang: Lang) {
  const t = translator(lang);
  if (rating) {
    return {
      rows: ratingRows(rating, lang, t, { staff: true }),
      unsatisfied: rating.level === 'unsatisfied',
      text: null,
    };
  }
  // Before the return there is nothing to rate: the panel appears with the returned dossier.
  if (status !== 'returned') return null;
  return { rows: null, unsatisfied: false, text: t('rating.desk.noneOpen') };
}

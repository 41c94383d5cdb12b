import { FORM_KINDS, FormKind, RegimeForm } from '@app/regimes';
import { Lang } from '../i18n/messages';
import { translator } from '../web/page-kit';

/** Processing of a received dossier ended before its result: stopped by the agency or at the applicant's request. */
export function stoppedAfterReception(row: { status: string; received_at: Date | null }): boolean {
  return row.received_at !== null && (row.status === 'stopped' || row.status === 'withdrawn');
}

/** A form's name in URLs: `/api/v1/dossiers/{id}/forms/{slug}` (the same under every regime; numbers differ). */
export function formSlug(kind: FormKind): string {
  return kind.replace(/_/g, '-');
}

/** The kind a URL names, or null for a name no regime knows. */
export function formKindOfSlug(slug: string): FormKind | null {
  return FORM_KINDS.find((k) => formSlug(k) === slug) ?? null;
}

export interface LegalFormLink {
  kind: FormKind;
  slug: string;
  /** "Mẫu 05 – Thông báo dừng giải quyết hồ sơ (PDF)" under the dossier's regime; in English, its meaning. */
  label: string;
  href: string;
}

/**
 * Links to the papers of a dossier that apply, as its regime numbers and names them (in Vietnamese the title is the
 * annex's own words). A paper the regime does not prescribe is left out.
 */
export function legalFormLinks(
  dossierId: string,
  regimeForms: readonly RegimeForm[],
  kinds: readonly FormKind[],
  lang: Lang,
): LegalFormLink[] {
  const t = translator(lang);
  return kinds.flatMap((kind) => {
    const form = regimeForms.find((f) => f.kind === kind);
    if (!form) return [];
    const title = lang === 'vi' ? form.title : t(`legalForm.title.${kind}`);
    const label = form.number
      ? t('legalForm.numbered', { number: form.number, title })
      : t('legalForm.unnumbered', { title });
    return [{ kind, slug: formSlug(kind), label, href: `/api/v1/dossiers/${dossierId}/forms/${formSlug(kind)}` }];
  });
}

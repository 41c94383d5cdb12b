import type { Principal } from '@app/auth';
import type { IdentityVerified } from '@app/dossiers';
import type { ProcedureVersionView } from '@app/procedures';
import { Lang, translate } from '../i18n/messages';
import { safeReturnTo } from '@app/web';

/** A procedure that needs a level-2 national identity, seen from a session below it: the page says why and how. */
export interface IdentityGate {
  /** The session's level (0: not through the national identity). */
  current: 0 | 1;
  /** Where the step-up sign-in comes back to. */
  returnTo: string;
}

/** The gate of a procedure for this session, or null when it may submit (level 2, or a procedure that needs less). */
export function identityGateOf(
  procedure: Pick<ProcedureVersionView, 'onlineIdentityLevel'>,
  principal: Pick<Principal, 'identityLevel'>,
  returnTo: string,
): IdentityGate | null {
  const level = principal.identityLevel ?? 0;
  if (procedure.onlineIdentityLevel !== 2 || level >= 2) return null;
  return { current: level === 1 ? 1 : 0, returnTo: safeReturnTo(returnTo) };
}

/** What a dossier recorded of the national identity, as a sentence for its pages; null when nothing. */
export function identityRecordView(
  record: IdentityVerified | null | undefined,
  lang: Lang,
): { title: string; lead: string; fields: string[] } | null {
  if (!record || record.fields.length === 0) return null;
  return {
    title: translate(lang, 'identity.record.title'),
    lead: translate(lang, 'identity.record.lead', { level: String(record.level) }),
    fields: record.fields.map((f) => translate(lang, `identity.field.${f}`)),
  };
}

/**
 * A legal regime of the one-stop mechanism: the decree and circular in force for dossiers received in a period, with
 * the numbers the workflow takes from them and the set of forms they prescribe. Regimes are data (table
 * `legal_regime`), chosen by a dossier's reception instant: a rule found wrong is corrected in the row, not in code.
 */

/** The papers a regime prescribes, by what they are for (their numbers differ between regimes). */
export const FORM_KINDS = [
  'receipt',
  'supplement_request',
  'refusal',
  'apology',
  'stop_notice',
  'control_sheet',
  'register',
  'transfer_slip',
] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export interface RegimeForm {
  kind: FormKind;
  /** As printed in "Mẫu số …": `01`…`07`, or null for a paper the annex does not number. */
  number: string | null;
  /** The form's title as the annex gives it. */
  title: string;
  /** Article or annex that prescribes it. */
  basis: string;
}

/** The numbers of the workflow. A null limit means the regime sets none. */
export interface RegimeRules {
  /** How many supplement requests the desk may make at intake. */
  intakeSupplementRequests: number | null;
  /** During appraisal, a supplement request is made within this many working days of reception. */
  appraisalSupplementWithinWorkingDays: number | null;
  /** Whether the processing time starts again from zero once the supplement is complete. */
  appraisalSupplementRestartsClock: boolean;
  /** A dossier the applicant has not completed this many days (calendar) after the request is closed. */
  closeUnsupplementedAfterDays: number | null;
  /** The apology (with its extension request) is made at least this many days (calendar) before the deadline. */
  extensionLeadDays: number | null;
  /** How many times the appointment may be moved by an apology. */
  maxExtensions: number | null;
  /** A wrong result is corrected within this many working days. */
  resultCorrectionWorkingDays: number | null;
  /** Whether a result handed back before its appointment must first be announced to the applicant. */
  earlyReturnNoticeRequired: boolean;
  /** Staff are alerted to an online dossier within this many hours of its arrival. */
  onlineAlertHours: number | null;
  /** An online dossier is received, or corrections asked for in one go, within this many working hours. */
  onlineReceiptWorkingHours: number | null;
  /** Whether a desk receives procedures another agency of the province decides (regardless of boundary). */
  receptionAcrossBoundaries: boolean;
}

export const RULE_NAMES = [
  'intakeSupplementRequests',
  'appraisalSupplementWithinWorkingDays',
  'appraisalSupplementRestartsClock',
  'closeUnsupplementedAfterDays',
  'extensionLeadDays',
  'maxExtensions',
  'resultCorrectionWorkingDays',
  'earlyReturnNoticeRequired',
  'onlineAlertHours',
  'onlineReceiptWorkingHours',
  'receptionAcrossBoundaries',
] as const satisfies ReadonlyArray<keyof RegimeRules>;
export type RuleName = (typeof RULE_NAMES)[number];

export interface LegalRegime {
  /** e.g. `nd61-2018`, `nd118-2025`. */
  code: string;
  /** The texts, as cited: "Nghị định 118/2025/NĐ-CP và Thông tư 03/2025/TT-VPCP". */
  name: string;
  /** First instant of the regime; it lasts until the next regime's. */
  inForceFrom: Date;
  /** The desk that receives and returns, as the forms name it; `{agency}` is the agency's name, `{unit}` the
   * administrative unit ("phường Thủy Xuân"). */
  deskName: string;
  /** The desk as the "Lưu:" line of a letter abbreviates it. */
  deskAbbreviation: string;
  rules: RegimeRules;
  /** Article behind each rule. */
  bases: Readonly<Record<RuleName, string>>;
  forms: readonly RegimeForm[];
}

/** The regime in force at an instant: the last one that began at or before it (the earliest one before them all). */
export function regimeAt(regimes: readonly LegalRegime[], at: Date): LegalRegime {
  const sorted = [...regimes].sort((a, b) => a.inForceFrom.getTime() - b.inForceFrom.getTime());
  const first = sorted[0];
  if (!first) throw new Error('No legal regime is recorded.');
  let found = first;
  for (const r of sorted) if (r.inForceFrom.getTime() <= at.getTime()) found = r;
  return found;
}

/** The regime of a dossier: the one in force when it was received, or now for a dossier not yet received. */
export function regimeOfDossier(
  regimes: readonly LegalRegime[],
  dossier: { receivedAt: Date | null },
  now: Date = new Date(),
): LegalRegime {
  return regimeAt(regimes, dossier.receivedAt ?? now);
}

/** The form of a kind under a regime, or null when the regime has no such paper. */
export function formOf(regime: LegalRegime, kind: FormKind): RegimeForm | null {
  return regime.forms.find((f) => f.kind === kind) ?? null;
}

/** "Mẫu số 05", or the bare title for an unnumbered paper. */
export function formLabel(form: RegimeForm): string {
  return form.number ? `Mẫu ${form.number} – ${form.title}` : form.title;
}

/** "Ủy ban nhân dân phường Thủy Xuân" → "phường Thủy Xuân": the administrative unit an agency governs. */
export function administrativeUnitOf(agencyName: string): string {
  return agencyName.replace(/^(Ủy ban nhân dân|Công an|Bảo hiểm xã hội)\s+/u, '').trim();
}

/** The receiving desk of an agency under a regime, as the forms name it. */
export function deskNameFor(regime: LegalRegime, agencyName: string): string {
  return regime.deskName.replace('{agency}', agencyName).replace('{unit}', administrativeUnitOf(agencyName));
}

/**
 * Dossier code (TT 01/2018/TT-VPCP): `<agency electronic ID>-<yymmdd of reception>-<4-digit sequence>`, e.g.
 * `000.17.22.H56-210531-0001`. The sequence runs per agency per day across all channels.
 */
export const MAX_DAILY_SEQUENCE = 9999;
const CODE_PATTERN = /^([A-Z0-9]{2,4}(?:\.[A-Z0-9]{2,4}){2,5})-(\d{6})-(\d{4})$/;

/** The reception date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) as YYYY-MM-DD. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function formatDossierCode(agencyCode: string, receptionDate: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`dossier sequence must be 1–${MAX_DAILY_SEQUENCE}, got ${sequence}`);
  }
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(receptionDate);
  if (!m) throw new RangeError(`reception date must be YYYY-MM-DD, got ${receptionDate}`);
  return `${agencyCode}-${m[1]}${m[2]}${m[3]}-${String(sequence).padStart(4, '0')}`;
}

export function parseDossierCode(code: string): { agencyCode: string; yymmdd: string; sequence: number } | null {
  const [m, agencyCode, yymmdd, sequence] = CODE_PATTERN.exec(code) ?? [];
  return m && agencyCode !== undefined && yymmdd !== undefined && sequence !== undefined
    ? { agencyCode, yymmdd, sequence: Number(sequence) }
    : null;
}

import { vietnamDayKey } from './vietnam-time';

/**
 * The simulator's own numbering of national dossier codes (`MaHoSo`): a fixed prefix, the reception day as `yymmdd`
 * in Vietnam time and a 4-digit counter per day, e.g. `G22.99-261205-0001`. The national portal's real numbering is
 * not confirmed (docs/national-portal.md §4); this one only has to be unique, stable and within the adapter's rule
 * for `MaHoSo` (1–48 of `A–Z a–z 0–9 . -`).
 */
export const DOSSIER_CODE_PREFIX = 'G22.99';
/** The counter has four digits: at most this many dossiers per day. */
export const MAX_DOSSIERS_PER_DAY = 9999;

/** Per-day counters: `yymmdd` → the last number given that day. */
export type DayCounters = Record<string, number>;

/** The next code for a dossier received at `receivedAt`; advances the day's counter in `counters`. */
export function nextDossierCode(counters: DayCounters, receivedAt: Date): string {
  const day = vietnamDayKey(receivedAt);
  const next = (counters[day] ?? 0) + 1;
  if (next > MAX_DOSSIERS_PER_DAY) {
    throw new RangeError(`the simulator numbers at most ${MAX_DOSSIERS_PER_DAY} dossiers a day (day ${day} is full)`);
  }
  counters[day] = next;
  return `${DOSSIER_CODE_PREFIX}-${day}-${String(next).padStart(4, '0')}`;
}

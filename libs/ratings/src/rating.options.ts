/** How the ratings behave in a deployment (RATING_* variables of the portal's configuration). */
export interface RatingOptions {
  /** How long after it is first given a rating may still be changed, in days. */
  readonly editDays: number;
  /** How long after a clerk returns a result the clerk's counter tablet offers it for rating, in minutes. */
  readonly counterWindowMinutes: number;
  /** How long the one-time code that pairs a tablet stays valid, in minutes. */
  readonly pairingCodeMinutes: number;
  /** How long a paired tablet stays paired before the clerk must pair it again, in hours. */
  readonly devicePairingHours: number;
}

export const RATING_OPTIONS = Symbol('RATING_OPTIONS');

/** The clock the rating services read (tests move it). */
export const RATING_CLOCK = Symbol('RATING_CLOCK');
export type RatingClock = () => Date;

export const DEFAULT_RATING_OPTIONS: RatingOptions = {
  editDays: 7,
  counterWindowMinutes: 30,
  pairingCodeMinutes: 10,
  devicePairingHours: 12,
};

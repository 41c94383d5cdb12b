import { randomInt } from 'node:crypto';

/** Letters and digits without look-alikes (0/O, 1/I/L), printed on the receipt as the lookup's second factor. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * Dossier codes are guessable (agency, day, sequence), so the key alone keeps a lookup private. The portal allows
 * 10 wrong keys per code per hour from all addresses together (LOOKUP_FAILURES_PER_CODE): about 87,600 a year for
 * one code, 876,000 over the ten years a dossier may be looked up. With 8 characters (31^8 ≈ 8.5·10^11) an attacker
 * spreading guesses over a million dossiers would expect about one hit in that time; with 10 characters
 * (31^10 ≈ 8.2·10^14) about 0.001 — hence 10. Keys of 8 characters printed before stay valid.
 */
export const LOOKUP_KEY_LENGTH = 10;

export function newLookupKey(length = LOOKUP_KEY_LENGTH): string {
  let key = '';
  for (let i = 0; i < length; i++) key += ALPHABET[randomInt(ALPHABET.length)];
  return key;
}

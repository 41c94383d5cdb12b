import { randomInt } from 'node:crypto';

/** Letters and digits without look-alikes (0/O, 1/I/L), printed on the receipt as the lookup's second factor. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newLookupKey(length = 8): string {
  let key = '';
  for (let i = 0; i < length; i++) key += ALPHABET[randomInt(ALPHABET.length)];
  return key;
}

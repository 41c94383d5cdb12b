import { LOOKUP_KEY_LENGTH, newLookupKey } from './lookup-key';

describe('lookup keys', () => {
  it('are long enough that the per-code limit leaves guessing hopeless', () => {
    // 10 wrong keys per code per hour, for ten years, against a million dossiers: expected hits stay far below one.
    const guessesPerCode = 10 * 24 * 365 * 10;
    const keyspace = 31 ** LOOKUP_KEY_LENGTH;
    expect((guessesPerCode / keyspace) * 1_000_000).toBeLessThan(0.01);
  });

  it('use the unambiguous alphabet at the chosen length and fit the database check', () => {
    const keys = Array.from({ length: 200 }, () => newLookupKey());
    for (const key of keys) {
      expect(key).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
      expect(key).toMatch(/^[A-Z0-9]{6,16}$/);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });
});

import { MESSAGE_AREAS, MESSAGES, translate } from './messages';

describe('interface messages', () => {
  it('has every key in both languages', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.vi).sort());
    for (const area of MESSAGE_AREAS) expect(Object.keys(area.en).sort()).toEqual(Object.keys(area.vi).sort());
  });

  it('never defines one key in two areas', () => {
    const seen = new Map<string, number>();
    for (const area of MESSAGE_AREAS) for (const key of Object.keys(area.vi)) seen.set(key, (seen.get(key) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('fills parameters and falls back to Vietnamese, then to the key', () => {
    expect(translate('vi', 'error.429', { minutes: '5' })).toContain('5 phút');
    expect(translate('en', 'nav.signIn')).toBe('Sign in');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});

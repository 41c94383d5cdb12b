import { MESSAGES, translate } from './messages';

describe('interface messages', () => {
  it('has every key in both languages', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.vi).sort());
  });

  it('fills parameters and falls back to Vietnamese, then to the key', () => {
    expect(translate('vi', 'home.signedInAs', { name: 'Lê Thị Hoa' })).toBe('Bạn đã đăng nhập với tên Lê Thị Hoa.');
    expect(translate('en', 'nav.signIn')).toBe('Sign in');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});

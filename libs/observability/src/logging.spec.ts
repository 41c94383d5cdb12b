import { redactUrl } from './logging';

describe('logged URLs', () => {
  it('never carry a CSRF token, a lookup key or an OIDC code', () => {
    expect(redactUrl('/dossiers/1/files?_csrf=abc123&x=1')).toBe('/dossiers/1/files?_csrf=[redacted]&x=1');
    expect(redactUrl('/lookup?code=000.17.22.H56-260101-0001&key=ABCDEFGHJK')).toBe(
      '/lookup?code=[redacted]&key=[redacted]',
    );
    expect(redactUrl('/auth/callback?state=s1&code=c2')).toBe('/auth/callback?state=[redacted]&code=[redacted]');
    expect(redactUrl('/desk?tab=new&page=2')).toBe('/desk?tab=new&page=2');
  });
});

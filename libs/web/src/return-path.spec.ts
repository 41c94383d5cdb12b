import { returnPathOf } from './lang';

describe('where a language switch or a sign-in comes back to', () => {
  const get = (originalUrl: string) => ({ method: 'GET', originalUrl, path: originalUrl.split('?')[0] ?? '/' });

  it('keeps the query of a page shown for a GET (the lookup’s code and key, a list’s filters)', () => {
    expect(returnPathOf(get('/pay?code=000.17.22.H56-261206-0001&key=ABC123'))).toBe(
      '/pay?code=000.17.22.H56-261206-0001&key=ABC123',
    );
    expect(returnPathOf(get('/desk?tab=received&q=Nguy%E1%BB%85n'))).toBe('/desk?tab=received&q=Nguy%E1%BB%85n');
  });

  it('drops the one-time outcome flags, and comes back to the address of a page shown after a POST', () => {
    expect(returnPathOf(get('/dossiers/abc?done=withdraw'))).toBe('/dossiers/abc');
    expect(returnPathOf(get('/desk/dossiers/abc?payError=counterReceipt&method=card'))).toBe('/desk/dossiers/abc');
    expect(
      returnPathOf({ method: 'POST', originalUrl: '/dossiers/abc/withdraw', path: '/dossiers/abc/withdraw' }),
    ).toBe('/dossiers/abc/withdraw');
    expect(returnPathOf(get(`/lookup?code=${'x'.repeat(2000)}`))).toBe('/lookup');
  });
});

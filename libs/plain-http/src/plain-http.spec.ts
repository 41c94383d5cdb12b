import type { IncomingMessage } from 'node:http';
import { escapeHtml, headerOf, sameSiteForm } from './index';

const req = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as IncomingMessage;

describe('plain HTTP helpers', () => {
  it('escapes everything that could open markup or close an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('reads a header, joining repeats', () => {
    expect(headerOf(req({ 'x-a': ['1', '2'] }), 'x-a')).toBe('1 2');
    expect(headerOf(req({}), 'x-a')).toBeUndefined();
  });

  it('accepts a form posted from the same site and refuses one from another', () => {
    expect(sameSiteForm(req({ 'sec-fetch-site': 'same-origin', host: 'a:1' }))).toBe(true);
    expect(sameSiteForm(req({ 'sec-fetch-site': 'cross-site', host: 'a:1' }))).toBe(false);
    expect(sameSiteForm(req({ origin: 'http://a:1', host: 'a:1' }))).toBe(true);
    expect(sameSiteForm(req({ origin: 'http://evil:1', host: 'a:1' }))).toBe(false);
    expect(sameSiteForm(req({ origin: 'not a url', host: 'a:1' }))).toBe(false);
  });
});

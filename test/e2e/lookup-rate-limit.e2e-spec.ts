import { PortalHarness, startPortal, testRedisPrefix } from '@app/testing';

/** The public lookup's limits, per client address and per dossier code, shared by portal instances through Redis. */
describe('public lookup rate limits', () => {
  let a: PortalHarness;
  let b: PortalHarness;

  beforeAll(async () => {
    const env = {
      TRUST_PROXY: 'true',
      REDIS_PREFIX: testRedisPrefix(),
      LOOKUP_LIMIT_PER_IP: '5',
      LOOKUP_IP_WINDOW_SECONDS: '600',
      LOOKUP_FAILURES_PER_CODE: '3',
      LOOKUP_CODE_WINDOW_SECONDS: '3600',
    };
    [a, b] = await Promise.all([startPortal({ env }), startPortal({ env })]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const api = (portal: PortalHarness, ip: string, code: string, key = 'ABCDEFGHJK') =>
    fetch(`${portal.url}/api/v1/lookup?code=${encodeURIComponent(code)}&key=${key}`, {
      headers: { 'x-forwarded-for': ip },
    });

  it('limits one address across instances, with 429 and Retry-After on the API and the page', async () => {
    const ip = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(i % 2 === 0 ? a : b, ip, `000.17.22.H56-260101-${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404]);

    const limited = await api(b, ip, '000.17.22.H56-260101-9');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await limited.json()).toMatchObject({
      status: 429,
      code: 'too_many_requests',
      retryAfterSeconds: retryAfter,
    });

    const page = await fetch(`${a.url}/lookup?code=000.17.22.H56-260101-9&key=ABCDEFGHJK`, {
      headers: { 'x-forwarded-for': ip, accept: 'text/html' },
    });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await page.text();
    expect(html).toContain('Bạn đã thử quá nhiều lần');
    expect(html).toMatch(/thử lại sau khoảng 10 phút/);

    // Another address is not held back.
    expect((await api(a, '198.51.100.20', '000.17.22.H56-260101-9')).status).toBe(404);
  });

  it('limits wrong keys for one code whatever the addresses, the right key included once reached', async () => {
    const code = '000.17.22.H56-260202-0001';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api(i % 2 === 0 ? a : b, `192.0.2.${10 + i}`, code)).status);
    expect(statuses).toEqual([404, 404, 404]);
    const fresh = await api(b, '192.0.2.99', code);
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(600);
    // Other codes from that address still work.
    expect((await api(b, '192.0.2.99', '000.17.22.H56-260202-0002')).status).toBe(404);
  });
});

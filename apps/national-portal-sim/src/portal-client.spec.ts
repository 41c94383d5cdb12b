import { PortalClient, TokenClient } from './portal-client';

type Call = { url: string; init: RequestInit };

/** A fetch standing in for Keycloak's token endpoint and the portal: answers from the given handler. */
function fakeFetch(handler: (call: Call, calls: Call[]) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const fn = ((url: string | URL | Request, init: RequestInit = {}) => {
    const call = { url: url instanceof Request ? url.url : url.toString(), init };
    calls.push(call);
    const { status, body } = handler(call, calls);
    return Promise.resolve(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));
  }) as typeof fetch;
  return { fn, calls };
}

const credentials = { tokenUrl: 'http://kc/token', clientId: 'national-portal', clientSecret: 's3cret' };

describe('the access token', () => {
  it('is fetched by client credentials and kept until shortly before it expires', async () => {
    let clock = 0;
    let issued = 0;
    const { fn, calls } = fakeFetch(() => ({ status: 200, body: { access_token: `t${++issued}`, expires_in: 300 } }));
    const tokens = new TokenClient(credentials, fn, () => clock);
    expect(await tokens.token()).toBe('t1');
    expect((calls[0]?.init.body as URLSearchParams).get('grant_type')).toBe('client_credentials');
    clock = 269_000;
    expect(await tokens.token()).toBe('t1');
    clock = 271_000;
    expect(await tokens.token()).toBe('t2');
  });

  it('shares one request between concurrent callers', async () => {
    const { fn, calls } = fakeFetch(() => ({ status: 200, body: { access_token: 't', expires_in: 300 } }));
    const tokens = new TokenClient(credentials, fn);
    await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(calls).toHaveLength(1);
  });

  it('says why Keycloak refused, without the secret', async () => {
    const { fn } = fakeFetch(() => ({
      status: 401,
      body: { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' },
    }));
    const error = await new TokenClient(credentials, fn).token().catch((e: Error) => e);
    expect(String(error)).toContain('HTTP 401 unauthorized_client: Invalid client or Invalid client credentials');
    expect(String(error)).not.toContain('s3cret');
  });
});

describe('posting to the portal', () => {
  it('on a 401 fetches a new token once and sends the same body again', async () => {
    let issued = 0;
    const { fn, calls } = fakeFetch((call, all) => {
      if (call.url === credentials.tokenUrl)
        return { status: 200, body: { access_token: `t${++issued}`, expires_in: 300 } };
      const portalCalls = all.filter((c) => c.url !== credentials.tokenUrl).length;
      return portalCalls === 1 ? { status: 401, body: '' } : { status: 200, body: { error_code: '0', results: [] } };
    });
    const portal = new PortalClient('http://portal', new TokenClient(credentials, fn), fn);
    const answer = await portal.postDossiers('{"service":"DongBoHoSoMC"}');
    expect(answer).toEqual({ httpStatus: 200, answer: { error_code: '0', results: [] }, error: null });
    const posts = calls.filter((c) => c.url === 'http://portal/api/v1/national-portal/DongBoHoSoMC');
    expect(posts.map((c) => (c.init.headers as Record<string, string>)['authorization'])).toEqual([
      'Bearer t1',
      'Bearer t2',
    ]);
    expect(posts.map((c) => c.init.body)).toEqual(['{"service":"DongBoHoSoMC"}', '{"service":"DongBoHoSoMC"}']);
  });

  it('retries only once, and passes any other refusal through', async () => {
    const { fn, calls } = fakeFetch((call) =>
      call.url === credentials.tokenUrl
        ? { status: 200, body: { access_token: 't', expires_in: 300 } }
        : { status: 401, body: { error: 'forbidden' } },
    );
    const answer = await new PortalClient('http://portal', new TokenClient(credentials, fn), fn).postDossiers('{}');
    expect(answer.httpStatus).toBe(401);
    expect(calls.filter((c) => c.url.startsWith('http://portal'))).toHaveLength(2);
  });

  it('reports an unreachable token endpoint as no answer', async () => {
    const fn = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    const answer = await new PortalClient('http://portal', new TokenClient(credentials, fn), fn).postDossiers('{}');
    expect(answer).toMatchObject({ httpStatus: null, answer: null });
    expect(answer.error).toContain('no access token from http://kc/token: fetch failed');
  });
});

import { EsmsTransport, SmsSendError } from '@app/messages';
import { type RunningMailCatcher, startMailCatcher } from './mail-catcher';

const ACCOUNT = { apiKey: 'demo-key', secretKey: 'demo-secret', brandnames: ['UBND-TXUAN'] };

interface ApiSms {
  id: string;
  phone: string;
  content: string;
  brandname: string;
  smsType: string;
  unicode: boolean;
  requestId: string | null;
}

/** The catcher's SMS side speaks eSMS's SendMultipleMessage_V4_post_json; the portal's adapter is its client. */
describe('the local SMS gateway (eSMS protocol)', () => {
  let catcher: RunningMailCatcher;
  const client = (over: Partial<ConstructorParameters<typeof EsmsTransport>[0]> = {}) =>
    new EsmsTransport({
      baseUrl: catcher.httpUrl,
      apiKey: ACCOUNT.apiKey,
      secretKey: ACCOUNT.secretKey,
      brandname: 'UBND-TXUAN',
      unicode: false,
      sandbox: false,
      timeoutMs: 5000,
      ...over,
    });
  const list = async () => (await (await fetch(`${catcher.httpUrl}/api/sms`)).json()) as ApiSms[];
  const post = (body: unknown) =>
    fetch(`${catcher.httpUrl}/MainService.svc/json/SendMultipleMessage_V4_post_json/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    catcher = await startMailCatcher({
      smtpHost: '127.0.0.1',
      smtpPort: 0,
      httpHost: '127.0.0.1',
      httpPort: 0,
      esms: ACCOUNT,
    });
  });
  afterAll(() => catcher?.close());
  beforeEach(() => catcher.sms.clear());

  it('takes a customer-care message with the documented body and answers CodeResult 100 with its SMSID', async () => {
    const sent = await client().send({
      to: '0905123456',
      text: 'Hồ sơ 000.20.21.H56-261206-0001 đã được tiếp nhận.',
      requestId: 'a1b2',
    });
    const [sms] = await list();
    expect(sms).toMatchObject({
      id: sent.providerMessageId,
      phone: '0905123456',
      // Folded to plain GSM text unless the sender asks for Unicode.
      content: 'Ho so 000.20.21.H56-261206-0001 da duoc tiep nhan.',
      brandname: 'UBND-TXUAN',
      smsType: '2',
      unicode: false,
      requestId: 'a1b2',
    });
    await client({ unicode: true }).send({ to: '0905123456', text: 'Hồ sơ đã có kết quả.', requestId: 'u1' });
    expect((await list())[0]).toMatchObject({ content: 'Hồ sơ đã có kết quả.', unicode: true });
  });

  it('refuses as eSMS does: keys 101, brand name 104, phone 108, type 300, and a repeated RequestId 124', async () => {
    const body = {
      ApiKey: ACCOUNT.apiKey,
      SecretKey: ACCOUNT.secretKey,
      Phone: '0905123456',
      Content: 'x',
      Brandname: 'UBND-TXUAN',
      SmsType: '2',
      IsUnicode: '0',
      RequestId: 'r-1',
    };
    const codeOf = async (b: unknown) => ((await (await post(b)).json()) as { CodeResult?: string }).CodeResult;
    expect(await codeOf({ ...body, SecretKey: 'wrong' })).toBe('101');
    expect(await codeOf({ ...body, Brandname: 'OTHER' })).toBe('104');
    expect(await codeOf({ ...body, Phone: '12345' })).toBe('108');
    expect(await codeOf({ ...body, SmsType: undefined })).toBe('300');
    expect(await codeOf(body)).toBe('100');
    expect(await codeOf(body)).toBe('124');
    expect(await list()).toHaveLength(1);
    const bad = await post('not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'Invalid request' });

    // The adapter: a refusal of the number is final, one of the account is retried.
    await expect(client().send({ to: '12345', text: 'x', requestId: 'r-2' })).rejects.toMatchObject({
      permanent: true,
      message: 'eSMS CodeResult 108: Phone number is not in correct format',
    });
    await expect(
      client({ secretKey: 'wrong' }).send({ to: '0905123456', text: 'x', requestId: 'r-3' }),
    ).rejects.toMatchObject({ permanent: false, message: 'eSMS CodeResult 101: Authorize Failed' });
  });

  it('simulates an outage: refused requests are not taken; a lost answer is recognised on the resend', async () => {
    await fetch(`${catcher.httpUrl}/api/sms/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: 1, mode: 'unavailable' }),
    });
    const sms = { to: '0905123456', text: 'Hồ sơ cần bổ sung.', requestId: 'o-1' };
    const first = client().send(sms);
    await expect(first).rejects.toBeInstanceOf(SmsSendError);
    await expect(first).rejects.toMatchObject({ permanent: false, message: expect.stringMatching(/^eSMS HTTP 503/) });
    expect(await list()).toHaveLength(0);

    await fetch(`${catcher.httpUrl}/api/sms/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: 1, mode: 'lost_answer' }),
    });
    await expect(client().send(sms)).rejects.toMatchObject({ permanent: false });
    expect(await list()).toHaveLength(1);
    // The resend carries the same RequestId: the gateway says it has it, the adapter counts it sent, nothing doubles.
    const again = await client().send(sms);
    const taken = await list();
    expect(taken).toHaveLength(1);
    expect(again.providerMessageId).toBe(taken[0]?.id);
  });

  it('lists the SMS on the page with the outage form', async () => {
    await client().send({ to: '0905123456', text: 'Hồ sơ 000.20.21.H56-261206-0002 đã có kết quả.', requestId: 'p-1' });
    const page = await (await fetch(`${catcher.httpUrl}/`)).text();
    expect(page).toContain('Tin nhắn SMS đã nhận (1)');
    expect(page).toContain('Ho so 000.20.21.H56-261206-0002 da co ket qua.');
    expect(page).toContain('Giả lập sự cố cổng SMS');
    const refused = await fetch(`${catcher.httpUrl}/sms/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: 'requests=2&mode=unavailable',
    });
    expect(refused.status).toBe(403);
  });
});

import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook, verifyWebhook } from './webhook-signature';

/** The `standardwebhooks` package (the specification's reference library) is the independent verifier here. */
describe('Standard Webhooks signing, checked by the reference library', () => {
  const body = JSON.stringify({
    type: 'agency_case.opened',
    case: { dossierCode: '000.17.22.H56-250602-0001', ten: 'Nguyễn Văn A' },
  });
  const id = '6f1c1e9e-8f4b-4a51-9a57-9d0f0c1d2e3f';

  it('signs so that the reference library verifies the message', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook([secret], id, body);
    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('verifies what the reference library signs', () => {
    const secret = generateWebhookSecret();
    const now = new Date();
    const signatureHeader = new Webhook(secret).sign(id, now, body);
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signatureHeader,
    };
    expect(verifyWebhook(secret, headers, body, now)).toBeNull();
  });

  it('during a rotation sends two signatures, each verifiable with its own secret', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const headers = signWebhook([current, previous], id, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('is refused by the reference library when the body, the id or the timestamp changed', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook([secret], id, body);
    const wh = new Webhook(secret);
    expect(() => wh.verify(body.replace('Nguyễn', 'Nguyen'), { ...headers })).toThrow();
    expect(() => wh.verify(body, { ...headers, 'webhook-id': `${id}x` })).toThrow();
    const ts = String(Number(headers['webhook-timestamp']) - 1);
    expect(() => wh.verify(body, { ...headers, 'webhook-timestamp': ts })).toThrow();
  });

  it('signs with the send time, so a replay after the tolerance is refused', () => {
    const secret = generateWebhookSecret();
    const old = new Date(Date.now() - 10 * 60 * 1000);
    const headers = signWebhook([secret], id, body, old);
    expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow(/too old/i);
    expect(verifyWebhook(secret, headers, body)).toBe('too_old');
  });
});

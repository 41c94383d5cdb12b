import Redis from 'ioredis';
import { generateWebhookSecret, signWebhook } from '@app/routing';
import { PrivateRedis } from './private-redis';
import { WebhookReceiver } from './webhook-receiver';

async function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await res.arrayBuffer();
  return res.status;
}

describe('WebhookReceiver (the agency endpoint used by the reliability tests)', () => {
  const secret = generateWebhookSecret();
  const next = generateWebhookSecret();
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start({ secrets: [secret] });
  });

  afterEach(async () => {
    await receiver.close();
  });

  it('accepts a message signed by our signer under the reference Standard Webhooks implementation', async () => {
    const body = JSON.stringify({ type: 'agency_case.opened', n: 1 });
    const headers = signWebhook([secret], 'msg_1', body);
    expect(await post(receiver.url, { ...headers }, body)).toBe(204);
    expect(receiver.effectOf('msg_1')?.body).toEqual({ type: 'agency_case.opened', n: 1 });
    expect(receiver.arrivals[0]).toMatchObject({ id: 'msg_1', verifiedBy: [true], rejection: null, status: 204 });
  });

  it('rejects a tampered body, a foreign secret and a stale timestamp without an effect', async () => {
    const body = JSON.stringify({ n: 2 });
    const good = signWebhook([secret], 'msg_2', body);
    expect(await post(receiver.url, { ...good }, JSON.stringify({ n: 3 }))).toBe(400);
    const foreign = signWebhook([generateWebhookSecret()], 'msg_2', body);
    expect(await post(receiver.url, { ...foreign }, body)).toBe(400);
    const stale = signWebhook([secret], 'msg_2', body, new Date(Date.now() - 10 * 60_000));
    expect(await post(receiver.url, { ...stale }, body)).toBe(400);
    expect(receiver.effectCount()).toBe(0);
    expect(receiver.rejectedArrivals()).toHaveLength(3);
  });

  it('verifies both signatures of a message sent during a secret rotation', async () => {
    receiver.useSecrets([secret, next]);
    const body = JSON.stringify({ n: 4 });
    const headers = signWebhook([next, secret], 'msg_4', body);
    expect(await post(receiver.url, { ...headers }, body)).toBe(204);
    expect(receiver.arrivals[0]).toMatchObject({ signatureCount: 2, verifiedBy: [true, true] });
  });

  it('dedupes on webhook-id, answers as told and refuses connections while down', async () => {
    const body = JSON.stringify({ n: 5 });
    const headers = signWebhook([secret], 'msg_5', body);
    receiver.answer(503);
    expect(await post(receiver.url, { ...headers }, body)).toBe(503);
    expect(receiver.effectCount()).toBe(0);
    receiver.answer(200);
    expect(await post(receiver.url, { ...headers }, body)).toBe(200);
    expect(await post(receiver.url, { ...headers }, body)).toBe(200);
    expect(receiver.effectCount()).toBe(1);
    expect(receiver.duplicateArrivals()).toBe(1);
    await receiver.down();
    await expect(post(receiver.url, { ...headers }, body)).rejects.toThrow();
    await receiver.up();
    expect(await post(receiver.url, { ...headers }, body)).toBe(200);
    receiver.hang();
    const hung = fetch(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow();
    expect(receiver.arrivals.at(-1)).toMatchObject({ id: 'msg_5', status: null });
  });
});

describe('PrivateRedis', () => {
  it('starts empty on its own port and loses every key when restarted', async () => {
    const server = await PrivateRedis.start();
    const client = new Redis(server.url, { maxRetriesPerRequest: null, lazyConnect: true });
    try {
      await client.connect();
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
      await server.restart();
      expect(await client.get('k')).toBeNull();
      await client.set('k2', 'v');
      await server.flushAll();
      expect(await client.dbsize()).toBe(0);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});

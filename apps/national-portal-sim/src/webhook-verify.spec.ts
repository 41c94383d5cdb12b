import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { verifySignature } from './webhook-verify';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Messages signed by `standardwebhooks` (the specification's reference library), checked by the simulator. */
describe('the status webhook signature check', () => {
  const secret = newSecret();
  const body = JSON.stringify({ type: 'national.status_changed', dossierCode: 'G22.99-261205-0001', statusCode: 2 });
  const id = 'a5f4c1de-3a51-4ad5-9a0e-1b2c3d4e5f60';
  const now = new Date('2026-12-05T07:03:00Z');

  function signed(at: Date, key = secret) {
    return {
      id,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      signature: new Webhook(key).sign(id, at, body),
    };
  }

  it('accepts a message signed with the secret', () => {
    expect(verifySignature(secret, signed(now), body, now)).toBeNull();
    expect(verifySignature(secret, signed(now), Buffer.from(body), now)).toBeNull();
  });

  it('accepts when any of several listed signatures matches (a sender rotating its secret)', () => {
    const headers = signed(now);
    const other = signed(now, newSecret()).signature;
    expect(verifySignature(secret, { ...headers, signature: `${other} ${headers.signature}` }, body, now)).toBeNull();
    expect(verifySignature(secret, { ...headers, signature: `v2,abc ${headers.signature}` }, body, now)).toBeNull();
  });

  it('refuses another secret, a changed body, another id and a missing header', () => {
    expect(verifySignature(secret, signed(now, newSecret()), body, now)).toBe('no v1 signature matches the secret');
    expect(verifySignature(secret, signed(now), body.replace('0001', '0002'), now)).toBe(
      'no v1 signature matches the secret',
    );
    expect(verifySignature(secret, { ...signed(now), id: 'other' }, body, now)).toBe(
      'no v1 signature matches the secret',
    );
    expect(verifySignature(secret, { ...signed(now), signature: undefined }, body, now)).toBe(
      'missing webhook-id, webhook-timestamp or webhook-signature',
    );
    expect(verifySignature(secret, { ...signed(now), timestamp: '12.5' }, body, now)).toBe(
      'webhook-timestamp is not a whole number of seconds',
    );
  });

  it('refuses timestamps more than 5 minutes off, either way', () => {
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(verifySignature(secret, signed(at(-300)), body, now)).toBeNull();
    expect(verifySignature(secret, signed(at(300)), body, now)).toBeNull();
    expect(verifySignature(secret, signed(at(-301)), body, now)).toBe('webhook-timestamp is more than 5 minutes old');
    expect(verifySignature(secret, signed(at(301)), body, now)).toBe(
      'webhook-timestamp is more than 5 minutes in the future',
    );
  });
});

import type { LookupAddress } from 'node:dns';
import {
  allowedNetworkList,
  EgressRefusedError,
  embeddedIPv4,
  forbiddenAddressReason,
  guardedLookup,
  targetUrlProblem,
} from './egress';

describe('egress policy of push deliveries', () => {
  const none = allowedNetworkList([]);

  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '192.0.2.10',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::7f00:1',
    '64:ff9b::a9fe:a9fe',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '2001:db8::1',
    '2002:7f00:1::1',
  ])('refuses %s by default', (address) => {
    expect(forbiddenAddressReason(address, none)).toMatch(/loopback, link-local, private or reserved/);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'lets public %s through',
    (address) => {
      expect(forbiddenAddressReason(address, none)).toBeNull();
    },
  );

  it('lets a listed network through, and nothing next to it', () => {
    const allowed = allowedNetworkList(['10.20.0.0/16', '127.0.0.1', 'fd00:1234::/32']);
    expect(forbiddenAddressReason('10.20.3.4', allowed)).toBeNull();
    expect(forbiddenAddressReason('::ffff:10.20.3.4', allowed)).toBeNull();
    expect(forbiddenAddressReason('127.0.0.1', allowed)).toBeNull();
    expect(forbiddenAddressReason('fd00:1234::5', allowed)).toBeNull();
    expect(forbiddenAddressReason('10.21.0.1', allowed)).not.toBeNull();
    expect(forbiddenAddressReason('127.0.0.2', allowed)).not.toBeNull();
    expect(forbiddenAddressReason('::1', allowed)).not.toBeNull();
    expect(forbiddenAddressReason('169.254.169.254', allowed)).not.toBeNull();
  });

  it('refuses a malformed allow-list entry', () => {
    expect(() => allowedNetworkList(['10.0.0.0/33'])).toThrow(/10.0.0.0\/33/);
    expect(() => allowedNetworkList(['intranet.local'])).toThrow(/intranet.local/);
    expect(() => allowedNetworkList(['10.0.0.0/8/8'])).toThrow();
  });

  it('reads the IPv4 address inside mapped and NAT64 IPv6 forms only', () => {
    expect(embeddedIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIPv4('::ffff:a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIPv4('64:ff9b::0a00:0001')).toBe('10.0.0.1');
    expect(embeddedIPv4('2606:4700::1111')).toBeNull();
  });

  it('judges names on what they resolve to, at connection time', async () => {
    const lookup = guardedLookup(none);
    const result = await new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>(
      (resolve) => lookup('localhost', {}, (err, address) => resolve({ err, address })),
    );
    expect(result.err).toBeInstanceOf(EgressRefusedError);
    expect(result.err?.message).toMatch(/^localhost resolves to .* loopback/);

    const allowing = guardedLookup(allowedNetworkList(['127.0.0.0/8', '::1']));
    const ok = await new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) =>
      allowing('localhost', { all: true }, (err, address) => resolve({ err, address })),
    );
    expect(ok.err).toBeNull();
    expect(Array.isArray(ok.address) && ok.address.length).toBeGreaterThan(0);
  });

  it('names the problem of a URL when it is saved', async () => {
    expect(await targetUrlProblem(new URL('http://[::1]:5432/'), none)).toMatch(/loopback/);
    expect(await targetUrlProblem(new URL('http://localhost:6379/'), none)).toMatch(/^localhost resolves to/);
    expect(await targetUrlProblem(new URL('http://169.254.169.254/latest/'), none)).toMatch(/link-local/);
    expect(await targetUrlProblem(new URL('https://203.113.130.1/hook'), none)).toBeNull();
  });
});

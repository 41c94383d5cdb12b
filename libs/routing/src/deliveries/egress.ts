import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where push deliveries may go. Agency push URLs are typed by an administrator, so a URL could point the worker at
 * the machine itself (PostgreSQL, Redis, Keycloak's admin, the worker's own health port), at a cloud metadata
 * service or at the private network, and the worker would POST signed personal data there. Every address in a
 * special-purpose range (loopback, link-local, private, shared, reserved, multicast, documentation, IPv4-mapped or
 * translated IPv6 forms of those) is refused unless the deployment lists its network in `allowedNetworks` (an
 * on-premise agency system on the ward's LAN, the tests' receivers on 127.0.0.1).
 */
export interface EgressPolicy {
  /** CIDR networks (or single addresses) that push deliveries may reach although they are special-purpose. */
  readonly allowedNetworks: readonly string[];
}

/** Injection token of the EgressPolicy each app builds from its configuration. */
export const EGRESS_POLICY = Symbol('EGRESS_POLICY');

export const DEFAULT_EGRESS_POLICY: EgressPolicy = { allowedNetworks: [] };

/** IANA special-purpose registries (RFC 6890 and successors), IPv4 then IPv6. */
const SPECIAL_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 included
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];
const SPECIAL_V6: ReadonlyArray<[string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64 (checked again as IPv4 below)
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID…)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['3fff::', 20], // documentation
  ['5f00::', 16], // SRv6
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const SPECIAL = (() => {
  const list = new BlockList();
  for (const [net, prefix] of SPECIAL_V4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of SPECIAL_V6) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

type Ipv6Groups = [number, number, number, number, number, number, number, number];

const eightGroups = (groups: number[]): groups is Ipv6Groups => groups.length === 8;

/** Expands an IPv6 text into its eight 16-bit groups, or null. */
function ipv6Groups(address: string): Ipv6Groups | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    // The pattern guarantees four parts; the defaults only satisfy the type.
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  const groups = text.includes('::') ? [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t] : h;
  return eightGroups(groups) && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The IPv4 address an IPv6 address stands for when it embeds one the network stack would reach as IPv4
 * (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d), so that ::ffff:127.0.0.1 is judged as 127.0.0.1.
 */
export function embeddedIPv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !nat64) return null;
  return [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff].join('.');
}

/** Parses the allow-list; throws naming the first entry that is not an address or a CIDR network. */
export function allowedNetworkList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [net, prefixText, extra] = entry.trim().split('/');
    const family = isIP(net ?? '');
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (net === undefined || family === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      throw new Error(`"${entry}" is not an IP address or CIDR network`);
    }
    list.addSubnet(net, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** Why an address may not be reached, or null when it may. `address` must be an IP literal. */
export function forbiddenAddressReason(address: string, allowed: BlockList): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const v4 = family === 6 ? embeddedIPv4(address) : null;
  const candidates: Array<[string, 'ipv4' | 'ipv6']> = [[address, family === 4 ? 'ipv4' : 'ipv6']];
  if (v4) candidates.push([v4, 'ipv4']);
  for (const [ip, type] of candidates) {
    if (allowed.check(ip, type)) return null;
  }
  for (const [ip, type] of candidates) {
    if (SPECIAL.check(ip, type)) {
      return `${address} is a loopback, link-local, private or reserved address`;
    }
  }
  return null;
}

export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefusedError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves as usual, then refuses the connection when any resolved address is
 * forbidden. The socket connects to exactly the address judged here, so a name that resolves to a public address
 * at save time and to 127.0.0.1 at send time (DNS rebinding) is refused at send time.
 */
export function guardedLookup(allowed: BlockList) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses;
      for (const a of list) {
        const reason = forbiddenAddressReason(a.address, allowed);
        if (reason) return callback(new EgressRefusedError(`${hostname} resolves to ${reason}`), '');
      }
      const [first] = list;
      if (first === undefined) return callback(new EgressRefusedError(`${hostname} has no address`), '');
      if (options.all) return callback(null, list);
      return callback(null, first.address, first.family);
    });
  };
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * What is wrong with a push URL's host, or null. IP literals are judged directly; names are resolved once and every
 * address judged (a name that does not resolve now is accepted: the send-time check decides then).
 */
export async function targetUrlProblem(url: URL, allowed: BlockList): Promise<string | null> {
  const host = hostOf(url);
  if (isIP(host) !== 0) return forbiddenAddressReason(host, allowed);
  const addresses = await new Promise<LookupAddress[]>((resolve) =>
    dnsLookup(host, { all: true }, (err, list) => resolve(err ? [] : list)),
  );
  for (const a of addresses) {
    const reason = forbiddenAddressReason(a.address, allowed);
    if (reason) return `${host} resolves to ${reason}`;
  }
  return null;
}

/** The host of a URL as the socket layer takes it (brackets of IPv6 literals removed). */
export function socketHost(url: URL): string {
  return hostOf(url);
}

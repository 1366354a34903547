// Webhooks make this server send requests where a user says: without a guard, to the cloud's
// metadata service, the database, or anything else only this machine can reach (SSRF). Only
// http(s) URLs to public unicast addresses are used, unless WEBHOOK_ALLOW_PRIVATE says otherwise.
// The check runs when an endpoint is registered and again on every connection, on the address
// actually connected to, so a name that later resolves elsewhere (DNS rebinding) is caught too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

export class WebhookAddressError extends Error {}

/** "loopback" → "a loopback address", "uniqueLocal" → "a unique local address". */
function rangeName(range: string): string {
  const name = range.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
  return `${/^(?:[aeio]|u(?!ni))/.test(name) ? 'an' : 'a'} ${name} address`;
}

/** `2002::/16`, `64:ff9b::/96`, `64:ff9b:1::/48`, as ipaddr.js ranges. */
const sixToFour = ipaddr.parseCIDR('2002::/16');
const nat64 = ipaddr.parseCIDR('64:ff9b::/96');
const localNat64 = ipaddr.parseCIDR('64:ff9b:1::/48');

const ipv4From = (high: number, low: number) => ipaddr.fromByteArray([high >> 8, high & 0xff, low >> 8, low & 0xff]) as ipaddr.IPv4;

/**
 * The IPv4 address an IPv6 one stands for, in the forms that carry one where it can be read:
 * IPv4-mapped (::ffff:a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible
 * (::a.b.c.d, deprecated, still routed to IPv4 by some tunnels), NAT64's well-known prefix
 * (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::/48). Null for any other address.
 */
function embeddedIPv4(address: ipaddr.IPv6): { ipv4: ipaddr.IPv4; form: 'compatible' | 'mapped' | 'nat64' | '6to4' } | null {
  const [p0, p1, p2, p3, p4, p5, p6, p7] = address.parts as [number, number, number, number, number, number, number, number];
  if (p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0) {
    if (p4 === 0 && p5 === 0xffff) return { ipv4: ipv4From(p6, p7), form: 'mapped' };
    if (p4 === 0xffff && p5 === 0) return { ipv4: ipv4From(p6, p7), form: 'mapped' };
    if (p4 === 0 && p5 === 0) return { ipv4: ipv4From(p6, p7), form: 'compatible' };
  }
  if (address.match(nat64)) return { ipv4: ipv4From(p6, p7), form: 'nat64' };
  if (address.match(sixToFour)) return { ipv4: ipv4From(p1, p2), form: '6to4' };
  return null;
}

/**
 * IPv6 as the URL parser (and so Node's connect) reads it: ipaddr.js takes "::a.b.c.d" for
 * IPv4-mapped, where it is IPv4-compatible ("::127.0.0.1" is "::7f00:1").
 */
function canonical(address: string): string {
  if (!isIPv6(address)) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    // With a zone ("fe80::1%eth0"), which URLs do not take.
    return address;
  }
}

/** Why an address may not be sent to, or null when it may. */
export function addressRefusal(address: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.parse(canonical(address));
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return range === 'unicast' ? null : `${address} is ${rangeName(range)}`;
  }
  const ipv6 = parsed as ipaddr.IPv6;
  const range = ipv6.range();
  if (range === 'unspecified' || range === 'loopback') return `${address} is ${rangeName(range)}`;
  // An IPv4 address written as IPv6 is judged as that IPv4 address: [::7f00:1] and [::ffff:a00:1] are loopback and private.
  const embedded = embeddedIPv4(ipv6);
  if (embedded) {
    const ipv4Range = embedded.ipv4.range();
    if (ipv4Range !== 'unicast') return `${address} stands for ${embedded.ipv4.toString()}, which is ${rangeName(ipv4Range)}`;
    // A public IPv4 address: reached through NAT64 (a DNS64 resolver gives these) or as mapped.
    if (embedded.form === 'mapped' || embedded.form === 'nat64') return null;
    if (embedded.form === 'compatible') return `${address} is a deprecated IPv4-compatible address`;
  }
  // RFC 8215's NAT64 prefix for a network's own use: where the IPv4 address sits depends on the network.
  if (ipv6.match(localNat64)) return `${address} is a local-use NAT64 address`;
  return range === 'unicast' ? null : `${address} is ${rangeName(range)}`;
}

/** The URL's shape: http or https, with a host, no credentials. Throws a WebhookAddressError with the reason. */
export function parseWebhookUrl(value: string): URL {
  if (!URL.canParse(value)) throw new WebhookAddressError('must be an absolute URL such as "https://example.com/hooks/copilot"');
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookAddressError('must be an http or https URL');
  if (url.username || url.password) throw new WebhookAddressError('must not carry a user name or password; the signature authenticates');
  return url;
}

/** Resolves the URL's host and refuses it when any address it has is not allowed. */
export async function checkWebhookUrl(value: string, allowPrivate: boolean): Promise<URL> {
  const url = parseWebhookUrl(value);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  for (const address of addresses) {
    const refusal = addressRefusal(address, allowPrivate);
    if (refusal) {
      const where = isIP(host) ? refusal : `${url.hostname} resolves to ${refusal}`;
      throw new WebhookAddressError(
        `must not point at a private network (${where}); set WEBHOOK_ALLOW_PRIVATE=true to allow private addresses`,
      );
    }
  }
  return url;
}

async function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) => {
      if (error) reject(new WebhookAddressError(`must have a host name that resolves (${host}: ${error.code ?? error.message})`));
      else resolve(addresses.map((entry) => entry.address));
    });
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses to connect to a disallowed address. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, []);
      const refused = addresses.map((entry) => addressRefusal(entry.address, allowPrivate)).find(Boolean);
      if (refused) {
        const error = new WebhookAddressError(`refused to connect: ${hostname} resolves to ${refused} (WEBHOOK_ALLOW_PRIVATE is off)`);
        return callback(Object.assign(error, { code: 'EADDRREFUSED' }), []);
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

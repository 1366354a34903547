// Webhooks make this server send requests where a user says: without a guard, to the cloud's
// metadata service, the database, or anything else only this machine can reach (SSRF). Only
// http(s) URLs to public unicast addresses are used, unless WEBHOOK_ALLOW_PRIVATE says otherwise.
// The check runs when an endpoint is registered and again on every connection, on the address
// actually connected to, so a name that later resolves elsewhere (DNS rebinding) is caught too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export class WebhookAddressError extends Error {}

/** Why an address may not be sent to, or null when it may. */
export function addressRefusal(address: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return null;
  const name = range.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
  return `${address} is ${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} address`;
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

// The address a request comes from. Behind a reverse proxy (nginx in the "scale" profile) every
// request comes from the proxy, so all users would share one rate-limit bucket: TRUSTED_PROXIES
// names the proxies whose X-Forwarded-For is believed. The client is the nearest address in the
// chain that is not a trusted proxy, so a client cannot pick its own address by sending the header.
import ipaddr from 'ipaddr.js';

/** Whether an address is one of the trusted proxies. */
export type TrustedProxies = (address: string) => boolean;

/** Whether `entry` is an IP address or a CIDR range (as TRUSTED_PROXIES lists them). */
export const isAddressOrRange = (entry: string): boolean => ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry);

/** An address as one kind: "::ffff:10.0.0.1" (how Node shows IPv4 on a dual-stack socket) is 10.0.0.1. */
function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  return ipaddr.isValid(address) ? ipaddr.process(address) : null;
}

export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const ranges = entries.map((entry) => {
    if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
    const address = ipaddr.process(entry);
    return [address, address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
  });
  return (address) => {
    const client = parsed(address);
    return client !== null && ranges.some(([range, bits]) => client.kind() === range.kind() && client.match(range, bits));
  };
}

/** The client's address: the socket's, or, when that is a trusted proxy, the nearest untrusted hop it forwarded. */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | null | undefined, trusted: TrustedProxies): string {
  const socket = socketAddress ?? 'unknown';
  if (!trusted(socket)) return socket;
  const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim());
  let client = socket;
  for (const hop of hops.reverse()) {
    // A hop that is not an address (a proxy's "unknown", garbage): nothing further left can be believed.
    if (!parsed(hop)) break;
    client = hop;
    if (!trusted(hop)) break;
  }
  return parsed(client)?.toString() ?? client;
}

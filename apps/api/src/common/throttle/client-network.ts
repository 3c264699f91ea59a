import ipaddr from 'ipaddr.js';

/**
 * The network a limiter counts a client by: an IPv4 address as it is, an IPv6
 * address by its /64. A household, a phone or a server is usually given a
 * whole /64, so counting each of its 2^64 addresses apart would let one
 * client rotate past every limit. An IPv4 address written as IPv6
 * (::ffff:198.51.100.7) is the IPv4 address. Anything unparsable is its own key.
 */
export function clientNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

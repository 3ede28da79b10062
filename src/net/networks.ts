import ipaddr from "ipaddr.js";
import { type Address, inRange } from "./addresses.js";

/** A CIDR range (`10.0.0.0/8`, `fd00::/8`) or one address, or why it is neither. */
export function parseNetwork(text: string): { range: [Address, number] } | { error: string } {
  const trimmed = text.trim();
  try {
    if (trimmed.includes("/")) return { range: ipaddr.parseCIDR(trimmed) };
    const address = ipaddr.parse(trimmed);
    return { range: [address, address.kind() === "ipv4" ? 32 : 128] };
  } catch {
    return { error: `"${text}" is not a CIDR range such as 10.0.0.0/8 or an address` };
  }
}

/**
 * Whether a client address lies in one of `networks`; an IPv4 client seen on a dual-stack socket
 * (`::ffff:10.1.2.3`) counts as its IPv4 address. Throws on a network `parseNetwork` refuses.
 */
export function createNetworkMatcher(networks: readonly string[]): (address: string) => boolean {
  const ranges = networks.map((text) => {
    const parsed = parseNetwork(text);
    if ("error" in parsed) throw new Error(parsed.error);
    return parsed.range;
  });
  return (text) => {
    if (!ipaddr.isValid(text)) return false;
    const address = ipaddr.process(text);
    return ranges.some((range) => inRange(address, range));
  };
}

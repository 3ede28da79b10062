import { domainToASCII } from "node:url";
import ipaddr from "ipaddr.js";

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** What a host written in config or a URL names: one address, a name to look up, or nothing usable. */
export type Host =
  | { kind: "address"; address: Address; text: string }
  | { kind: "name"; name: string }
  | { kind: "invalid"; text: string };

/**
 * Reads a host the way the connection will: IPv6 with or without brackets (and a zone), every IPv4
 * form the WHATWG URL parser and `inet_aton` accept (`2852039166`, `0251.0376.0251.0376`,
 * `0xa9fea9fe`, `127.1`, a trailing dot) as the address it means, and names as lower-case ASCII
 * (IDN to punycode, full-width characters folded) without a trailing dot.
 */
export function parseHost(text: string): Host {
  const unbracketed = /^\[(.*)\]$/.exec(text)?.[1] ?? text;
  if (ipaddr.IPv6.isValid(unbracketed)) {
    const address = ipaddr.IPv6.parse(unbracketed);
    return { kind: "address", address, text: formatAddress(address) };
  }
  // Percent-escapes, paths and ports are URL syntax, not part of a host a connection is given.
  if (/[\s#%/:<>?@[\\\]^|]/.test(text)) return { kind: "invalid", text };
  // The WHATWG host parser: IDNA mapping, full-width folding and the IPv4 number forms; "" when invalid.
  const ascii = domainToASCII(text);
  if (ascii === "" || ascii.startsWith("[")) return { kind: "invalid", text };
  if (ipaddr.IPv4.isValidFourPartDecimal(ascii)) {
    const address = ipaddr.IPv4.parse(ascii);
    return { kind: "address", address, text: address.toString() };
  }
  const name = ascii.replace(/\.$/, "");
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) return { kind: "invalid", text };
  return { kind: "name", name };
}

/** An address as Node's `dns.lookup` gives it; undefined when it is not one. */
export function parseAddress(text: string): Address | undefined {
  const host = parseHost(text);
  return host.kind === "address" ? host.address : undefined;
}

/** IPv6 in its short form, keeping the dotted tail of IPv4-mapped addresses readable. */
export function formatAddress(address: Address): string {
  if (address.kind() === "ipv4") return address.toString();
  const mapped = address as ipaddr.IPv6;
  return mapped.isIPv4MappedAddress() ? `::ffff:${mapped.toIPv4Address().toString()}` : mapped.toString();
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that end up at that IPv4 host: mapped
 * (`::ffff:a.b.c.d`), SIIT (`::ffff:0:a.b.c.d`), compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`
 * and the local-use `64:ff9b:1::/48`), 6to4 (`2002::/16`) and the Teredo client (`2001::/32`).
 */
export function findEmbeddedIPv4(address: Address): ipaddr.IPv4 | undefined {
  if (address.kind() === "ipv4") return undefined;
  const p = (address as ipaddr.IPv6).parts as number[];
  const word = (index: number) => p[index] as number;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeroUpTo = (end: number) => p.slice(0, end).every((part) => part === 0);
  if (zeroUpTo(5) && word(5) === 0xffff) return fromWords(word(6), word(7));
  if (zeroUpTo(4) && word(4) === 0xffff && word(5) === 0) return fromWords(word(6), word(7));
  // `::` and `::1` are IPv6's own unspecified and loopback addresses, not IPv4 ones.
  if (zeroUpTo(6) && !(word(6) === 0 && word(7) <= 1)) return fromWords(word(6), word(7));
  if (word(0) === 0x64 && word(1) === 0xff9b && p.slice(2, 6).every((part) => part === 0))
    return fromWords(word(6), word(7));
  if (word(0) === 0x64 && word(1) === 0xff9b && word(2) === 1)
    return new ipaddr.IPv4([word(3) >> 8, word(3) & 0xff, word(4) & 0xff, word(5) >> 8]);
  if (word(0) === 0x2002) return fromWords(word(1), word(2));
  if (word(0) === 0x2001 && word(1) === 0) return fromWords(word(6) ^ 0xffff, word(7) ^ 0xffff);
  return undefined;
}

/** Whether `address` lies in `range` (`10.0.0.0/8`); an IPv4 range never holds an IPv6 address. */
export function inRange(address: Address, range: [Address, number]): boolean {
  return address.kind() === range[0].kind() && address.match(range);
}

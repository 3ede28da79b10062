import ipaddr from "ipaddr.js";

/**
 * Which `Host` a request may name. A browser tricked by DNS rebinding sends the attacker's host
 * name to our address, so answering only to known names keeps such pages out. Entries are host
 * names or addresses (any port), `.example.com` for a domain and its subdomains, or `*` for any.
 */
const LOCAL_NAMES = ["localhost", ".localhost", "127.0.0.1", "::1"];
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The listen address and the localhost names; listening on every interface adds each interface's
 * address and the machine's host name, the names clients can reach it by.
 */
export function defaultAllowedHosts(
  listenHost: string,
  machine: { addresses: readonly string[]; hostname: string } = { addresses: [], hostname: "" },
): string[] {
  const extra = WILDCARDS.has(listenHost) ? [...machine.addresses, machine.hostname] : [listenHost];
  return [...new Set([...LOCAL_NAMES, ...extra.filter(Boolean).map(normalizeHost)])];
}

/** `Host: [::1]:9999` → `::1`, `Shop.Example.:80` → `shop.example`. */
export function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith("[")) return normalizeHost(text.slice(1, text.indexOf("]")));
  const colons = text.split(":").length - 1;
  return normalizeHost(colons === 1 ? (text.split(":")[0] as string) : text);
}

function normalizeHost(host: string): string {
  const text = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  return ipaddr.isValid(text) ? ipaddr.process(text).toString() : text;
}

export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes("*")) return true;
  if (!header) return false;
  const host = hostName(header);
  return allowed.some((entry) => {
    if (entry.startsWith(".")) return host === entry.slice(1) || host.endsWith(entry);
    return host === normalizeHost(entry);
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const SAME_ORIGIN_FETCHES = new Set(["same-origin", "none"]);

/**
 * Why a request is a write from another site's page, or undefined when it is not. Browsers mark
 * their requests (`Sec-Fetch-Site`, `Origin`); the CLI and scripts send neither and pass.
 */
export function crossSiteWrite(
  method: string,
  headers: { origin?: string | undefined; "sec-fetch-site"?: string | undefined; host?: string | undefined },
): string | undefined {
  if (SAFE_METHODS.has(method)) return undefined;
  const site = headers["sec-fetch-site"];
  if (site !== undefined && !SAME_ORIGIN_FETCHES.has(site)) return `the browser marked it Sec-Fetch-Site: ${site}`;
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `its Origin "${origin}" is not an address`;
  }
  // URL drops default ports and Host may too: compare names and ports with the scheme's default filled in.
  const defaultPort = url.protocol === "https:" ? "443" : "80";
  const host = headers.host ?? "";
  const hostPort = /:(\d+)$/.exec(host.replace(/^\[[^\]]*\]/, ""))?.[1] ?? defaultPort;
  if (hostName(url.host) !== hostName(host) || (url.port || defaultPort) !== hostPort)
    return `its Origin ${origin} is not this server (${host || "no Host"})`;
  return undefined;
}

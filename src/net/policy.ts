import ipaddr from "ipaddr.js";
import { type Address, findEmbeddedIPv4, formatAddress, inRange, parseHost } from "./addresses.js";
import { CATEGORY_NAMES, type Category, categorize, METADATA_NAMES, NEVER_ALLOWED } from "./ranges.js";

/** Why Nines opens a connection; each purpose has its own policy. */
export type Purpose = "probe" | "notify" | "datasource";

export const PURPOSES: readonly Purpose[] = ["probe", "notify", "datasource"];

const PURPOSE_NOUNS: Record<Purpose, string> = {
  probe: "probes",
  notify: "notifications",
  datasource: "data sources",
};

/**
 * Probes and data sources are aimed at the operator's own services, often on a private network;
 * notification targets are someone else's (a webhook URL pasted in), so only public addresses.
 */
const DEFAULT_CATEGORIES: Record<Purpose, readonly Category[]> = {
  probe: ["public", "private", "loopback"],
  notify: ["public"],
  datasource: ["public", "private", "loopback"],
};

/** Settings for one purpose: CIDRs (`10.0.0.0/8`), addresses, host names or `*.suffix` names. */
export interface OutboundRules {
  allow?: readonly string[] | undefined;
  deny?: readonly string[] | undefined;
}

export type OutboundSettings = Partial<Record<Purpose, OutboundRules>>;

type Rule = { kind: "range"; range: [Address, number] } | { kind: "name"; name: string; subdomains: boolean };

export type Decision = { allowed: true } | { allowed: false; reason: string };

/** What a host is before any lookup: refused already, an address to connect to as is, or a name to resolve. */
export type Screening =
  | { kind: "refused"; reason: string }
  | { kind: "address"; address: string }
  | { kind: "name"; name: string };

export interface OutboundPolicy {
  readonly purpose: Purpose;
  screen(host: string): Screening;
  /** The decision on one address a connection would go to; `name` is the host it was looked up for. */
  checkAddress(address: string, name?: string): Decision;
}

/** A rule as written in a setting, or why it is not one. */
export function parseRule(text: string): Rule | { error: string } {
  const trimmed = text.trim();
  if (trimmed.includes("/")) {
    try {
      return { kind: "range", range: ipaddr.parseCIDR(trimmed.replace(/^\[(.*)\](\/\d+)$/, "$1$2")) };
    } catch {
      return { error: `"${text}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8` };
    }
  }
  const subdomains = trimmed.startsWith("*.");
  const host = parseHost(subdomains ? trimmed.slice(2) : trimmed);
  if (host.kind === "address" && !subdomains)
    return { kind: "range", range: [host.address, host.address.kind() === "ipv4" ? 32 : 128] };
  if (host.kind === "name") return { kind: "name", name: host.name, subdomains };
  return { error: `"${text}" is not an address, CIDR range, host name or *.domain` };
}

export function createOutboundPolicy(purpose: Purpose, rules: OutboundRules = {}): OutboundPolicy {
  const noun = PURPOSE_NOUNS[purpose];
  const allow = compileRules(rules.allow);
  const deny = compileRules(rules.deny);
  const defaults = new Set(DEFAULT_CATEGORIES[purpose]);

  function checkAddress(text: string, name?: string): Decision {
    const host = parseHost(text);
    if (host.kind !== "address") return { allowed: false, reason: `"${text}" is not an IP address` };
    const address = host.address;
    const embedded = findEmbeddedIPv4(address);
    const category = categorize(embedded ?? address);
    const context = [embedded && `IPv4 ${embedded.toString()}`, name && `from ${name}`].filter(Boolean).join(", ");
    const refuse = (why: string): Decision => ({
      allowed: false,
      reason: `address ${formatAddress(address)}${context ? ` (${context})` : ""} is not allowed for ${noun}: ${why}`,
    });
    const matches = (list: Rule[]) =>
      list.some((rule) =>
        rule.kind === "range"
          ? inRange(address, rule.range) || (embedded !== undefined && inRange(embedded, rule.range))
          : name !== undefined && matchesName(rule, name),
      );

    if (NEVER_ALLOWED.has(category)) return refuse(CATEGORY_NAMES[category]);
    if (matches(deny)) return refuse(`listed in ${purpose}Deny`);
    if (matches(allow) || defaults.has(category)) return { allowed: true };
    return refuse(`${CATEGORY_NAMES[category]} (allow it with ${purpose}Allow)`);
  }

  return {
    purpose,
    checkAddress,
    screen(text) {
      const host = parseHost(text);
      if (host.kind === "invalid")
        return { kind: "refused", reason: `${JSON.stringify(text)} is not a valid host name or address` };
      if (host.kind === "address") {
        const decision = checkAddress(host.text);
        return decision.allowed
          ? { kind: "address", address: host.text }
          : { kind: "refused", reason: decision.reason };
      }
      const refuse = (why: string): Screening => ({
        kind: "refused",
        reason: `host ${host.name} is not allowed for ${noun}: ${why}`,
      });
      if (METADATA_NAMES.includes(host.name)) return refuse(CATEGORY_NAMES.metadata);
      if (deny.some((rule) => matchesName(rule, host.name))) return refuse(`listed in ${purpose}Deny`);
      return { kind: "name", name: host.name };
    },
  };
}

function compileRules(texts: readonly string[] = []): Rule[] {
  return texts.map((text) => {
    const rule = parseRule(text);
    if ("error" in rule) throw new Error(rule.error);
    return rule;
  });
}

function matchesName(rule: Rule, name: string): boolean {
  if (rule.kind !== "name") return false;
  return rule.subdomains ? name.endsWith(`.${rule.name}`) : name === rule.name;
}

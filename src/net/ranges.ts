import ipaddr from "ipaddr.js";
import { type Address, inRange } from "./addresses.js";

/** What kind of place an address is, as far as where Nines may connect to is concerned. */
export type Category =
  | "public"
  | "private"
  | "loopback"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved";

/** No setting allows these: nothing useful answers there, or what answers hands out credentials. */
export const NEVER_ALLOWED: ReadonlySet<Category> = new Set([
  "metadata",
  "unspecified",
  "multicast",
  "broadcast",
  "reserved",
]);

export const CATEGORY_NAMES: Record<Category, string> = {
  public: "public address",
  private: "private range",
  loopback: "loopback",
  "link-local": "link-local",
  metadata: "cloud metadata service",
  unspecified: `"this host", never a destination`,
  multicast: "multicast",
  broadcast: "broadcast",
  reserved: "reserved range",
};

/**
 * Cloud instance metadata and host agent endpoints: whoever reaches them from a server gets its
 * credentials. Most live in link-local space, but Alibaba's, Oracle's and Azure's WireServer do not.
 */
const METADATA = [
  "169.254.169.254/32", // AWS, GCP, Azure, DigitalOcean, Hetzner, OpenStack, Oracle
  "169.254.170.2/32", // AWS ECS task metadata and credentials
  "169.254.170.23/32", // AWS EKS Pod Identity agent
  "169.254.0.23/32", // Tencent Cloud
  "100.100.100.200/32", // Alibaba Cloud
  "192.0.0.192/32", // Oracle Cloud
  "168.63.129.16/32", // Azure WireServer
  "fd00:ec2::254/128", // AWS over IPv6
  "fd00:ec2::23/128", // AWS EKS Pod Identity agent over IPv6
];

/** Names of metadata services, refused before any lookup so the reason can say what they are. */
export const METADATA_NAMES = ["metadata.google.internal", "metadata.goog", "metadata.tencentyun.com", "instance-data"];

/** Most specific first: the first range an address lies in decides its category. */
const RANGES: Array<[Category, string[]]> = [
  ["metadata", METADATA],
  ["broadcast", ["255.255.255.255/32"]],
  ["unspecified", ["0.0.0.0/8", "::/128"]],
  ["loopback", ["127.0.0.0/8", "::1/128"]],
  ["link-local", ["169.254.0.0/16", "fe80::/10"]],
  ["multicast", ["224.0.0.0/4", "ff00::/8"]],
  ["reserved", ["240.0.0.0/4", "100::/64"]],
  [
    "private",
    [
      "10.0.0.0/8",
      "172.16.0.0/12",
      "192.168.0.0/16",
      "100.64.0.0/10", // carrier-grade NAT, also used inside clouds
      "192.0.0.0/24", // IETF protocol assignments
      "192.0.2.0/24", // documentation (TEST-NET-1..3)
      "198.51.100.0/24",
      "203.0.113.0/24",
      "198.18.0.0/15", // benchmarking
      "fc00::/7", // unique local
      "fec0::/10", // site-local, deprecated but still routed in places
      "2001:db8::/32", // documentation
    ],
  ],
];

const PARSED_RANGES = RANGES.map(
  ([category, ranges]) => [category, ranges.map((range) => ipaddr.parseCIDR(range))] as const,
);

export function categorize(address: Address): Category {
  for (const [category, ranges] of PARSED_RANGES) if (ranges.some((range) => inRange(address, range))) return category;
  return "public";
}

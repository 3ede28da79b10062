import { z } from "zod";
import { commonMonitorFields, withCommonRules } from "./common.js";

export const DNS_RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV"] as const;

/** Labels of letters, digits, `-` and `_` (SRV names such as `_sip._tcp.example`), an optional final dot. */
const DNS_NAME =
  /^(?=.{1,254}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$/;

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/** `10.0.0.2`, `10.0.0.2:5353`, `2001:db8::53` or `[2001:db8::53]:5353`, the forms `Resolver.setServers` takes. */
function isResolverAddress(text: string): boolean {
  if (ipv4.safeParse(text).success || ipv6.safeParse(text).success) return true;
  const withPort = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (!withPort) return false;
  const [, v6, v4, port] = withPort;
  const validHost = v6 !== undefined ? ipv6.safeParse(v6).success : ipv4.safeParse(v4).success;
  return validHost && Number(port) >= 1 && Number(port) <= 65_535;
}

export const dnsMonitorSpec = withCommonRules(
  z.strictObject({
    type: z.literal("dns").describe("The kind of check: `dns` asks a resolver for a name's records."),
    ...commonMonitorFields,
    name: z
      .string({ error: "expected a DNS name such as shop.example" })
      .regex(DNS_NAME, { error: "expected a DNS name such as shop.example or _sip._tcp.example" })
      .describe("The name to look up, e.g. `shop.example` or `_sip._tcp.shop.example`."),
    recordType: z.enum(DNS_RECORD_TYPES).default("A").describe("The record type to ask for."),
    resolver: z
      .string()
      .superRefine((text, ctx) => {
        if (isResolverAddress(text)) return;
        ctx.addIssue({
          code: "custom",
          message: `expected a resolver IP address with an optional port, such as "10.0.0.2", "10.0.0.2:5353" or "[2001:db8::53]:53", got "${text}"`,
        });
      })
      .optional()
      .describe("The DNS server to ask, `ip` or `ip:port`; by default the system's resolvers."),
    expectedAnswers: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Answers that must all be present (others may be too). Names compare without case or final dot; write MX as `"10 mail.shop.example"`, SRV as `"10 5 5060 sip.shop.example"`, TXT as its text joined.',
      ),
  }),
);

export type DnsMonitorSpec = z.infer<typeof dnsMonitorSpec>;

import type { MxRecord, SrvRecord } from "node:dns";
import type { DnsMonitorSpec } from "../model.js";

type RecordType = DnsMonitorSpec["recordType"];

/** One line per record, in the forms `expectedAnswers` is written in: `10 mail.example`, `10 5 5060 sip.example`. */
export function formatAnswers(recordType: RecordType, records: unknown[]): string[] {
  switch (recordType) {
    case "MX":
      return (records as MxRecord[]).map((record) => `${record.priority} ${normaliseName(record.exchange)}`);
    case "SRV":
      return (records as SrvRecord[]).map(
        (record) => `${record.priority} ${record.weight} ${record.port} ${normaliseName(record.name)}`,
      );
    case "TXT":
      // A TXT record arrives in chunks of at most 255 bytes; they are one text.
      return (records as string[][]).map((chunks) => chunks.join(""));
    default:
      return (records as string[]).map((answer) => normaliseAnswer(recordType, answer));
  }
}

/**
 * An answer as compared: names without case or final dot, IPv6 in its short form, numbers of MX
 * and SRV single-spaced. TXT is compared as written, since its text may be case-sensitive (keys).
 */
export function normaliseAnswer(recordType: RecordType, answer: string): string {
  const text = answer.trim();
  switch (recordType) {
    case "A":
    case "TXT":
      return text;
    case "AAAA":
      return normaliseIpv6(text);
    case "MX":
    case "SRV": {
      const parts = text.split(/\s+/);
      const name = parts.pop() ?? "";
      return [...parts.map((part) => String(Number(part))), normaliseName(name)].join(" ");
    }
    default:
      return normaliseName(text);
  }
}

/** The expected answers that are not among the actual ones. */
export function findMissingAnswers(recordType: RecordType, expected: string[], actual: string[]): string[] {
  const present = new Set(actual);
  return expected.filter((answer) => !present.has(normaliseAnswer(recordType, answer)));
}

const normaliseName = (name: string) => name.toLowerCase().replace(/\.$/, "");

function normaliseIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

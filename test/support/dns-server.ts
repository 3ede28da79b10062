import dgram from "node:dgram";
import type { AddressInfo } from "node:net";

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 for check tests, answering from a fixed
 * zone so no test depends on the machine's resolver. Names missing from the zone are NXDOMAIN.
 */
export type ZoneEntry =
  /** Records such as `{ type: "MX", data: "10 mail.shop.example" }`; none of the asked type is NODATA. */
  | Array<{ type: keyof typeof TYPE_CODES; data: string }>
  | "SERVFAIL"
  | "REFUSED"
  /** Never answers, like a resolver behind a firewall. */
  | "silent"
  /** Answers with a header that promises an answer the packet does not hold. */
  | "garbage";

const TYPE_CODES = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28, SRV: 33 } as const;
const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

export interface DnsServer {
  /** `127.0.0.1:PORT`, for a monitor's `resolver`. */
  address: string;
  /** Queries received so far. */
  queries(): number;
  close(): Promise<void>;
}

export async function startDnsServer(zone: Record<string, ZoneEntry>): Promise<DnsServer> {
  const socket = dgram.createSocket("udp4");
  let queries = 0;
  socket.on("message", (query, peer) => {
    queries++;
    const reply = answer(query, zone);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    queries: () => queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(query: Buffer, zone: Record<string, ZoneEntry>): Buffer | undefined {
  const labels: string[] = [];
  let offset = 12;
  for (let length = query[offset] ?? 0; length > 0; length = query[offset] ?? 0) {
    labels.push(query.toString("latin1", offset + 1, offset + 1 + length));
    offset += length + 1;
  }
  const questionEnd = offset + 5;
  const type = query.readUInt16BE(offset + 1);
  const entry = zone[labels.join(".").toLowerCase()];
  if (entry === "silent") return undefined;
  const rcode = entry === undefined ? "NXDOMAIN" : typeof entry === "string" && entry !== "garbage" ? entry : "NOERROR";
  const records = Array.isArray(entry) ? entry.filter((record) => TYPE_CODES[record.type] === type) : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR (a response), RD copied from the query, RA, and the response code.
  header.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | RCODES[rcode], 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(entry === "garbage" ? 1 : records.length, 6);
  const answers = records.map((record) => {
    const data = encodeData(record.type, record.data);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // a pointer to the name in the question
    fixed.writeUInt16BE(TYPE_CODES[record.type], 2);
    fixed.writeUInt16BE(1, 4); // class IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}

function encodeData(type: keyof typeof TYPE_CODES, data: string): Buffer {
  const parts = data.split(" ");
  const numbers = (count: number) => {
    const buffer = Buffer.alloc(2 * count);
    for (let index = 0; index < count; index++) buffer.writeUInt16BE(Number(parts[index]), 2 * index);
    return buffer;
  };
  switch (type) {
    case "A":
      return Buffer.from(data.split(".").map(Number));
    case "AAAA":
      return encodeIpv6(data);
    case "MX":
      return Buffer.concat([numbers(1), encodeName(parts[1] as string)]);
    case "SRV":
      return Buffer.concat([numbers(3), encodeName(parts[3] as string)]);
    case "TXT": {
      const chunks = data.match(/[\s\S]{1,255}/g) ?? [""];
      return Buffer.concat(chunks.map((chunk) => Buffer.concat([Buffer.from([chunk.length]), Buffer.from(chunk)])));
    }
    default:
      return encodeName(data);
  }
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, "").split(".");
  return Buffer.concat([
    ...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

function encodeIpv6(address: string): Buffer {
  const [head = "", tail] = address.split("::");
  const groups = (text: string) => (text ? text.split(":") : []);
  const missing = 8 - groups(head).length - groups(tail ?? "").length;
  const all = [...groups(head), ...Array(tail === undefined ? 0 : missing).fill("0"), ...groups(tail ?? "")];
  const buffer = Buffer.alloc(16);
  for (const [index, group] of all.entries()) buffer.writeUInt16BE(Number.parseInt(group, 16), 2 * index);
  return buffer;
}

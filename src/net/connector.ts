import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import net, { type LookupFunction } from "node:net";
import tls from "node:tls";
import {
  createOutboundPolicy,
  type OutboundPolicy,
  type OutboundSettings,
  PURPOSES,
  type Purpose,
  type Screening,
} from "./policy.js";

/** Looks a name up: every address it has, as `dns.lookup(name, { all: true })` gives them. */
export type Resolve = (name: string) => Promise<LookupAddress[]>;

/** A connection the policy refused; nothing was sent. `message` is the reason, for people. */
export class OutboundRefused extends Error {
  readonly code = "ENOTALLOWED";
  override readonly name = "OutboundRefused";
}

/** A connection cut off by one of the connector's caps (bytes or time). */
export class OutboundLimit extends Error {
  constructor(
    message: string,
    readonly code: "ETIMEDOUT" | "EMSGSIZE" | "ABORT_ERR",
  ) {
    super(message);
  }
}

export type TlsOptions = Omit<tls.ConnectionOptions, "host" | "port" | "lookup" | "socket" | "path">;

export interface ConnectOptions {
  purpose: Purpose;
  host: string;
  port: number;
  /** Speak TLS; SNI and the certificate's name check use `host` (or `servername`), not the address. */
  tls?: TlsOptions | undefined;
  /** Aborting destroys the connection. */
  signal?: AbortSignal | undefined;
  /** The most the whole connection may last, from now. */
  timeoutMs?: number | undefined;
  /**
   * The most it may receive; one byte more destroys it. Counting listens for `data`, which starts
   * the socket flowing: attach your own `data` listener right after `connect` returns.
   */
  maxBytes?: number | undefined;
}

export interface Connector {
  policy(purpose: Purpose): OutboundPolicy;
  /**
   * Opens a connection like `net.connect` or `tls.connect`, to an address the purpose's policy
   * allows. A refusal, a failed lookup or a cap arrives as the socket's `error` event, with nothing sent.
   */
  connect(options: ConnectOptions & { tls: TlsOptions }): tls.TLSSocket;
  connect(options: ConnectOptions): net.Socket;
  /**
   * A `lookup` for `http.request`, `net.connect` and `tls.connect` that refuses what the policy
   * refuses. The connection goes to the addresses it checked: there is no second lookup.
   */
  lookup(purpose: Purpose): LookupFunction;
  /** Whether a host could be reached at all, before any lookup (addresses and denied names). */
  screen(purpose: Purpose, host: string): Screening;
}

export interface ConnectorOptions {
  settings?: OutboundSettings | undefined;
  /** How names are looked up; tests inject answers. Default: the system's `dns.lookup`. */
  resolve?: Resolve | undefined;
}

export function createConnector(options: ConnectorOptions = {}): Connector {
  const resolve = options.resolve ?? ((name: string) => dns.lookup(name, { all: true }));
  const policies = Object.fromEntries(
    PURPOSES.map((purpose) => [purpose, createOutboundPolicy(purpose, options.settings?.[purpose])]),
  ) as Record<Purpose, OutboundPolicy>;

  function lookup(purpose: Purpose): LookupFunction {
    const policy = policies[purpose];
    return (hostname, lookupOptions, callback) => {
      const answer = (addresses: LookupAddress[]) => {
        const wanted = filterFamily(addresses, lookupOptions);
        const first = wanted[0];
        if (!first) return callback(notFound(hostname), "", 0);
        if (lookupOptions.all) (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, wanted);
        else callback(null, first.address, first.family);
      };
      const screening = policy.screen(hostname);
      if (screening.kind === "refused") return callback(new OutboundRefused(screening.reason), "", 0);
      if (screening.kind === "address") return answer([{ address: screening.address, family: familyOf(screening) }]);
      resolve(screening.name).then(
        (addresses) => {
          // One refused address refuses the name: which one a connection gets is not ours to pick.
          for (const { address } of addresses) {
            const decision = policy.checkAddress(address, screening.name);
            if (!decision.allowed) return callback(new OutboundRefused(decision.reason), "", 0);
          }
          answer(addresses);
        },
        (error: NodeJS.ErrnoException) => callback(error, "", 0),
      );
    };
  }

  function connect(connection: ConnectOptions): net.Socket {
    const screening = policies[connection.purpose].screen(connection.host);
    if (screening.kind === "refused") return refusedSocket(connection, new OutboundRefused(screening.reason));
    const named = screening.kind === "name";
    const host = named ? screening.name : screening.address;
    const lookupFunction = named ? lookup(connection.purpose) : undefined;
    const socket = connection.tls
      ? tls.connect({
          ...connection.tls,
          host,
          port: connection.port,
          lookup: lookupFunction,
          // SNI carries names only; an IP address there is refused by RFC 6066 (and warned about by Node).
          servername: connection.tls.servername ?? (named ? host : undefined),
        })
      : net.connect({ host, port: connection.port, lookup: lookupFunction });
    applyCaps(socket, connection);
    return socket;
  }

  return {
    policy: (purpose) => policies[purpose],
    connect: connect as Connector["connect"],
    lookup,
    screen: (purpose, host) => policies[purpose].screen(host),
  };
}

/** A socket that never connects and reports `error` on the next tick, so callers handle one path. */
function refusedSocket(connection: ConnectOptions, error: Error): net.Socket {
  const socket = connection.tls ? new tls.TLSSocket(new net.Socket()) : new net.Socket();
  process.nextTick(() => socket.destroy(error));
  return socket;
}

function applyCaps(socket: net.Socket, connection: ConnectOptions): void {
  const { signal, timeoutMs, maxBytes } = connection;
  const cleanups: Array<() => void> = [];
  socket.once("close", () => {
    for (const cleanup of cleanups) cleanup();
  });
  if (signal) {
    const abort = () => socket.destroy(new OutboundLimit("connection aborted", "ABORT_ERR"));
    if (signal.aborted) process.nextTick(abort);
    else {
      signal.addEventListener("abort", abort, { once: true });
      cleanups.push(() => signal.removeEventListener("abort", abort));
    }
  }
  if (timeoutMs !== undefined) {
    const timer = setTimeout(
      () => socket.destroy(new OutboundLimit(`timed out after ${timeoutMs} ms`, "ETIMEDOUT")),
      timeoutMs,
    );
    cleanups.push(() => clearTimeout(timer));
  }
  if (maxBytes !== undefined) {
    let received = 0;
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) socket.destroy(new OutboundLimit(`received more than ${maxBytes} bytes`, "EMSGSIZE"));
    });
  }
}

function filterFamily(addresses: LookupAddress[], options: LookupOptions): LookupAddress[] {
  const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
  return family === 4 || family === 6 ? addresses.filter((entry) => entry.family === family) : addresses;
}

const familyOf = (screening: { address: string }) => (net.isIPv6(screening.address) ? 6 : 4);

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
}

import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import tls from "node:tls";

/** Local targets for check tests; `closeTargets()` in afterEach ends them and their connections. */
type Target = net.Server | http.Server;

const targets: Target[] = [];
const sockets = new Set<net.Socket>();
let accepted = 0;

async function listen(server: Target): Promise<number> {
  targets.push(server);
  server.on("connection", (socket: net.Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A client that gives up mid-conversation resets the connection; that is no test failure.
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

export async function closeTargets(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  accepted = 0;
  await Promise.all(targets.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
}

/** A TCP server that runs `onConnection` for each client. */
export const startTcpTarget = (onConnection: (socket: net.Socket) => void = () => {}) =>
  listen(net.createServer(onConnection));

/** A TLS server with the given key and certificate (and other server options). */
export const startTlsTarget = (
  credentials: tls.TlsOptions,
  onConnection: (socket: tls.TLSSocket) => void = (socket) => socket.end(),
) => listen(tls.createServer(credentials, onConnection));

/** An HTTP server; returns its base URL. */
export async function startHttpTarget(handler: http.RequestListener): Promise<string> {
  return `http://127.0.0.1:${await listen(http.createServer(handler))}`;
}

/** Accepts connections, reads what comes and never says a word: the target that hangs. */
export const startHangingTarget = () => startTcpTarget((socket) => socket.resume());

/** Accepts and at once resets each connection (TCP RST). */
export const startResettingTarget = () => startTcpTarget((socket) => socket.resetAndDestroy());

/** A port on 127.0.0.1 where nothing listens, so a connection is refused. */
export async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Connections the targets still hold: a check that ended must have closed its own. */
export const countOpenConnections = () => sockets.size;

/** Connections the targets accepted since the last `closeTargets()`: whether a check reached out at all. */
export const countAcceptedConnections = () => accepted;

/** A listener at an address a test's policy refuses (127.0.0.2): it counts what it accepts, which must stay 0. */
export interface ForbiddenTarget {
  readonly port: number;
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startForbiddenTarget(address = "127.0.0.2"): Promise<ForbiddenTarget> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  server.listen(0, address);
  await once(server, "listening");
  return {
    port: (server.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

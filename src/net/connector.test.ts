import type { LookupAddress } from "node:dns";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnector, OutboundRefused, type Resolve } from "./connector.js";

/** A loopback server that counts the connections it accepted and answers each as `greet` says. */
interface CountingServer {
  port: number;
  accepted: number;
  close(): Promise<void>;
}

async function listen(host: string, greet: (socket: net.Socket) => void = () => {}): Promise<CountingServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    counting.accepted++;
    sockets.add(socket);
    socket.on("error", () => {});
    greet(socket);
  });
  server.listen(0, host);
  await once(server, "listening");
  const counting: CountingServer = {
    port: (server.address() as net.AddressInfo).port,
    accepted: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return counting;
}

/** A resolver that gives `answers[i]` on its i-th call (the last one after that) and counts calls. */
function scriptedResolver(...answers: string[][]): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (name: string): Promise<LookupAddress[]> => {
    const addresses = answers[Math.min(calls.length, answers.length - 1)] ?? [];
    calls.push(name);
    return addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

/** The connector under test refuses 127.0.0.2 for probes and allows the rest of loopback. */
const settings = { probe: { deny: ["127.0.0.2"] } };

/** Resolves with the connection's first error, or "connected". */
function outcomeOf(socket: net.Socket, event = "connect"): Promise<Error | "connected"> {
  return new Promise((resolve) => {
    socket.once(event, () => {
      resolve("connected");
      socket.destroy();
    });
    socket.once("error", resolve);
  });
}

let allowed: CountingServer;
let refused: CountingServer;

beforeAll(async () => {
  allowed = await listen("127.0.0.1", (socket) => socket.end("hello\n"));
  refused = await listen("127.0.0.2", (socket) => socket.end("you should not be here\n"));
});

afterAll(async () => {
  await Promise.all([allowed.close(), refused.close()]);
});

describe("the connector", () => {
  it("connects to an address the policy allows", async () => {
    const connector = createConnector({ settings });
    const before = allowed.accepted;
    expect(await outcomeOf(connector.connect({ purpose: "probe", host: "127.0.0.1", port: allowed.port }))).toBe(
      "connected",
    );
    expect(allowed.accepted).toBe(before + 1);
  });

  it.each(["127.0.0.2", "2130706434", "127.0.2", "0x7f000002", "::ffff:127.0.0.2"])(
    "refuses %s with the reason, without connecting",
    async (host) => {
      const connector = createConnector({ settings });
      const error = await outcomeOf(connector.connect({ purpose: "probe", host, port: refused.port }));
      expect(error).toBeInstanceOf(OutboundRefused);
      expect((error as Error).message).toMatch(
        /^address .*127\.0\.0\.2.* is not allowed for probes: listed in probeDeny$/,
      );
      expect(refused.accepted).toBe(0);
    },
  );

  it("refuses a name that resolves to a refused address", async () => {
    const resolve = scriptedResolver(["127.0.0.2"]);
    const connector = createConnector({ settings, resolve });
    const error = await outcomeOf(connector.connect({ purpose: "probe", host: "sneaky.test", port: refused.port }));
    expect((error as Error).message).toBe(
      "address 127.0.0.2 (from sneaky.test) is not allowed for probes: listed in probeDeny",
    );
    expect(resolve.calls).toEqual(["sneaky.test"]);
    expect(refused.accepted).toBe(0);
  });

  it("refuses a name when any of its addresses is refused", async () => {
    const connector = createConnector({ settings, resolve: scriptedResolver(["127.0.0.1", "127.0.0.2"]) });
    const error = await outcomeOf(connector.connect({ purpose: "probe", host: "mixed.test", port: refused.port }));
    expect(error).toBeInstanceOf(OutboundRefused);
    expect(refused.accepted).toBe(0);
  });

  it("refuses metadata names before any lookup", async () => {
    const resolve = scriptedResolver(["127.0.0.1"]);
    const connector = createConnector({ resolve });
    const error = await outcomeOf(connector.connect({ purpose: "probe", host: "metadata.google.internal", port: 80 }));
    expect((error as Error).message).toBe(
      "host metadata.google.internal is not allowed for probes: cloud metadata service",
    );
    expect(resolve.calls).toEqual([]);
  });

  it("looks a name up once, so a resolver that changes its answer cannot move the connection (DNS rebinding)", async () => {
    const resolve = scriptedResolver(["127.0.0.1"], ["127.0.0.2"]);
    const connector = createConnector({ settings, resolve });
    const socket = connector.connect({ purpose: "probe", host: "rebind.test", port: allowed.port });
    expect(await outcomeOf(socket)).toBe("connected");
    expect(resolve.calls).toEqual(["rebind.test"]);
    expect(refused.accepted).toBe(0);
  });

  it("reports a name that does not resolve as a DNS failure", async () => {
    const connector = createConnector({ resolve: scriptedResolver([]) });
    const error = await outcomeOf(connector.connect({ purpose: "probe", host: "nowhere.test", port: 80 }));
    expect(error).toMatchObject({ code: "ENOTFOUND", hostname: "nowhere.test" });
  });

  it("refuses loopback for notifications unless a setting allows it", async () => {
    const strict = createConnector();
    const error = await outcomeOf(strict.connect({ purpose: "notify", host: "127.0.0.1", port: allowed.port }));
    expect((error as Error).message).toBe(
      "address 127.0.0.1 is not allowed for notifications: loopback (allow it with notifyAllow)",
    );
    const lenient = createConnector({ settings: { notify: { allow: ["127.0.0.1"] } } });
    expect(await outcomeOf(lenient.connect({ purpose: "notify", host: "127.0.0.1", port: allowed.port }))).toBe(
      "connected",
    );
  });

  it("cuts a connection off past maxBytes", async () => {
    const chatty = await listen("127.0.0.1", (socket) => socket.end(Buffer.alloc(64 * 1024, 120)));
    try {
      const connector = createConnector();
      const socket = connector.connect({ purpose: "probe", host: "127.0.0.1", port: chatty.port, maxBytes: 1000 });
      const error = await outcomeOf(socket, "end");
      expect(error).toMatchObject({ code: "EMSGSIZE", message: "received more than 1000 bytes" });
      expect(socket.bytesRead).toBeGreaterThan(1000);
      expect(socket.destroyed).toBe(true);
    } finally {
      await chatty.close();
    }
  });

  it("cuts a silent connection off after timeoutMs", async () => {
    const silent = await listen("127.0.0.1");
    try {
      const connector = createConnector();
      const socket = connector.connect({ purpose: "probe", host: "127.0.0.1", port: silent.port, timeoutMs: 20 });
      expect(await outcomeOf(socket, "end")).toMatchObject({ code: "ETIMEDOUT", message: "timed out after 20 ms" });
    } finally {
      await silent.close();
    }
  });

  it("ends the connection when its signal aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    const connector = createConnector();
    const socket = connector.connect({
      purpose: "probe",
      host: "127.0.0.1",
      port: allowed.port,
      signal: controller.signal,
    });
    expect(await outcomeOf(socket, "end")).toMatchObject({ code: "ABORT_ERR" });
  });

  it("refuses TLS connections the same way", async () => {
    const connector = createConnector({ settings });
    const socket = connector.connect({ purpose: "probe", host: "127.0.0.2", port: refused.port, tls: {} });
    expect(await outcomeOf(socket, "secureConnect")).toBeInstanceOf(OutboundRefused);
    expect(refused.accepted).toBe(0);
  });
});

describe("the connector's lookup for http.request", () => {
  const get = (url: string, lookup: net.LookupFunction) =>
    new Promise<number | Error>((resolve) => {
      const request = http.get(url, { agent: false, lookup }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", resolve);
    });

  it("resolves once per request and refuses what the policy refuses", async () => {
    const server = http.createServer((_request, response) => response.end("ok"));
    server.listen(0, "127.0.0.2");
    await once(server, "listening");
    const { port } = server.address() as net.AddressInfo;
    try {
      const open = scriptedResolver(["127.0.0.2"]);
      expect(await get(`http://app.test:${port}/`, createConnector({ resolve: open }).lookup("probe"))).toBe(200);
      expect(open.calls).toEqual(["app.test"]);

      const guarded = scriptedResolver(["127.0.0.2"]);
      const error = await get(
        `http://app.test:${port}/`,
        createConnector({ settings, resolve: guarded }).lookup("probe"),
      );
      expect(error).toBeInstanceOf(OutboundRefused);
      expect((error as Error).message).toBe(
        "address 127.0.0.2 (from app.test) is not allowed for probes: listed in probeDeny",
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

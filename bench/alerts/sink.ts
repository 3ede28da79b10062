import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The webhook receiver both tools notify, in the benchmark's process on loopback: it answers 200 at
 * once and notes, per group (`groupLabels.service`), when each notification's body had arrived.
 */
export interface Delivery {
  at: number;
  status: string;
  alerts: number;
}

export interface Sink {
  url: string;
  deliveries: Map<string, Delivery[]>;
  count(): number;
  /** Resolves when `groups` groups have had a firing notification, or false at the deadline. */
  waitForGroups(groups: readonly string[], deadlineMs: number): Promise<boolean>;
  close(): Promise<void>;
}

interface WebhookBody {
  status: string;
  groupLabels?: Record<string, string>;
  alerts?: unknown[];
}

export async function startSink(): Promise<Sink> {
  const deliveries = new Map<string, Delivery[]>();
  let count = 0;
  const waiters = new Set<() => void>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      response.writeHead(200).end();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as WebhookBody;
        const group = body.groupLabels?.service ?? "";
        const list = deliveries.get(group) ?? [];
        list.push({ at, status: body.status, alerts: body.alerts?.length ?? 0 });
        deliveries.set(group, list);
        count++;
        for (const waiter of waiters) waiter();
      } catch {
        // Not a webhook body: counted nowhere, and the run reports the group as missing.
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const notified = (group: string) => deliveries.get(group)?.some((delivery) => delivery.status === "firing");
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    count: () => count,
    waitForGroups(groups, deadlineMs) {
      return new Promise((resolve) => {
        let pending = groups.filter((group) => !notified(group));
        const check = () => {
          pending = pending.filter((group) => !notified(group));
          if (pending.length === 0) done(true);
        };
        const done = (all: boolean) => {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(all);
        };
        const timer = setTimeout(() => done(false), deadlineMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

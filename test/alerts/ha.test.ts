import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/database.js";
import { ensureServerBuilt } from "../support/build.js";
import { runNines } from "../support/cli.js";
import { type Arrival, startNines, startSink, waitFor } from "../support/ha.js";

/**
 * "Never lost, never twice" with real processes: `nines server` is spawned from bin/nines on one
 * PostgreSQL schema, killed with SIGKILL at the worst moments, and a local webhook receiver counts
 * what reaches it and under which Idempotency-Key.
 */
const databaseUrl = process.env.DATABASE_URL;
const skip = databaseUrl
  ? undefined
  : "DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test): high availability needs PostgreSQL";
if (!databaseUrl && process.env.NINES_REQUIRE_ALL === "1")
  throw new Error("NINES_REQUIRE_ALL=1 but DATABASE_URL is not set: the high-availability tests cannot run");

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!skip) ensureServerBuilt();
}, 120_000);

/** A fresh schema (dropped with the other test schemas at the end of the run), a data dir, a shared key. */
function prepare(sinkPort: number) {
  const schema = `nines_test_${randomBytes(6).toString("hex")}`;
  const dir = mkdtempSync(path.join(tmpdir(), "nines-ha-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const objects = path.join(dir, "alerting.yaml");
  writeFileSync(
    objects,
    `apiVersion: nines/v1
kind: Receiver
metadata: {name: team-webhook}
spec:
  channels: [{type: webhook, url: "http://127.0.0.1:${sinkPort}/hook"}]
---
apiVersion: nines/v1
kind: Route
metadata: {name: pages}
spec: {receiver: team-webhook, groupBy: [alertname], groupWait: 1s, groupInterval: 1s, repeatInterval: 1h}
`,
  );
  const args = [
    "--database-url",
    databaseUrl as string,
    "--database-schema",
    schema,
    "--data",
    dir,
    "--notify-allow",
    "127.0.0.1/32",
  ];
  // Every server of one database needs the same key for Secret values.
  const env = { NINES_SECRET_KEY: randomBytes(32).toString("base64") };
  const start = (extra: string[] = []) => {
    const server = startNines([...args, ...extra], env);
    cleanups.push(() => server.kill());
    return server.ready;
  };
  const openDatabase = async (): Promise<Store> => {
    const store = await openStore({ databaseUrl, schema });
    cleanups.push(() => store.close());
    return store;
  };
  const createToken = async () => {
    const created = await runNines(
      ["token", "create", "--name", "prometheus", "--role", "responder", ...args.slice(0, 4)],
      {},
    );
    expect(created.code, created.stderr).toBe(0);
    return created.stdout.trim();
  };
  return { start, objects, openDatabase, createToken };
}

async function postAlerts(url: string, token: string, names: string[]) {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(
      names.map((alertname) => ({ labels: { alertname, severity: "page" }, annotations: { summary: alertname } })),
    ),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** What the database says was enqueued: one row per notification, with its state. */
const readOutbox = (store: Store) =>
  store.db.selectFrom("notifications").select(["idempotency_key", "state"]).orderBy("idempotency_key").execute();

const keysOf = (arrivals: readonly Arrival[]) => [...new Set(arrivals.map((arrival) => arrival.idempotencyKey))].sort();

describe("alert delivery across crashes and instances (PostgreSQL)", () => {
  it("a server killed mid-delivery loses nothing, and its successor resends under the same key", {
    timeout: 60_000,
  }, async (context) => {
    if (skip) context.skip(skip);
    const sink = await startSink();
    cleanups.push(() => sink.close());
    const ha = prepare(sink.port);
    // The first delivery is held open: the message is on the wire when the server dies.
    sink.hold();
    const first = await ha.start(["-f", ha.objects]);
    const token = await ha.createToken();
    await postAlerts(first.url, token, ["DiskFull"]);
    await waitFor("the first delivery attempt", () => sink.arrivals.length > 0 || undefined, first.logs);
    first.kill();
    await first.exited;

    sink.answer(200);
    const second = await ha.start();
    await waitFor(
      "the delivery after the crash",
      () => sink.arrivals.some((arrival) => arrival.answered === 200) || undefined,
      second.logs,
      45_000,
    );

    const store = await ha.openDatabase();
    const rows = await readOutbox(store);
    expect(rows).toHaveLength(1);
    // At least once, and every copy under the one key the receiver deduplicates by.
    expect(sink.arrivals.length).toBeGreaterThanOrEqual(2);
    expect(keysOf(sink.arrivals)).toEqual(rows.map((row) => row.idempotency_key));
    expect(sink.arrivals.every((arrival) => arrival.body.groupLabels.alertname === "DiskFull")).toBe(true);

    const delivered = await waitFor(
      "the outbox row marked delivered",
      async () => {
        const response = await fetch(`${second.url}/api/v1/notifications`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const page = (await response.json()) as { items: { idempotencyKey: string; state: string }[] };
        const done = page.items.length > 0 && page.items.every((item) => item.state === "delivered");
        return done ? page.items : undefined;
      },
      second.logs,
    );
    expect(delivered.map((item) => item.idempotencyKey)).toEqual(rows.map((row) => row.idempotency_key));
  });

  it("two servers on one database page once per group, and the survivor of a leader's crash takes over within 15 s", {
    timeout: 60_000,
  }, async (context) => {
    if (skip) context.skip(skip);
    const sink = await startSink();
    cleanups.push(() => sink.close());
    sink.answer(200);
    const ha = prepare(sink.port);
    // The second starts once the first has migrated and applied the objects.
    const one = await ha.start(["-f", ha.objects]);
    const two = await ha.start();
    const servers = [one, two];
    const logs = () => servers.map((server) => `--- pid ${server.pid}\n${server.logs()}`).join("\n");
    const token = await ha.createToken();
    const store = await ha.openDatabase();

    // As Prometheus does in a highly available setup, the same alerts go to every instance; and
    // each instance takes one alert the other never sees.
    await postAlerts(one.url, token, ["DiskFull", "CpuHot"]);
    await postAlerts(two.url, token, ["DiskFull", "CpuHot"]);
    await postAlerts(one.url, token, ["MemoryLow"]);
    await postAlerts(two.url, token, ["QueueStuck"]);
    const groupsOf = () => sink.arrivals.map((arrival) => arrival.body.groupLabels.alertname).sort();
    await waitFor("a notification for each group", () => (sink.arrivals.length >= 4 ? true : undefined), logs);

    const leader = await waitFor(
      "a leader in the leases table",
      async () => {
        const lease = await store.db
          .selectFrom("leases")
          .select("holder")
          .where("name", "=", "alerting")
          .executeTakeFirst();
        const pid = Number(lease?.holder.split(":").at(-2));
        return servers.find((server) => server.pid === pid);
      },
      logs,
    );
    const survivor = leader === one ? two : one;
    leader.kill();
    const killedAt = Date.now();
    await leader.exited;

    await postAlerts(survivor.url, token, ["NetworkDown"]);
    const failover = await waitFor(
      "the survivor's notification",
      () => sink.arrivals.find((arrival) => arrival.body.groupLabels.alertname === "NetworkDown"),
      logs,
      20_000,
    );
    expect(failover.at - killedAt, logs()).toBeLessThan(15_000);

    // One message per group, none sent twice, each under its own key, as enqueued and delivered.
    expect(groupsOf()).toEqual(["CpuHot", "DiskFull", "MemoryLow", "NetworkDown", "QueueStuck"]);
    const rows = await waitFor(
      "every notification marked delivered",
      async () => {
        const rows = await readOutbox(store);
        return rows.every((row) => row.state === "delivered") ? rows : undefined;
      },
      logs,
    );
    expect(rows).toHaveLength(5);
    expect(keysOf(sink.arrivals)).toEqual(rows.map((row) => row.idempotency_key));
    expect(sink.arrivals).toHaveLength(rows.length);
  });
});

import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConfigService, createConfigService } from "../../src/config/apply.js";
import { type ObjectChange, ObjectEvents } from "../../src/config/events.js";
import { toYaml } from "../../src/config/export.js";
import { loadDocuments } from "../../src/config/load.js";
import { toDocument } from "../../src/config/objects.js";
import { createManualClock } from "../../src/core/clock.js";
import { NinesError } from "../../src/core/errors.js";
import { KINDS } from "../../src/kinds.js";
import type { Store } from "../../src/store/database.js";
import { backends, dropTestSchemas } from "../support/databases.js";

const monitor = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: { type: "http", url: `https://${name}.example/health`, interval: "30s", ...spec },
});

const service = (name: string) => ({
  apiVersion: "openslo/v1",
  kind: "Service",
  metadata: { name },
  spec: { description: "x" },
});

afterAll(dropTestSchemas);

describe.each(backends)("config store on $name", (backend) => {
  let store: Store;
  let config: ConfigService;
  let changes: ObjectChange[];
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));

  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    store = await backend.open();
    const events = new ObjectEvents();
    changes = [];
    events.on("Monitor", (change) => {
      changes.push(change);
    });
    config = createConfigService({ store, kinds: KINDS, events, clock });
  });
  afterEach(async () => {
    await store?.close();
  });

  it("creates, then finds nothing to change on a second apply", async () => {
    const first = await config.apply([monitor("a"), monitor("b"), service("shop")]);
    expect(first.summary).toEqual({ create: 3, change: 0, delete: 0, unchanged: 0 });
    expect(first.applied).toBe(true);
    const second = await config.apply([monitor("a"), monitor("b"), service("shop")]);
    expect(second.summary).toEqual({ create: 0, change: 0, delete: 0, unchanged: 3 });
    expect(changes.map((change) => change.type)).toEqual(["created", "created"]);
    const stored = await config.get("monitors", "a");
    expect(stored.generation).toBe(1);
    expect(stored.spec).toMatchObject({ method: "GET", timeout: "10s", expectedStatus: ["200-399"] });
  });

  it("plans field-level changes without writing them", async () => {
    await config.apply([monitor("a")]);
    const plan = await config.apply([monitor("a", { interval: "1m" })], { dryRun: true });
    expect(plan.applied).toBe(false);
    expect(plan.changes).toEqual([
      {
        action: "change",
        apiVersion: "nines/v1",
        kind: "Monitor",
        name: "a",
        fields: [{ path: "/spec/interval", before: "30s", after: "1m" }],
      },
    ]);
    expect((await config.get("Monitor", "a")).spec.interval).toBe("30s");

    await config.apply([monitor("a", { interval: "1m" })]);
    const changed = await config.get("Monitor", "a");
    expect(changed.spec.interval).toBe("1m");
    expect(changed.generation).toBe(2);
    expect(changes.at(-1)?.type).toBe("changed");
  });

  it("deletes only with prune, and only kinds in the documents", async () => {
    await config.apply([monitor("a"), monitor("b"), service("shop")]);
    const keep = await config.apply([monitor("a")]);
    expect(keep.summary.delete).toBe(0);
    const pruned = await config.apply([monitor("a")], { prune: true });
    expect(pruned.changes.filter((change) => change.action === "delete").map((change) => change.name)).toEqual(["b"]);
    expect((await config.list()).map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      "Monitor/a",
      "Service/shop",
    ]);
    expect(changes.at(-1)).toMatchObject({ type: "deleted", object: { metadata: { name: "b" } } });
  });

  it("rejects an invalid batch whole, changing nothing", async () => {
    await config.apply([monitor("a")]);
    const error = await config
      .apply([monitor("a", { interval: "5m" }), monitor("bad", { url: "not a url" })])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NinesError);
    expect((error as NinesError).code).toBe("Invalid");
    expect((error as NinesError).issues[0]).toMatchObject({ path: "/spec/url", document: 1 });
    expect((await config.get("Monitor", "a")).spec.interval).toBe("30s");
    expect(await config.list("Monitor")).toHaveLength(1);
  });

  it("deletes one object and says when it does not exist", async () => {
    await config.apply([monitor("a")]);
    const plan = await config.remove("mon", "a");
    expect(plan.summary.delete).toBe(1);
    await expect(config.remove("Monitor", "a")).rejects.toMatchObject({ code: "NotFound" });
    await expect(config.get("nonsense", "a")).rejects.toMatchObject({
      code: "NotFound",
      message: 'unknown kind "nonsense"',
    });
  });

  it("exports YAML that loads and applies back to no change", async () => {
    await config.apply([
      monitor("b", { timeout: "5s", expectedStatus: [200, "300-302"], description: "the b endpoint" }),
      { ...monitor("a"), metadata: { name: "a", displayName: "A", labels: { team: "x", tier: ["1", "2"] } } },
      service("shop"),
    ]);
    const exported = toYaml(
      (await config.list()).map((object) => toDocument(object, KINDS)),
      KINDS.names(),
    );
    expect(exported.indexOf("apiVersion")).toBe(0);
    // Keys in schema order (type, the fields every type has, then its own), not the database's order.
    expect(exported).toMatch(
      /spec:\n {2}type: http\n {2}description: the b endpoint\n {2}interval: 30s\n {2}timeout: 5s\n {2}failureThreshold: 2\n {2}recoveryThreshold: 1\n {2}paused: false\n {2}url: /,
    );
    const { documents, issues } = loadDocuments(exported, "export.yaml", { kinds: KINDS });
    expect(issues).toEqual([]);
    const plan = await config.apply(documents.map((loaded) => loaded.document));
    expect(plan.summary).toEqual({ create: 0, change: 0, delete: 0, unchanged: 3 });
    expect(
      toYaml(
        (await config.list()).map((object) => toDocument(object, KINDS)),
        KINDS.names(),
      ),
    ).toBe(exported);
  });
});

import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConfigService, createConfigService } from "../../src/config/apply.js";
import { ObjectEvents } from "../../src/config/events.js";
import { toYaml } from "../../src/config/export.js";
import { loadDocuments } from "../../src/config/load.js";
import { toDocument } from "../../src/config/objects.js";
import { createManualClock } from "../../src/core/clock.js";
import { KINDS } from "../../src/kinds.js";
import type { Store } from "../../src/store/database.js";
import { backends, dropTestSchemas } from "../support/databases.js";

// Strings that YAML 1.1 readers would take for a timestamp, numbers and a boolean. The free-form
// connectionDetails keys are in jsonb's order (shorter first), which PostgreSQL gives back whatever
// order they were written in; the schema restores the order of every other field.
const CONFIG = `apiVersion: openslo/v1
kind: Service
metadata:
  name: checkout
spec: {}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: monthly
spec:
  service: checkout
  indicator:
    metadata:
      name: latency
    spec:
      thresholdMetric:
        metricSource:
          metricSourceRef: prometheus
          spec:
            query: "1:20"
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: "2026-01-05 00:00:00"
        timeZone: Europe/Berlin
  budgetingMethod: Occurrences
  objectives:
    - op: lt
      value: 0.3
      target: 0.99
---
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus
spec:
  type: Prometheus
  connectionDetails:
    url: http://prometheus:9090
    mask: "0x1F"
    mode: "0o17"
    verify: "no"
    retries: "1_000"
`;

afterAll(dropTestSchemas);

describe.each(backends)("export on $name", (backend) => {
  let store: Store;
  let config: ConfigService;

  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    store = await backend.open();
    config = createConfigService({ store, kinds: KINDS, events: new ObjectEvents(), clock: createManualClock(0) });
  });
  afterEach(async () => {
    await store?.close();
  });

  it("keeps strings quoted that YAML 1.1 would read as dates or numbers, byte for byte", async () => {
    const load = (text: string) => {
      const { documents, issues } = loadDocuments(text, "config.yaml", { env: {}, kinds: KINDS });
      expect(issues).toEqual([]);
      return documents.map((loaded) => loaded.document);
    };
    await config.apply(load(CONFIG));
    const exported = toYaml(
      (await config.list()).map((object) => toDocument(object, KINDS)),
      KINDS.names(),
    );
    expect(exported).toBe(CONFIG);
    const plan = await config.apply(load(exported));
    expect(plan.summary).toEqual({ create: 0, change: 0, delete: 0, unchanged: 3 });
    expect(
      toYaml(
        (await config.list()).map((object) => toDocument(object, KINDS)),
        KINDS.names(),
      ),
    ).toBe(exported);
  });
});

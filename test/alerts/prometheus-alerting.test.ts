import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/main.js";
import { settingsSchema } from "../../src/server/settings.js";
import { runNines } from "../support/cli.js";
import { prometheusMissing, startPrometheus } from "../support/prometheus.js";

/**
 * The whole path with a real peer: Debian's Prometheus evaluates a rule over a metric this test
 * serves, sends the firing alert to Nines as it would to Alertmanager (API v2, bearer token),
 * Nines routes and groups it and delivers Alertmanager's webhook to a local receiver; when the
 * metric drops, the rule stops firing and the resolve arrives the same way.
 */
const DEADLINE_MS = 30_000;

interface Webhook {
  status: string;
  receiver: string;
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; fingerprint: string }[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

async function waitFor<T>(what: string, find: () => T | undefined, log: () => string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() - started > DEADLINE_MS)
      throw new Error(`no ${what} within ${DEADLINE_MS} ms; Prometheus said:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("Prometheus alerting into Nines", () => {
  it("routes a firing rule to a webhook receiver, then delivers its resolve", { timeout: 60_000 }, async (context) => {
    if (prometheusMissing) context.skip(prometheusMissing);
    let flag = 1;
    const exporterPort = await listen((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      response.end(`# TYPE nines_test_flag gauge\nnines_test_flag ${flag}\n`);
    });
    const received: Webhook[] = [];
    const sinkPort = await listen((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push(JSON.parse(body) as Webhook);
        response.writeHead(200).end();
      });
    });

    const dir = mkdtempSync(path.join(tmpdir(), "nines-alerting-"));
    const server: RunningServer = await startServer(
      settingsSchema.parse({ port: 0, dataDir: dir, notifyAllow: ["127.0.0.1/32"] }),
      { logger: pino({ level: "silent" }), handleSignals: false },
    );
    cleanups.push(async () => {
      await server.shutdown("test done");
      rmSync(dir, { recursive: true, force: true });
    });
    await server.nines.config.apply([
      {
        apiVersion: "nines/v1",
        kind: "Receiver",
        metadata: { name: "team-webhook" },
        spec: { channels: [{ type: "webhook", url: `http://127.0.0.1:${sinkPort}/hook` }] },
      },
      {
        apiVersion: "nines/v1",
        kind: "Route",
        metadata: { name: "pages" },
        spec: {
          receiver: "team-webhook",
          matchers: ['severity="page"'],
          groupBy: ["alertname"],
          groupWait: "1s",
          groupInterval: "1s",
          repeatInterval: "1h",
        },
      },
    ]);
    const created = await runNines(["token", "create", "--name", "prometheus", "--role", "responder"], {
      NINES_SERVER: server.url,
      NINES_DATA: dir,
    });
    const token = created.stdout.trim();
    const ninesPort = new URL(server.url).port;

    const prometheus = await startPrometheus(
      `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: ["$DIR/rules.yml"]
scrape_configs:
  - job_name: exporter
    static_configs:
      - targets: ["127.0.0.1:${exporterPort}"]
alerting:
  alertmanagers:
    - api_version: v2
      authorization:
        credentials: ${token}
      static_configs:
        - targets: ["127.0.0.1:${ninesPort}"]
`,
      {
        "rules.yml": `groups:
  - name: test
    rules:
      - alert: FlagRaised
        expr: nines_test_flag > 0
        labels: {severity: page}
        annotations: {summary: "the flag is up"}
`,
      },
    );
    cleanups.push(() => prometheus.stop());

    const firing = await waitFor(
      "firing webhook",
      () => received.find((hook) => hook.status === "firing"),
      prometheus.log,
    );
    expect(firing).toMatchObject({ receiver: "team-webhook", groupLabels: { alertname: "FlagRaised" } });
    expect(firing.alerts).toHaveLength(1);
    expect(firing.alerts[0]?.labels).toMatchObject({ alertname: "FlagRaised", severity: "page", job: "exporter" });

    flag = 0;
    const resolved = await waitFor(
      "resolved webhook",
      () => received.find((hook) => hook.status === "resolved"),
      prometheus.log,
    );
    expect(resolved.alerts[0]).toMatchObject({ status: "resolved", fingerprint: firing.alerts[0]?.fingerprint });
    // Nothing was sent twice: one firing message, one resolve.
    expect(received.map((hook) => hook.status)).toEqual(["firing", "resolved"]);
  });
});

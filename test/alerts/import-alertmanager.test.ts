import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatAlertmanagerImport, importAlertmanager } from "../../src/alerts/import-alertmanager.js";
import { routeSpec } from "../../src/alerts/model.js";
import { buildRouteTree, matchRoutes } from "../../src/alerts/routing.js";
import { loadDocuments } from "../../src/config/load.js";
import { checkReferences } from "../../src/config/object-references.js";
import { KINDS } from "../../src/kinds.js";
import { runNines } from "../support/cli.js";

/**
 * A realistic alertmanager.yml (test/fixtures/alertmanager/) becomes documents that Nines'
 * validation takes, that route alerts as Alertmanager itself does (amtool config routes test),
 * with every credential behind a Secret reference and every field left out named.
 */
const FIXTURE = path.join(import.meta.dirname, "../fixtures/alertmanager/alertmanager.yml");
const AMTOOL = "/usr/bin/amtool";
const amtoolMissing = existsSync(AMTOOL)
  ? undefined
  : `${AMTOOL} is not installed (apt-get install prometheus-alertmanager)`;
if (amtoolMissing && process.env.NINES_REQUIRE_ALL === "1") throw new Error(`NINES_REQUIRE_ALL=1 but ${amtoolMissing}`);

const dir = mkdtempSync(path.join(tmpdir(), "nines-import-alertmanager-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = readFileSync(FIXTURE, "utf8");
const imported = importAlertmanager(fixture);
/** The Secret the operator makes from the keys the import lists, as its notes on stderr ask. */
const secretYaml = `apiVersion: nines/v1
kind: Secret
metadata:
  name: ${imported.secretName}
spec:
  data:
${imported.secretKeys.map(({ key }) => `    ${key}: value-of-${key}\n`).join("")}`;
const secretFile = path.join(dir, "secret.yaml");
writeFileSync(secretFile, secretYaml);

describe("the fixture", () => {
  it("is a real Alertmanager config (amtool check-config)", (context) => {
    if (amtoolMissing) context.skip(amtoolMissing);
    const output = execFileSync(AMTOOL, ["check-config", FIXTURE], { encoding: "utf8" });
    expect(output).toContain("SUCCESS");
    expect(output).toContain("9 receivers");
  });
});

describe("importAlertmanager on the fixture", () => {
  it("gives documents that Nines' loader, validation and reference checks take", () => {
    const text = formatAlertmanagerImport(imported);
    const loaded = loadDocuments(text, "imported.yaml", { env: {}, kinds: KINDS });
    expect(loaded.issues).toEqual([]);
    const secret = loadDocuments(secretYaml, "secret.yaml", { env: {}, kinds: KINDS });
    expect(checkReferences(KINDS, [...loaded.documents, ...secret.documents])).toEqual([]);
    // Without the Secret, every problem is that Secret, at a credential's field.
    const missing = checkReferences(KINDS, loaded.documents);
    expect(missing.length).toBeGreaterThanOrEqual(imported.secretKeys.length);
    expect(missing.every((issue) => issue.message === `Secret "${imported.secretName}" does not exist`)).toBe(true);
    expect(imported.refused).toEqual([]);
    expect(loaded.documents.map(({ document }) => `${document.kind}/${document.metadata.name}`)).toEqual([
      "TimeInterval/holidays",
      "TimeInterval/offhours",
      ...[
        "blackhole",
        "dev-chat",
        "legacy-opsgenie",
        "on-call-hooks",
        "team-DB-pager",
        "team-X-mails",
        "team-X-pager",
        "team-Y-mails",
        "team-Y-pager",
      ].map((name) => `Receiver/${name}`),
      "InhibitRule/inhibit-1",
      "InhibitRule/inhibit-2",
      "Route/team-X-mails",
    ]);
  });

  it("never copies a credential, and lists the Secret keys with where each value was", () => {
    const text = formatAlertmanagerImport(imported);
    for (const credential of [
      "smtp-password",
      "XXXXXXXX",
      "s3cr3t",
      "abcdefghijklmnopqrstuvwxyz012345",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
      "team-Y-service-key",
      "webhook-bearer",
      "opsgenie-key",
    ])
      expect(text.replaceAll("key: smtp-password", "")).not.toContain(credential);
    expect(imported.secretKeys).toEqual([
      { key: "smtp-password", from: "global.smtp_auth_password" },
      { key: "team-X-pager.pagerduty.routing-key", from: "receivers[team-X-pager].pagerduty_configs[0].routing_key" },
      { key: "team-Y-pager.pagerduty.routing-key", from: "receivers[team-Y-pager].pagerduty_configs[0].service_key" },
      { key: "team-DB-pager.pagerduty.routing-key", from: "receivers[team-DB-pager].pagerduty_configs[0].routing_key" },
      { key: "slack-api-url", from: "global.slack_api_url" },
      { key: "on-call-hooks.webhook.url", from: "receivers[on-call-hooks].webhook_configs[0].url" },
    ]);
    expect(text).toContain("secretRef:\n          name: alertmanager\n          key: slack-api-url");
  });

  it("names every field it left out, where it was", () => {
    expect(imported.warnings).toEqual(
      expect.arrayContaining([
        "templates: left out (Nines renders its own messages)",
        "receivers[team-Y-mails].email_configs[0]: left out html (no such field in Nines' email channel)",
        "receivers[dev-chat].slack_configs[0]: left out title (no such field in Nines' slack channel)",
        "receivers[on-call-hooks].webhook_configs[0]: left out http_config (no such field in Nines' webhook channel)",
        "receivers[legacy-opsgenie]: left out opsgenie_configs (no such channel in Nines)",
        expect.stringMatching(
          /^receivers\[team-Y-pager\]\.pagerduty_configs\[0\]: service_key is an Events API v1 key/,
        ),
        expect.stringMatching(
          /^receivers\[blackhole\]: sends nowhere in Alertmanager; Nines keeps its alerts in the inbox/,
        ),
      ]),
    );
  });

  it("routes alerts to the receivers amtool's own route test resolves", (context) => {
    if (amtoolMissing) context.skip(amtoolMissing);
    const route = imported.documents.find((document) => document.kind === "Route");
    const tree = buildRouteTree([{ name: "team-X-mails", spec: routeSpec.parse(route?.spec) }]);
    const cases: Record<string, string>[] = [
      { service: "foo1" },
      { service: "foo2", severity: "critical" },
      { service: "files", severity: "page" },
      { service: "files", severity: "warning" },
      { service: "database", owner: "team-X" },
      { service: "database", owner: "team-X", env: "dev" },
      { service: "database", owner: "team-Y" },
      { service: "database" },
      { service: "inhouse-service" },
      { alertname: "Watchdog" },
      { team: "legacy", service: "files" },
      { team: "legacy" },
      { service: "unknown" },
    ];
    for (const labels of cases) {
      const args = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
      const expected = execFileSync(AMTOOL, ["config", "routes", "test", `--config.file=${FIXTURE}`, ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      const receivers = matchRoutes(tree, labels).map((node) => node.options.receiver);
      expect(receivers.join(","), JSON.stringify(labels)).toBe(expected);
    }
  });
});

describe("nines import alertmanager", () => {
  it("prints the documents, which nines validate accepts, and the notes on stderr", async () => {
    const output = await runNines(["import", "alertmanager", FIXTURE]);
    expect(output.code).toBe(0);
    expect(output.stdout).toBe(formatAlertmanagerImport(imported));
    expect(output.stderr).toContain(`${FIXTURE}: templates: left out`);
    expect(output.stderr).toContain('create the Secret "alertmanager" with these keys');
    expect(output.stderr).toMatch(/ {2}team-DB-pager\.pagerduty\.routing-key {2}receivers\[team-DB-pager\]/);
    const file = path.join(dir, "printed.yaml");
    writeFileSync(file, output.stdout);
    expect(await runNines(["validate", file, secretFile])).toMatchObject({ code: 0, stdout: "15 documents valid\n" });
  });

  it("writes them to a file with -o", async () => {
    const out = path.join(dir, "out.yaml");
    const output = await runNines(["import", "alertmanager", FIXTURE, "-o", out]);
    expect(output).toMatchObject({ code: 0, stdout: "" });
    expect(readFileSync(out, "utf8")).toBe(formatAlertmanagerImport(imported));
    expect(await runNines(["validate", out, secretFile])).toMatchObject({ code: 0 });
  });

  it("exits 1 naming what it refused, and on a missing file", async () => {
    const broken = path.join(dir, "broken.yml");
    writeFileSync(
      broken,
      fixture.replace(
        '- severity="critical"\n          receiver: team-X-pager',
        '- severity=~"(critical"\n          receiver: team-X-pager',
      ),
    );
    const output = await runNines(["import", "alertmanager", broken]);
    expect(output.code).toBe(1);
    expect(output.stderr).toContain("route.routes[0].routes[0]: not imported (with its child routes)");
    expect(output.stderr).toMatch(/1 not imported; the 14 documents converted are printed/);
    const missing = await runNines(["import", "alertmanager", path.join(dir, "nope.yml")]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining("ENOENT") });
  });
});

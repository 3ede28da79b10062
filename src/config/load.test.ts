// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about literal ${NAME} references
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatIssue } from "../core/errors.js";
import { KINDS } from "../kinds.js";
import { loadDocuments, loadFiles, validateDocuments } from "./load.js";

const MONITOR = `apiVersion: nines/v1
kind: Monitor
metadata:
  name: shop
spec:
  type: http
  url: https://shop.example/health
`;

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-availability
spec:
  service: shop
  indicatorRef: shop-requests
  objectives:
    - target: 0.99
`;

const load = (text: string, env: Record<string, string> = {}) =>
  loadDocuments(text, "nines.yaml", { env, kinds: KINDS });

/** The one issue of a text that has exactly one mistake. */
function onlyIssue(text: string, env: Record<string, string> = {}) {
  const { issues, documents } = load(text, env);
  expect(issues, issues.map(formatIssue).join("\n")).toHaveLength(1);
  expect(documents).toEqual([]);
  return issues[0];
}

describe("loadDocuments: one mistake each, with file, line, column, path and message", () => {
  it("malformed YAML", () => {
    expect(onlyIssue(`${MONITOR.replace("spec:", " spec:")}`)).toEqual({
      file: "nines.yaml",
      line: 5,
      column: 1,
      path: "",
      message: "invalid YAML: All mapping items must start at the same column",
      document: 0,
    });
  });

  it("a document that is a list", () => {
    const { documents, issues } = load(`${MONITOR}---\n- name: shop\n- name: cart\n`);
    expect(documents.map((loaded) => loaded.document.kind)).toEqual(["Monitor"]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      line: 9,
      column: 1,
      path: "",
      message: "expected a document (a mapping with apiVersion, kind, metadata and spec), got a list",
      document: 1,
    });
  });

  it("an unknown kind, with the known ones and the closest", () => {
    expect(onlyIssue(SLO.replace("kind: SLO", "kind: Slo"))).toEqual({
      file: "nines.yaml",
      line: 2,
      column: 7,
      path: "/kind",
      message:
        'unknown kind "Slo": expected one of Monitor, Service, SLI, SLO, AlertPolicy, AlertCondition, AlertNotificationTarget, DataSource, Route, Receiver, InhibitRule, TimeInterval, RecurringSilence, User, Team, Schedule, EscalationPolicy, Secret; did you mean "SLO"?',
      document: 0,
    });
  });

  it("the wrong apiVersion for a known kind", () => {
    expect(onlyIssue(SLO.replace("openslo/v1", "nines/v1"))).toMatchObject({
      line: 1,
      column: 13,
      path: "/apiVersion",
      message: 'expected apiVersion "openslo/v1" for kind SLO, got "nines/v1"',
    });
  });

  it("a missing metadata.name, at the metadata mapping", () => {
    expect(onlyIssue(MONITOR.replace("  name: shop\n", "  displayName: Shop\n"))).toMatchObject({
      line: 4,
      column: 3,
      path: "/metadata/name",
      message: 'missing required field "name"',
    });
  });

  it("an invalid name", () => {
    expect(onlyIssue(MONITOR.replace("name: shop", "name: -shop"))).toMatchObject({
      line: 4,
      column: 9,
      path: "/metadata/name",
      message: `expected a name of 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, got "-shop"`,
    });
  });

  it("a string where a number belongs", () => {
    expect(onlyIssue(SLO.replace("target: 0.99", 'target: "99%"'))).toMatchObject({
      line: 9,
      column: 15,
      path: "/spec/objectives/0/target",
      message: 'expected a number in [0, 1) (0.995 means 99.5%), got "99%"',
    });
  });

  it("an unknown field, at the key, with the closest known one", () => {
    expect(onlyIssue(`${MONITOR}  intervall: 30s\n`)).toMatchObject({
      line: 8,
      column: 3,
      path: "/spec/intervall",
      message: 'unknown field "intervall"; did you mean "interval"?',
    });
    expect(onlyIssue(`${MONITOR}  colour: blue\n`)).toMatchObject({
      path: "/spec/colour",
      message: 'unknown field "colour"',
    });
  });

  it("a URL that is not a URL", () => {
    expect(onlyIssue(MONITOR.replace("https://shop.example/health", "shop.example/health"))).toMatchObject({
      line: 7,
      column: 8,
      path: "/spec/url",
      message: 'expected an http:// or https:// URL, got "shop.example/health"',
    });
  });

  it("an interval of 0s, which no timeout fits in", () => {
    expect(load(`${MONITOR}  interval: 0s\n  timeout: 100ms\n`).issues.map(formatIssue)).toEqual([
      'nines.yaml:8:13: /spec/interval: expected the interval between 1s and 24h, got "0s"',
      'nines.yaml:9:12: /spec/timeout: expected a timeout no longer than the interval (0s), got "100ms"',
    ]);
  });

  it("an interval of 0, a number", () => {
    expect(onlyIssue(`${MONITOR}  interval: 0\n`)).toMatchObject({
      line: 8,
      column: 13,
      path: "/spec/interval",
      message: 'expected the interval as a duration such as "30s", "5m" or "1h", got 0',
    });
  });

  it("a timeout longer than the interval", () => {
    expect(onlyIssue(`${MONITOR}  interval: 10s\n  timeout: 30s\n`)).toMatchObject({
      line: 9,
      column: 12,
      path: "/spec/timeout",
      message: 'expected a timeout no longer than the interval (10s), got "30s"',
    });
  });

  it("the same kind and name twice, at the second, saying where the first is", () => {
    const { documents, issues } = load(`${MONITOR}---\n${MONITOR}`);
    expect(documents.map((loaded) => loaded.line)).toEqual([1]);
    expect(issues).toEqual([
      {
        file: "nines.yaml",
        line: 12,
        column: 9,
        path: "/metadata/name",
        message: 'duplicate Monitor "shop": already defined at nines.yaml:4:9',
        document: 1,
      },
    ]);
  });

  it("target and targetPercent both set", () => {
    expect(onlyIssue(`${SLO}      targetPercent: 99\n`)).toMatchObject({
      line: 10,
      column: 22,
      path: "/spec/objectives/0/targetPercent",
      message: 'expected exactly one of "target" or "targetPercent", got both',
    });
  });

  it("a target out of range", () => {
    expect(onlyIssue(SLO.replace("target: 0.99", "target: 1"))).toMatchObject({
      line: 9,
      column: 15,
      path: "/spec/objectives/0/target",
      message: "expected a number in [0, 1) (0.995 means 99.5%), got 1",
    });
  });

  it("a time zone that does not exist", () => {
    const text = SLO.replace(
      "  objectives:",
      '  timeWindow:\n    - duration: 1M\n      calendar: { startTime: "2025-01-01 00:00:00", timeZone: Mars/Olympus }\n  objectives:',
    );
    expect(onlyIssue(text)).toMatchObject({
      line: 10,
      column: 63,
      path: "/spec/timeWindow/0/calendar/timeZone",
      message: 'expected an IANA time zone name such as "America/New_York" or "Europe/Berlin", got "Mars/Olympus"',
    });
  });

  it("a duration that is not duration-shorthand", () => {
    const text = SLO.replace(
      "  objectives:",
      "  timeWindow:\n    - duration: 30 days\n      isRolling: true\n  objectives:",
    );
    expect(onlyIssue(text)).toMatchObject({
      line: 9,
      column: 17,
      path: "/spec/timeWindow/0/duration",
      message:
        'expected a duration such as "5m", "1h", "4w" or "1M" (a positive whole number and one of m, h, d, w, M, Q, Y), got "30 days"',
    });
  });

  it("an environment variable that is not set", () => {
    expect(onlyIssue(MONITOR.replace("https://shop.example/health", "https://${SHOP_HOST}/health"))).toMatchObject({
      line: 7,
      column: 8,
      path: "/spec/url",
      message: 'environment variable "SHOP_HOST" is not set; set it, or give a default with ${SHOP_HOST:-default}',
    });
  });
});

describe("loadDocuments", () => {
  it("reports every mistake of a file at once, in order", () => {
    const text = [
      MONITOR.replace("name: shop", "name: Shop Front").replace("https://shop.example/health", "not a url"),
      "- a list\n",
      SLO.replace("kind: SLO", "kind: Objective").replace("target: 0.99", "target: 2"),
      SLO.replace("target: 0.99", "target: 2\n      targt: 1").replace(
        "indicatorRef: shop-requests",
        "indicatorRef: ${SLI}",
      ),
      "key: [unclosed\n",
    ].join("---\n");
    const { issues, documents } = load(text);
    expect(documents).toEqual([]);
    expect(issues.map(formatIssue)).toEqual([
      "nines.yaml:4:9: /metadata/name: expected a name of 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, got \"Shop Front\"",
      'nines.yaml:7:8: /spec/url: expected an http:// or https:// URL, got "not a url"',
      "nines.yaml:9:1: expected a document (a mapping with apiVersion, kind, metadata and spec), got a list",
      'nines.yaml:12:7: /kind: unknown kind "Objective": expected one of Monitor, Service, SLI, SLO, AlertPolicy, AlertCondition, AlertNotificationTarget, DataSource, Route, Receiver, InhibitRule, TimeInterval, RecurringSilence, User, Team, Schedule, EscalationPolicy, Secret',
      'nines.yaml:27:17: /spec/indicatorRef: environment variable "SLI" is not set; set it, or give a default with ${SLI:-default}',
      "nines.yaml:29:15: /spec/objectives/0/target: expected a number in [0, 1) (0.995 means 99.5%), got 2",
      'nines.yaml:30:7: /spec/objectives/0/targt: unknown field "targt"; did you mean "target"?',
      "nines.yaml:33:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
    expect(issues.map((issue) => issue.document)).toEqual([0, 0, 1, 2, 3, 3, 3, 4]);
  });

  it("loads valid documents with their positions and defaults, skipping empty ones", () => {
    const { documents, issues } = load(`# monitors\n---\n${MONITOR}---\n# nothing here\n---\n${SLO}---\n`);
    expect(issues).toEqual([]);
    expect(
      documents.map(({ file, line, column, index, document }) => ({ file, line, column, index, kind: document.kind })),
    ).toEqual([
      { file: "nines.yaml", line: 3, column: 1, index: 0, kind: "Monitor" },
      { file: "nines.yaml", line: 13, column: 1, index: 2, kind: "SLO" },
    ]);
    expect(documents[0]?.document.spec).toEqual({
      type: "http",
      url: "https://shop.example/health",
      method: "GET",
      interval: "60s",
      timeout: "10s",
      expectedStatus: ["200-399"],
      followRedirects: true,
      maxRedirects: 5,
      tlsVerify: true,
      failureThreshold: 2,
      recoveryThreshold: 1,
      paused: false,
    });
  });

  it("returns nothing, and no issue, for an empty file", () => {
    expect(load("")).toEqual({ documents: [], issues: [] });
    expect(load("# only a comment\n")).toEqual({ documents: [], issues: [] });
  });

  it("says which apiVersion and kind are missing", () => {
    expect(load("metadata: { name: x }\nspec: {}\n").issues.map(formatIssue)).toEqual([
      'nines.yaml:1:1: /kind: missing required field "kind": expected one of Monitor, Service, SLI, SLO, AlertPolicy, AlertCondition, AlertNotificationTarget, DataSource, Route, Receiver, InhibitRule, TimeInterval, RecurringSilence, User, Team, Schedule, EscalationPolicy, Secret',
      'nines.yaml:1:1: /apiVersion: missing required field "apiVersion": expected "nines/v1" or "openslo/v1"',
    ]);
  });
});

describe("environment expansion", () => {
  const description = (value: string, env: Record<string, string> = {}) => {
    const { documents, issues } = load(`${MONITOR}  description: ${value}\n`, env);
    expect(issues).toEqual([]);
    return (documents[0]?.document.spec as { description: string } | undefined)?.description;
  };

  it("replaces ${NAME} and ${NAME:-default}, and keeps $${ literal", () => {
    expect(description('"${TEAM} on ${SHIFT:-day} duty"', { TEAM: "payments" })).toBe("payments on day duty");
    expect(description('"${SHIFT:-day}"', { SHIFT: "" })).toBe("day");
    expect(description('"costs $${PRICE}"')).toBe("costs ${PRICE}");
  });

  it("reads an unquoted number or boolean as YAML would", () => {
    const { documents } = load(SLO.replace("target: 0.99", "target: ${TARGET}"), { TARGET: "0.995" });
    const spec = documents[0]?.document.spec as { objectives: { target: number }[] } | undefined;
    expect(spec?.objectives[0]?.target).toBe(0.995);
  });

  it("rejects a malformed reference", () => {
    expect(onlyIssue(`${MONITOR}  description: "\${not valid}"\n`)).toMatchObject({
      line: 8,
      column: 16,
      path: "/spec/description",
      message: 'expected ${NAME} or ${NAME:-default}, got "${not valid}"; write "$${" for a literal "${"',
    });
  });
});

describe("validateDocuments", () => {
  it("validates JSON values, with the index of each problem and no positions", () => {
    const monitor = {
      apiVersion: "nines/v1",
      kind: "Monitor",
      metadata: { name: "shop" },
      spec: { type: "http", url: "https://shop.example" },
    };
    const { documents, issues } = validateDocuments(
      [monitor, { ...monitor, spec: { type: "http", url: 5 } }, monitor, "text"],
      KINDS,
      "request body",
    );
    expect(documents.map((loaded) => loaded.index)).toEqual([0]);
    expect(documents[0]?.document.spec).toMatchObject({ interval: "60s" });
    expect(issues).toEqual([
      { file: "request body", path: "/spec/url", message: "expected an http:// or https:// URL, got 5", document: 1 },
      {
        file: "request body",
        path: "/metadata/name",
        message: 'duplicate Monitor "shop": already defined at request body',
        document: 2,
      },
      {
        file: "request body",
        path: "",
        message: 'expected a document (a mapping with apiVersion, kind, metadata and spec), got "text"',
        document: 3,
      },
    ]);
  });
});

describe("loadFiles", () => {
  const root = mkdtempSync(join(tmpdir(), "nines-load-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "b"));
  mkdirSync(join(root, ".hidden"));
  writeFileSync(join(root, "b", "slo.yml"), SLO);
  writeFileSync(join(root, "a.yaml"), MONITOR);
  writeFileSync(join(root, "notes.txt"), "not YAML");
  writeFileSync(join(root, ".hidden", "x.yaml"), "- not loaded");

  it("reads directories recursively, in name order, only YAML files", () => {
    const { documents, issues } = loadFiles([root], { env: {}, kinds: KINDS });
    expect(issues).toEqual([]);
    expect(documents.map((loaded) => [loaded.file, loaded.document.kind])).toEqual([
      [join(root, "a.yaml"), "Monitor"],
      [join(root, "b", "slo.yml"), "SLO"],
    ]);
  });

  it("finds duplicates across files and reports a path that does not exist", () => {
    const copy = join(root, "copy.txt");
    writeFileSync(copy, MONITOR);
    const missing = join(root, "missing.yaml");
    const { documents, issues } = loadFiles([join(root, "a.yaml"), missing, copy, join(root, "a.yaml")], {
      env: {},
      kinds: KINDS,
    });
    expect(documents).toHaveLength(1);
    expect(issues).toEqual([
      { file: missing, path: "", message: "no such file or directory" },
      {
        file: copy,
        line: 4,
        column: 9,
        path: "/metadata/name",
        message: `duplicate Monitor "shop": already defined at ${join(root, "a.yaml")}:4:9`,
        document: 0,
      },
    ]);
  });
});

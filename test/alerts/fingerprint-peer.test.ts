import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { alertFingerprint } from "../../src/alerts/fingerprint.js";

/**
 * Debian's Alertmanager takes a few alerts on its API v2 and shows their fingerprints; Nines must
 * compute the same ones, so amtool, silences and links agree between the two.
 */
const ALERTMANAGER = "/usr/bin/prometheus-alertmanager";
const alertmanagerMissing = existsSync(ALERTMANAGER)
  ? undefined
  : `${ALERTMANAGER} is not installed (apt-get install prometheus-alertmanager)`;
if (alertmanagerMissing && process.env.NINES_REQUIRE_ALL === "1")
  throw new Error(`NINES_REQUIRE_ALL=1 but ${alertmanagerMissing}`);

const DEADLINE_MS = 20_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startAlertmanager() {
  const dir = mkdtempSync(path.join(tmpdir(), "nines-alertmanager-"));
  const port = await freePort();
  const config = path.join(dir, "alertmanager.yml");
  writeFileSync(config, "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n");
  const child: ChildProcess = spawn(
    ALERTMANAGER,
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: the cluster port would be a fixed one shared with other runs.
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Alertmanager exited (${child.exitCode}):\n${log}`);
    if (Date.now() - started > DEADLINE_MS) throw new Error(`Alertmanager not ready in ${DEADLINE_MS} ms:\n${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, log: () => log };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const LABEL_SETS: Record<string, string>[] = [
  { alertname: "HighLatency" },
  { alertname: "HighLatency", service: "checkout", severity: "page" },
  // Names that sort differently than they were written, and values with separators in them.
  { zone: "eu-1", alertname: "DiskFull", instance: "db-1:9100", _private: "x" },
  { alertname: "a", ab: "c" },
  { alertname: "ab", b: "c" },
  // UTF-8: accented, CJK and an emoji beyond U+FFFF, and an empty-looking but present value.
  { alertname: "Überlast", team: "運用", mood: "🔥", note: " " },
  { alertname: "Quoted", detail: 'say "hi"\\ and\nnew line' },
];

describe("fingerprints against Alertmanager", () => {
  it("are the ones Alertmanager's API v2 shows for the same labels", { timeout: 40_000 }, async (context) => {
    if (alertmanagerMissing) context.skip(alertmanagerMissing);
    const alertmanager = await startAlertmanager();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(LABEL_SETS.map((labels) => ({ labels, endsAt }))),
    });
    expect(posted.status, await posted.clone().text()).toBe(200);

    const started = Date.now();
    let shown: { fingerprint: string; labels: Record<string, string> }[] = [];
    while (shown.length < LABEL_SETS.length) {
      if (Date.now() - started > DEADLINE_MS)
        throw new Error(`Alertmanager shows ${shown.length} of ${LABEL_SETS.length} alerts:\n${alertmanager.log()}`);
      const response = await fetch(`${alertmanager.url}/api/v2/alerts`);
      shown = (await response.json()) as typeof shown;
      if (shown.length < LABEL_SETS.length) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(shown).toHaveLength(LABEL_SETS.length);
    for (const alert of shown)
      expect(alertFingerprint(alert.labels), JSON.stringify(alert.labels)).toBe(alert.fingerprint);
    // Every label set posted is among those shown (none was changed on the way).
    expect(new Set(shown.map((alert) => alert.fingerprint))).toEqual(
      new Set(LABEL_SETS.map((labels) => alertFingerprint(labels))),
    );
  });
});

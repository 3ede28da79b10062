import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

/**
 * Debian's amtool against a listening Nines: the Alertmanager API v2 as its own Go client (the
 * OpenAPI-generated one) reads and writes it, with a bearer token from `--http.config.file`.
 */
const AMTOOL = "/usr/bin/amtool";
const haveAmtool = existsSync(AMTOOL);
if (!haveAmtool && process.env.NINES_REQUIRE_ALL === "1")
  throw new Error(`NINES_REQUIRE_ALL=1 but ${AMTOOL} is missing (apt-get install prometheus-alertmanager)`);

const run = promisify(execFile);
let t: TestApp;
let directory: string;
let amtool: (...args: string[]) => Promise<string>;

beforeAll(async () => {
  if (!haveAmtool) return;
  t = await createTestApp({ anonymousRead: false });
  // amtool stamps silences with the real time; the server's clock starts there too.
  if (Date.now() > t.clock.now()) t.clock.set(Date.now());
  const address = await t.nines.app.listen({ port: 0, host: "127.0.0.1" });
  directory = mkdtempSync(path.join(tmpdir(), "nines-amtool-"));
  const responder = (await t.tokenFor("responder")).authorization.replace(/^Bearer /, "");
  const httpConfig = path.join(directory, "http.yml");
  writeFileSync(httpConfig, `authorization:\n  type: Bearer\n  credentials: ${responder}\n`);
  amtool = async (...args) => {
    const { stdout } = await run(
      AMTOOL,
      [`--alertmanager.url=${address}`, `--http.config.file=${httpConfig}`, "--timeout=20s", ...args],
      { env: { HOME: directory, PATH: process.env.PATH ?? "" }, timeout: 30_000 },
    );
    return stdout;
  };
});

afterAll(async () => {
  await t?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(!haveAmtool)(
  `amtool against Nines${haveAmtool ? "" : ` (skipped: ${AMTOOL} is not installed)`}`,
  () => {
    it("adds and queries alerts", async () => {
      await amtool(
        "alert",
        "add",
        "alertname=DiskFull",
        "instance=db-1",
        "severity=page",
        "--annotation=summary=95% full",
      );
      await amtool("alert", "add", "alertname=HighLatency", "service=checkout");
      const alerts = JSON.parse(await amtool("alert", "query", "-o", "json")) as {
        labels: Record<string, string>;
        annotations: Record<string, string>;
        status: { state: string };
      }[];
      expect(alerts.map((alert) => alert.labels.alertname).sort()).toEqual(["DiskFull", "HighLatency"]);
      expect(alerts.find((alert) => alert.labels.alertname === "DiskFull")?.annotations).toEqual({
        summary: "95% full",
      });
      const simple = await amtool("alert", "query", "alertname=DiskFull");
      expect(simple).toMatch(/DiskFull/);
      expect(simple).not.toMatch(/HighLatency/);
    });

    it("adds, queries and expires a silence, which silences the alert meanwhile", async () => {
      const id = (
        await amtool(
          "silence",
          "add",
          "alertname=DiskFull",
          "--comment=replacing the disk",
          "--author=ana",
          "--duration=1h",
        )
      ).trim();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      // amtool starts the silence at its own now, a moment after the server's frozen one.
      t.clock.set(Date.now());
      const silences = JSON.parse(await amtool("silence", "query", "-o", "json")) as {
        id: string;
        createdBy: string;
        comment: string;
        status: { state: string };
      }[];
      expect(silences).toEqual([
        expect.objectContaining({ id, createdBy: "ana", comment: "replacing the disk", status: { state: "active" } }),
      ]);
      expect((await amtool("silence", "query", "-q")).trim()).toBe(id);
      const silenced = JSON.parse(await amtool("alert", "query", "-o", "json", "--silenced", "alertname=DiskFull"));
      expect(silenced[0].status).toMatchObject({ state: "suppressed", silencedBy: [id] });

      await amtool("silence", "expire", id);
      expect((await amtool("silence", "query", "-q")).trim()).toBe("");
      expect((await amtool("silence", "query", "--expired", "-q")).trim()).toBe(id);
    });

    it("prints the server's message when the server refuses", async () => {
      const refused = await amtool("alert", "query", "--receiver=(").catch((error: { stderr: string }) => error.stderr);
      expect(refused).toMatch(/invalid regular expression/);
    });
  },
);

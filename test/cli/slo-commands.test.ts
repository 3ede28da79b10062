import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNines } from "../support/cli.js";
import { burningDetail, sloView } from "../support/slo-views.js";

/**
 * `nines get slos`, `get slo NAME` and `describe slo NAME` against a stand-in for the server that
 * answers the SLO routes with fixed views, so the commands' requests and output are checked on
 * their own; the server's side has its own tests.
 */
let server: Server;
let url: string;
const requests: string[] = [];

const SLO = { apiVersion: "openslo/v1", kind: "SLO", metadata: { name: "checkout-availability" }, spec: {} };

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const answer = (status: number, body: unknown, type = "application/json") => {
      response.writeHead(status, { "content-type": type });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? "/", "http://x").pathname;
    if (path === "/api/v1/slos") return answer(200, { items: [burningDetail(), sloView({ name: "search" })] });
    if (path === "/api/v1/slos/checkout-availability") return answer(200, burningDetail());
    if (path === "/api/v1/objects") return answer(200, { items: [SLO] });
    if (path === "/api/v1/objects/SLO/checkout-availability") return answer(200, SLO);
    return answer(
      404,
      { type: "about:blank", title: "Not Found", status: 404, detail: `no SLO "${path.split("/").pop()}"` },
      "application/problem+json",
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const nines = (args: string[]) => runNines(args, { NINES_SERVER: url });

describe("the SLO commands", () => {
  it("lists SLOs with their budget and burn, in the server's order", async () => {
    const { code, stdout } = await nines(["get", "slos"]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +SERVICE +TARGET +SLI +BUDGET LEFT +FASTEST BURN +STATUS$/);
    expect(lines[1]).toMatch(/^checkout-availability .* 14\.4x 5m +BURNING$/);
    expect(lines[2]).toMatch(/^search .* OK$/);
    expect(requests).toContain("/api/v1/slos");
  });

  it("shows one SLO and points to describe", async () => {
    const { code, stdout } = await nines(["get", "slo", "checkout-availability"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^checkout-availability .* BURNING$/m);
    expect(stdout).toContain("nines describe slo checkout-availability");
  });

  it("prints the documents with -o yaml, as for every kind", async () => {
    const { code, stdout } = await nines(["get", "slos", "-o", "yaml"]);
    expect(code).toBe(0);
    expect(stdout).toContain("kind: SLO");
    expect(stdout).toContain("name: checkout-availability");
  });

  it("describes an SLO's objectives, burn rates, budget and alerts", async () => {
    const { code, stdout } = await nines(["describe", "slo", "checkout-availability"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Objective "Available": target 99\.9%, BURNING$/m);
    expect(stdout).toMatch(/^ {4}5m +30m +1h +2h +6h +1d +3d$/m);
    expect(stdout).toMatch(/^ {2}Budget left: +51\.0%: 22m of 43\.2m$/m);
    expect(stdout).toMatch(/^Alert tiers:$/m);
    expect(stdout).toMatch(/^Recent alerts:$/m);
  });

  it("says so when the SLO is unknown, and when a kind can't be described", async () => {
    const missing = await nines(["describe", "slo", "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Not Found (404): no SLO "nope"');
    const monitor = await nines(["describe", "monitor", "shop"]);
    expect(monitor.code).toBe(2);
    expect(monitor.stderr).toMatch(/describe knows SLO only; `nines get monitor shop -o yaml`/);
  });
});

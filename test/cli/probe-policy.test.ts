import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNines } from "../support/cli.js";
import { type ForbiddenTarget, startForbiddenTarget } from "../support/probe-targets.js";

const probe = (env: NodeJS.ProcessEnv, ...args: string[]) => runNines(["probe", ...args], env);

let forbidden: ForbiddenTarget;

beforeAll(async () => {
  forbidden = await startForbiddenTarget();
});

afterAll(() => forbidden.close());

describe("nines probe and the probe policy", () => {
  it("refuses the metadata service, saying why, and exits 1", async () => {
    const result = await probe({}, "http://169.254.169.254/latest/meta-data/", "-o", "json");
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: "down",
      error: "address 169.254.169.254 is not allowed for probes: cloud metadata service",
    });
  });

  it("applies NINES_PROBE_DENY as the server does", async () => {
    const result = await probe({ NINES_PROBE_DENY: "127.0.0.2" }, `127.0.0.2:${forbidden.port}`, "-o", "json");
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: "address 127.0.0.2 is not allowed for probes: listed in probeDeny",
    });
    expect(forbidden.accepted).toBe(0);
  });

  it("says so when NINES_PROBE_ALLOW holds something that is not a rule", async () => {
    const result = await probe({ NINES_PROBE_ALLOW: "10.0.0.0/99" }, "127.0.0.1:1");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid NINES_PROBE_ALLOW or NINES_PROBE_DENY: "10.0.0.0/99" is not a CIDR range');
  });
});

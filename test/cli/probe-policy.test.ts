import { once } from "node:events";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

async function probe(env: NodeJS.ProcessEnv, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["probe", ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { code, stdout, stderr };
}

let forbidden: { server: net.Server; port: number; accepted: number };

beforeAll(async () => {
  const server = net.createServer((socket) => {
    forbidden.accepted++;
    socket.destroy();
  });
  server.listen(0, "127.0.0.2");
  await once(server, "listening");
  forbidden = { server, port: (server.address() as net.AddressInfo).port, accepted: 0 };
});

afterAll(() => new Promise<void>((resolve) => forbidden.server.close(() => resolve())));

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

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { repoRoot, withThisNode } from "./build.js";

/** Real `nines server` processes and a webhook receiver that counts what reaches it. */

const DEADLINE_MS = 30_000;

/** Polls `find` until it gives a value, for at most `deadlineMs`; the error carries `logs()`. */
export async function waitFor<T>(
  what: string,
  find: () => T | undefined | Promise<T | undefined>,
  logs: () => string,
  deadlineMs = DEADLINE_MS,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() - started > deadlineMs)
      throw new Error(`no ${what} within ${deadlineMs} ms; the servers said:\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface NinesProcess {
  pid: number;
  /** Resolves with the server's address once it listens (after applying its -f files). */
  ready: Promise<NinesProcess & { url: string }>;
  exited: Promise<unknown>;
  logs(): string;
  /** SIGKILL: no shutdown, no lease given up, no claim released. */
  kill(): void;
}

/** Spawns bin/nines (the installed command) with `server --port 0 ARGS`. */
export function startNines(args: string[], env: Record<string, string> = {}): NinesProcess {
  const child: ChildProcess = spawn(
    path.join(repoRoot, "bin/nines"),
    ["server", "--port", "0", "--log-level", "info", ...args],
    {
      cwd: repoRoot,
      // The test's own DATABASE_URL must not stand in for the flags.
      env: { ...process.env, DATABASE_URL: "", ...env, PATH: withThisNode(process.env.PATH) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  if (child.pid === undefined) throw new Error("could not start bin/nines");
  let output = "";
  const exited = once(child, "exit");
  const process_: NinesProcess = {
    pid: child.pid,
    exited,
    logs: () => output,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    ready: new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk;
        const url = /"url":"(http:\/\/[^"]+)","msg":"Nines is listening"/.exec(output)?.[1];
        if (url) {
          child.stdout?.off("data", onData);
          child.stdout?.on("data", (more: Buffer) => {
            output += more;
          });
          resolve({ ...process_, url });
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => {
        output += chunk;
      });
      void exited.then(([code, signal]) =>
        reject(new Error(`nines server exited (${signal ?? code}) before listening:\n${output}`)),
      );
    }),
  };
  // `ready` rejects when a server dies later too; only a caller awaiting it should see that.
  process_.ready.catch(() => {});
  return process_;
}

export interface Arrival {
  idempotencyKey: string;
  body: { status: string; groupLabels: Record<string, string>; alerts: unknown[] };
  at: number;
  /** The status answered, or null for a request held open. */
  answered: number | null;
}

/** A webhook receiver on 127.0.0.1 that records each request; it holds them open or answers. */
export async function startSink() {
  const arrivals: Arrival[] = [];
  let answer: number | null = 200;
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      arrivals.push({
        idempotencyKey: String(request.headers["idempotency-key"] ?? ""),
        body: JSON.parse(body) as Arrival["body"],
        at: Date.now(),
        answered: answer,
      });
      if (answer !== null) response.writeHead(answer).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    arrivals,
    /** Requests from now on are never answered. */
    hold() {
      answer = null;
    },
    answer(status: number) {
      answer = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

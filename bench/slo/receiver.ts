import { parseArgs } from "node:util";
import Fastify from "fastify";
import { createAuthorizer } from "../../src/auth/authenticate.js";
import { createFailureLimiter } from "../../src/auth/rate-limit.js";
import { createToken } from "../../src/auth/tokens.js";
import { systemClock } from "../../src/core/clock.js";
import { toProblem } from "../../src/http/problem.js";
import { registerRoutes } from "../../src/http/route.js";
import { installRemoteWriteParser, remoteWriteRoutes } from "../../src/slo/remote-write-routes.js";
import { startIngestEngine } from "./ingest-engine.js";

/**
 * Nines' remote_write receiver over HTTP, for the side-by-side with Prometheus' own: Fastify with
 * the receiver's body parser and route, tokens checked as the server checks them (a responder
 * token made in the seeded database), and the engine's ingest path behind it. The server's other
 * hooks (request metrics, host checks) are not mounted. Prints `{"port", "token"}` once listening
 * on 127.0.0.1 and serves until SIGTERM.
 */
const { values: options } = parseArgs({ options: { data: { type: "string" } } });
if (!options.data) throw new Error("--data <seeded directory> is required");

const nines = await startIngestEngine(options.data);
const { token } = await createToken(nines.store.db, `bench-${process.pid}`, Date.now(), { role: "responder" });
const app = Fastify({ logger: false });
app.setErrorHandler((error, _request, reply) => {
  const body = toProblem(error);
  reply.status(body.status).type("application/problem+json").send(body);
});
installRemoteWriteParser(app);
registerRoutes(
  app,
  remoteWriteRoutes({ ingest: nines.ingest }),
  createAuthorizer({
    db: nines.store.db,
    clock: systemClock,
    anonymousRead: false,
    limiter: createFailureLimiter(systemClock),
  }),
);
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0, token }));

process.once("SIGTERM", () => {
  void app
    .close()
    .then(() => nines.close())
    .finally(() => process.exit(0));
});

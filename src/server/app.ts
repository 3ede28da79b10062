import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from "fastify";
import type { Logger } from "pino";
import { verifyToken } from "../auth/tokens.js";
import { serverInfoSchema } from "../client/schemas.js";
import { type ConfigService, createConfigService } from "../config/apply.js";
import { ObjectEvents } from "../config/events.js";
import { loadDocuments } from "../config/load.js";
import { configRoutes } from "../config/routes.js";
import type { Actor } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { invalid, unauthorized } from "../core/errors.js";
import { problem, toProblem } from "../http/problem.js";
import { defineRoute, type RouteDefinition, registerRoutes } from "../http/route.js";
import { createProbeEngine, type ProbeEngine } from "../probes/engine.js";
import { createProbeMetrics } from "../probes/prometheus.js";
import { createRetentionJob } from "../probes/retention.js";
import { heartbeatRoutes, probeRoutes } from "../probes/routes.js";
import { createEphemeralKeyring, type Keyring } from "../secrets/keyring.js";
import { resolveReferences } from "../secrets/resolve.js";
import { createSecretVault } from "../secrets/seal.js";
import type { Store } from "../store/database.js";
import { pingStore } from "../store/migrations.js";
import { registerDemoService } from "./demo.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { buildOpenApi } from "./openapi.js";
import { VERSION, webRoot } from "./paths.js";

export interface AppDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  demo?: boolean;
  probeConcurrency?: number;
  /** How long raw probe results and their hourly rollups are kept (defaults: 7 and 400 days). */
  rawRetentionMs?: number;
  rollupRetentionMs?: number;
  /** The only directory objects may read files from (`caFile`, `file:` secret references). */
  filesDir?: string;
  /** Keys of Secret values; a random one for this process when absent (tests, throwaway databases). */
  keyring?: Keyring;
  /** The environment `env:` secret references read; none when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory of the built UI; the UI is not served when it does not exist. */
  webDir?: string;
}

export interface Nines {
  app: FastifyInstance;
  config: ConfigService;
  engine: ProbeEngine;
  metrics: Metrics;
  /** Starts the background engines (the HTTP listener is the caller's). */
  start(): Promise<void>;
  /** Stops engines, finishing in-flight work, then closes the HTTP server. */
  stop(): Promise<void>;
}

export const BODY_LIMIT = 1024 * 1024;

/** Assembles Nines from its dependencies; tests build it with in-memory SQLite and a manual clock. */
export async function createNines(deps: AppDeps): Promise<Nines> {
  const { store, clock, logger } = deps;
  const events = new ObjectEvents();
  const keyring = deps.keyring ?? createEphemeralKeyring();
  const vault = createSecretVault({ keyring, filesDir: deps.filesDir });
  const config = createConfigService({ store, events, clock, vault });
  const references = { db: store.db, keyring, env: deps.env ?? {}, filesDir: deps.filesDir };
  const metrics = createMetrics();
  const probeMetrics = createProbeMetrics(metrics.registry);
  const engine = createProbeEngine({
    store,
    events,
    clock,
    logger: logger.child({ module: "probes" }),
    concurrency: deps.probeConcurrency,
    onCheckStart: (_monitor, latenessMs) => probeMetrics.observeStart(latenessMs),
    onResult: (monitor, result) => probeMetrics.observeResult(monitor, result),
    resolveSpec: (spec) => resolveReferences(spec, references),
  });
  events.on("Monitor", (change) => {
    if (change.type === "deleted") probeMetrics.forget(change.object.metadata.name);
  });

  const retention = createRetentionJob({
    store,
    clock,
    logger: logger.child({ module: "retention" }),
    rawRetentionMs: deps.rawRetentionMs,
    rollupRetentionMs: deps.rollupRetentionMs,
  });

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    // Log writes, not the UI's polling reads: /metrics counts those.
    logController: new LogController({
      disableRequestLogging: (request) => request.method === "GET" || request.method === "HEAD",
    }),
  });
  installErrorHandling(app);
  installMetrics(app, metrics);
  installYamlBodies(app);

  const authenticate = async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header)
      throw unauthorized(
        "this endpoint needs an API token: send Authorization: Bearer <token> (create one with `nines token create --name NAME`)",
      );
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized("the Authorization header must be `Bearer <token>`");
    const owner = await verifyToken(store.db, match[1], clock.now());
    if (!owner) throw unauthorized("the API token is not valid (revoked, mistyped, or from another Nines)");
    request.log = request.log.child({ token: owner });
    (request as FastifyRequest & { actor?: Actor }).actor = { name: owner, address: request.ip };
  };

  const routes: RouteDefinition[] = [
    ...configRoutes(config),
    ...probeRoutes(store, clock),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/info",
      tag: "server",
      summary: "Version, database and demo mode of this server",
      response: serverInfoSchema,
      handler: () => ({ version: VERSION, demo: deps.demo ?? false, database: store.dialect }),
    }),
  ];
  registerRoutes(app, routes, authenticate);
  // Cron jobs ping with whatever curl sends (`-d @log` is a form body): take any body as text.
  const pushRoutes = heartbeatRoutes(engine);
  await app.register(async (scope) => {
    scope.addContentTypeParser("*", { parseAs: "string", bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    registerRoutes(scope, pushRoutes, authenticate);
  });
  const openApi = buildOpenApi([...routes, ...pushRoutes], VERSION);
  app.get("/api/v1/openapi.json", async () => openApi);

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      await pingStore(store);
      return { status: "ready" };
    } catch (error) {
      return reply
        .status(503)
        .type("application/problem+json")
        .send(problem(503, `the database is not reachable: ${(error as Error).message}`));
    }
  });
  app.get("/metrics", async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  if (deps.demo) registerDemoService(app);
  await installUi(app, deps.webDir ?? webRoot());

  let started = false;
  return {
    app,
    config,
    engine,
    metrics,
    async start() {
      await engine.start();
      retention.start();
      started = true;
    },
    async stop() {
      // Stop taking requests first, so nothing new arrives while the engines drain.
      await app.close();
      if (started) await Promise.all([engine.stop(), retention.stop()]);
    },
  };
}

function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, "request failed");
    reply.status(body.status).type("application/problem+json").send(body);
  });
}

function installMetrics(app: FastifyInstance, metrics: Metrics) {
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}

/** `POST /api/v1/apply` also takes the YAML files themselves, so errors can name lines. */
function installYamlBodies(app: FastifyInstance) {
  app.addContentTypeParser(
    ["application/yaml", "application/x-yaml", "text/yaml"],
    { parseAs: "string" },
    (_request, body, done) => {
      const { documents, issues } = loadDocuments(body as string, "request body", { env: false });
      if (issues.length) {
        done(invalid(`${issues.length} problem${issues.length === 1 ? "" : "s"} in the YAML`, issues), undefined);
        return;
      }
      done(null, { documents: documents.map((loaded) => loaded.document) });
    },
  );
}

async function installUi(app: FastifyInstance, root: string) {
  const haveUi = existsSync(root);
  if (haveUi) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: "index.html",
      cacheControl: false,
      // Built assets have content hashes in their names: cache them for good; index.html never.
      setHeaders: (response, file) =>
        response.setHeader(
          "cache-control",
          /[\\/]assets[\\/]/.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
        ),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === "GET" &&
      !/^\/(api|demo|metrics|healthz|readyz)(\/|$)/.test(request.url) &&
      !/\.[a-z0-9]+$/i.test(request.url.split("?")[0] ?? "");
    if (isPage && haveUi) return reply.type("text/html").sendFile("index.html");
    return reply
      .status(404)
      .type("application/problem+json")
      .send(
        problem(
          404,
          `no route ${request.method} ${request.url.split("?")[0]}${request.url.startsWith("/api/") ? "; see /api/v1/openapi.json" : ""}`,
        ),
      );
  });
}

import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  LogController,
  type RouteOptions,
} from "fastify";
import type { Logger } from "pino";
import { alertmanagerRoutes, installAlertmanagerErrors } from "../alerts/api-v2-routes.js";
import { monitorEventToIncoming, sloAlertToIncoming } from "../alerts/feeds.js";
import { alertHistoryRoutes } from "../alerts/history-routes.js";
import { ingestRoutes } from "../alerts/ingest-routes.js";
import { type AlertSource, DEFAULT_RESOLVE_TIMEOUT_MS, type IncomingAlert } from "../alerts/model.js";
import { installFailedLoginAudit } from "../audit/login-failures.js";
import { auditEntriesOf } from "../audit/object-changes.js";
import { auditRoutes } from "../audit/routes.js";
import { appendAudit, recordAudit } from "../audit/store.js";
import { createAuthorizer } from "../auth/authenticate.js";
import { defaultAllowedHosts } from "../auth/hosts.js";
import { createFailureLimiter, DEFAULT_FAILURE_LIMIT, type FailureLimitOptions } from "../auth/rate-limit.js";
import { installRequestChecks } from "../auth/request-checks.js";
import { tokenRoutes } from "../auth/routes.js";
import { serverInfoSchema } from "../client/schemas.js";
import type { DemoControl } from "../client/types.js";
import { type ConfigService, createConfigService } from "../config/apply.js";
import { ObjectEvents } from "../config/events.js";
import { loadDocuments } from "../config/load.js";
import { configRoutes } from "../config/routes.js";
import type { Access } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { invalid } from "../core/errors.js";
import { problem, problemHeaders, toProblem } from "../http/problem.js";
import { defineRoute, type RouteDefinition, registerRoutes } from "../http/route.js";
import { KINDS } from "../kinds.js";
import { createConnector } from "../net/connector.js";
import { createNetworkMatcher } from "../net/networks.js";
import type { OutboundSettings } from "../net/policy.js";
import type { Outbox } from "../notify/outbox.js";
import { notificationRoutes } from "../notify/routes.js";
import type { EscalationEngine } from "../oncall/escalation-engine.js";
import { onCallHealthRoutes } from "../oncall/health-routes.js";
import { installLinkFormParser, pageLinkRoutes, pageRoutes } from "../oncall/page-routes.js";
import { scheduleRoutes } from "../oncall/schedule-routes.js";
import { createProbeEngine, type ProbeEngine } from "../probes/engine.js";
import { createProbeMetrics } from "../probes/prometheus.js";
import { createRetentionJob } from "../probes/retention.js";
import { heartbeatRoutes, probeRoutes } from "../probes/routes.js";
import { createEphemeralKeyring, type Keyring } from "../secrets/keyring.js";
import { resolveReferences } from "../secrets/resolve.js";
import { createSecretVault } from "../secrets/seal.js";
import { createEmbeddedQueries } from "../slo/embedded-queries.js";
import { createSloEngine, type SloEngine } from "../slo/engine.js";
import { createSloMetrics } from "../slo/prometheus-metrics.js";
import { createPrometheusReader } from "../slo/prometheus-reader.js";
import { decodeWriteRequest } from "../slo/remote-write.js";
import { installRemoteWriteParser, remoteWriteRoutes } from "../slo/remote-write-routes.js";
import { sloRoutes } from "../slo/routes.js";
import { currentSloViews } from "../slo/view-builder.js";
import { createWebhookSink } from "../slo/webhook.js";
import type { Store } from "../store/database.js";
import { pingStore } from "../store/migrations.js";
import { createAlerting } from "./alerting.js";
import { registerDemoService, startDemoTraffic } from "./demo.js";
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
  /** Where outbound connections may go, per purpose, besides each purpose's defaults. */
  outbound?: OutboundSettings;
  /** Keys of Secret values; a random one for this process when absent (tests, throwaway databases). */
  keyring?: Keyring;
  /** The environment `env:` secret references read; none when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory of the built UI; the UI is not served when it does not exist. */
  webDir?: string;
  /** Viewer routes answer without a token (`--anonymous-read`; the demo turns it on). */
  anonymousRead?: boolean;
  /** `/metrics` without a token; otherwise it needs a viewer token. */
  metricsPublic?: boolean;
  /** Host names the server answers to (`auth/hosts.ts`); default the localhost names. */
  allowedHosts?: readonly string[];
  /** How many failed authentications an address may make, and how fast it earns more. */
  failedLoginLimit?: FailureLimitOptions;
  /** Told once when an address starts being refused for failing authentication too often. */
  onFailedLoginBurst?: (address: string, count: number) => void;
  /** Nines' own address as people reach it, for the links in notifications. */
  externalUrl?: string;
  /** Networks (CIDRs) whose senders may post alerts without a token; none by default. */
  alertIngestAllow?: readonly string[];
  /** How long an alert sent without `endsAt` fires before it resolves by itself (default 5m). */
  alertResolveTimeoutMs?: number;
}

/** A route as the app serves it, with the access it declares (undefined: it declared none). */
export interface ServedRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

export interface Nines {
  app: FastifyInstance;
  config: ConfigService;
  engine: ProbeEngine;
  slos: SloEngine;
  /** Pages and their escalation. */
  pages: EscalationEngine;
  /** The durable outbox every notification goes through. */
  outbox: Outbox;
  metrics: Metrics;
  /** Every route the app serves, from Fastify itself, so routes added anywhere are listed. */
  routes(): ServedRoute[];
  /** Starts the background engines (the HTTP listener is the caller's). */
  start(): Promise<void>;
  /** Stops engines, finishing in-flight work, then closes the HTTP server. */
  stop(): Promise<void>;
}

export const BODY_LIMIT = 1024 * 1024;
/** The SLI the demo shop's pretend customers report their requests to (examples/demo/slos.yaml). */
export const DEMO_TRAFFIC_SLI = "checkout-requests";

/** Assembles Nines from its dependencies; tests build it with in-memory SQLite and a manual clock. */
export async function createNines(deps: AppDeps): Promise<Nines> {
  const { store, clock, logger } = deps;
  const events = new ObjectEvents();
  const keyring = deps.keyring ?? createEphemeralKeyring();
  const vault = createSecretVault({ keyring, filesDir: deps.filesDir });
  const config = createConfigService({
    store,
    kinds: KINDS,
    events,
    clock,
    filesDir: deps.filesDir,
    vault,
    onChangesInTransaction: async (trx, changes, context) => {
      await appendAudit(trx, store.dialect, auditEntriesOf(changes, context));
    },
  });
  const references = { db: store.db, keyring, env: deps.env ?? {}, filesDir: deps.filesDir };
  const metrics = createMetrics();
  const probeMetrics = createProbeMetrics(metrics.registry);
  const connector = createConnector({ settings: deps.outbound });
  const externalUrl = deps.externalUrl ?? "http://localhost:9999";
  const sloWebhook = createWebhookSink({ connector, clock, logger: logger.child({ module: "slo-webhook" }) });
  /** Nines' own sources (burn alerts, monitor changes) enter the alert pipeline like any sender. */
  const feed = (alerts: IncomingAlert[], source: AlertSource) => {
    alerting.alerts
      .ingest(alerts, source)
      .catch((error) => logger.error({ err: error, source }, "could not take an alert"));
  };
  const slos = createSloEngine({
    store,
    events,
    clock,
    logger: logger.child({ module: "slo" }),
    onEmbeddedQueries: (queries) => embedded.setQueries(queries),
    readPrometheus: createPrometheusReader({ connector, resolve: (value) => resolveReferences(value, references) }),
    alertSink: (notice) => {
      sloWebhook(notice);
      const alert = sloAlertToIncoming(notice, clock.now(), externalUrl);
      if (alert) feed([alert], "slo");
    },
  });
  const embedded = createEmbeddedQueries({ onCounts: (counts) => slos.recordEmbedded(counts) });
  const engine = createProbeEngine({
    store,
    events,
    clock,
    logger: logger.child({ module: "probes" }),
    concurrency: deps.probeConcurrency,
    connector,
    filesDir: deps.filesDir,
    onCheckStart: (_monitor, latenessMs) => probeMetrics.observeStart(latenessMs),
    onResult: (monitor, result) => {
      probeMetrics.observeResult(monitor, result);
      slos.observeProbeResult(monitor.name, result);
    },
    onStateChange: (monitor, event) => {
      const alerts = monitorEventToIncoming(monitor, event, externalUrl);
      if (alerts.length > 0) feed(alerts, "monitor");
    },
    resolveSpec: (spec) => resolveReferences(spec, references),
  });
  events.on("Monitor", (change) => {
    if (change.type === "deleted") probeMetrics.forget(change.object.metadata.name);
  });

  const resolveTimeoutMs = deps.alertResolveTimeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS;
  const alerting = createAlerting({
    store,
    clock,
    logger,
    connector,
    keyring,
    resolve: (spec) => resolveReferences(spec, references),
    events,
    externalUrl,
    resolveTimeoutMs,
  });
  const { pages, outbox } = alerting;

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
    // A URL that doesn't decode (`%E0%A4%A`) fails before routing, outside the error handler.
    frameworkErrors: (error, _request, reply) => {
      const body = toProblem(error);
      (reply as FastifyReply).status(body.status).type("application/problem+json").send(body);
    },
    // Log writes, not the UI's polling reads: /metrics counts those.
    logController: new LogController({
      disableRequestLogging: (request) => request.method === "GET" || request.method === "HEAD",
    }),
  });
  const served: RouteOptions[] = [];
  app.addHook("onRoute", (route) => {
    served.push(route);
  });
  installErrorHandling(app);
  installMetrics(app, metrics);
  installYamlBodies(app);
  installFailedLoginAudit(app, { store, clock });
  installRequestChecks(app, { allowedHosts: deps.allowedHosts ?? defaultAllowedHosts("127.0.0.1") });

  const anonymousRead = deps.anonymousRead ?? false;
  const authenticate = createAuthorizer({
    db: store.db,
    clock,
    anonymousRead,
    limiter: createFailureLimiter(clock, deps.failedLoginLimit ?? DEFAULT_FAILURE_LIMIT, (address, count) => {
      logger.warn({ address, failures: count }, "failed authentications from one address; refusing for a while");
      deps.onFailedLoginBurst?.(address, count);
    }),
  });

  const alertPipeline = alerting.alerts;
  const alertSenders = {
    store,
    clock,
    pipeline: alertPipeline,
    resolveTimeoutMs,
    ingestAllowed: deps.alertIngestAllow?.length ? createNetworkMatcher(deps.alertIngestAllow) : undefined,
  };
  const routes: RouteDefinition[] = [
    ...configRoutes(config),
    ...ingestRoutes(alertSenders),
    ...alertHistoryRoutes({ store, clock }),
    ...probeRoutes(store, clock),
    ...sloRoutes(store, clock, slos),
    ...scheduleRoutes(config, clock),
    ...onCallHealthRoutes(store, clock),
    ...auditRoutes(store),
    ...pageRoutes({ store, engine: pages, links: alerting.pageLinks }),
    ...notificationRoutes(outbox),
    ...tokenRoutes(store.db, clock, async ({ action, name, actor, at, role }) => {
      await recordAudit(store, { action, kind: "Token", name, actor, at, ...(role && { detail: { role } }) });
    }),
    ...serverRoutes(deps, anonymousRead, metrics, () => openApi),
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
  // Prometheus sends remote_write as snappy-compressed protobuf: a body parser of its own.
  const sloMetrics = createSloMetrics(metrics.registry, () => currentSloViews(slos, clock.now()));
  const writeRoutes = remoteWriteRoutes({
    ingest: (body) => {
      const report = embedded.ingest(decodeWriteRequest(body, { keepName: embedded.wantsName }), clock.now());
      sloMetrics.observeIngest(report);
      return report;
    },
  });
  await app.register(async (scope) => {
    installRemoteWriteParser(scope);
    registerRoutes(scope, writeRoutes, authenticate);
  });
  // Signed page links are opened in a browser, whose confirm button posts a form.
  const linkRoutes = pageLinkRoutes({ store, engine: pages, links: alerting.pageLinks });
  await app.register(async (scope) => {
    installLinkFormParser(scope);
    registerRoutes(scope, linkRoutes, authenticate);
  });
  // Alertmanager's clients read errors as a JSON string, not problem+json: a scope of their own.
  const alertmanagerApi = alertmanagerRoutes({
    ...alertSenders,
    startedAt: clock.now(),
    version: VERSION,
    onSilenceChange: async ({ action, id, actor, at, detail }) => {
      await recordAudit(store, { action, kind: "Silence", name: id, actor, at, detail });
    },
  });
  await app.register(async (scope) => {
    installAlertmanagerErrors(scope);
    registerRoutes(scope, alertmanagerApi, authenticate);
  });
  const openApi = buildOpenApi(
    [...routes, ...pushRoutes, ...writeRoutes, ...linkRoutes, ...alertmanagerApi],
    VERSION,
    KINDS,
  );

  // The demo shop is a probe target, not Nines' API: as public as the service it pretends to be.
  let demoControl: DemoControl | undefined;
  if (deps.demo)
    await app.register(async (scope) => {
      declarePublic(scope);
      demoControl = registerDemoService(scope);
    });
  let stopDemoTraffic: (() => void) | undefined;
  await installUi(app, deps.webDir ?? webRoot());

  let started = false;
  return {
    app,
    config,
    engine,
    slos,
    pages,
    outbox,
    metrics,
    routes: () =>
      served.flatMap((route) =>
        [route.method].flat().map((method) => ({ method, url: route.url, access: route.config?.access })),
      ),
    async start() {
      await engine.start();
      await slos.start();
      retention.start();
      await alerting.start();
      if (demoControl) {
        stopDemoTraffic = startDemoTraffic({
          clock,
          control: demoControl,
          record: (good, total) => {
            try {
              slos.recordEvents(DEMO_TRAFFIC_SLI, [{ good, total }]);
            } catch {
              // The demo's SLO may have been deleted; the traffic has nobody to tell then.
            }
          },
        });
      }
      started = true;
    },
    async stop() {
      // Stop taking requests first, so nothing new arrives while the engines drain.
      await app.close();
      stopDemoTraffic?.();
      if (started) await Promise.all([engine.stop(), slos.stop(), retention.stop(), alerting.stop()]);
    },
  };
}

function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, "request failed");
    reply.status(body.status).headers(problemHeaders(error)).type("application/problem+json").send(body);
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
      const { documents, issues } = loadDocuments(body as string, "request body", { env: false, kinds: KINDS });
      if (issues.length) {
        done(invalid(`${issues.length} problem${issues.length === 1 ? "" : "s"} in the YAML`, issues), undefined);
        return;
      }
      done(null, { documents: documents.map((loaded) => loaded.document) });
    },
  );
}

/** Marks every route registered in `scope` as needing no token (routes not declared through the route kit). */
function declarePublic(scope: FastifyInstance) {
  scope.addHook("onRoute", (route) => {
    route.config = { ...route.config, access: "public" };
  });
}

/** The server's own routes: what it is, whether it is healthy, its metrics and its API document. */
function serverRoutes(
  deps: AppDeps,
  anonymousRead: boolean,
  metrics: Metrics,
  openApi: () => unknown,
): RouteDefinition[] {
  const { store } = deps;
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/info",
      tag: "server",
      summary: "Version, database, demo mode and whether reads need a token",
      response: serverInfoSchema,
      handler: () => ({ version: VERSION, demo: deps.demo ?? false, database: store.dialect, anonymousRead }),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/openapi.json",
      tag: "server",
      summary: "This API as an OpenAPI 3.1 document",
      handler: openApi,
    }),
    defineRoute({
      method: "GET",
      access: "public",
      url: "/healthz",
      tag: "server",
      summary: "Whether the process answers",
      handler: () => ({ status: "ok" }),
    }),
    defineRoute({
      method: "GET",
      access: "public",
      url: "/readyz",
      tag: "server",
      summary: "Whether the database answers",
      handler: async ({ reply }) => {
        try {
          await pingStore(store);
          return { status: "ready" };
        } catch (error) {
          return reply
            .status(503)
            .type("application/problem+json")
            .send(problem(503, `the database is not reachable: ${(error as Error).message}`));
        }
      },
    }),
    defineRoute({
      method: "GET",
      access: deps.metricsPublic ? "public" : "viewer",
      url: "/metrics",
      tag: "server",
      summary: "Nines' own metrics in the Prometheus exposition format",
      response: { mediaType: "text/plain", description: "Prometheus exposition format" },
      handler: async ({ reply }) => {
        reply.type(metrics.registry.contentType);
        return metrics.registry.metrics();
      },
    }),
  ];
}

async function installUi(app: FastifyInstance, root: string) {
  const haveUi = existsSync(root);
  // One scope for the page, its assets and the fallback to index.html (they share `sendFile`):
  // they hold no data, and the page must load to ask for a token.
  await app.register(async (scope) => {
    declarePublic(scope);
    if (haveUi) {
      await scope.register(fastifyStatic, {
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
    scope.setNotFoundHandler((request, reply) => {
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
  });
}

import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Actor } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { invalid, notFound } from "../core/errors.js";
import { problemHeaders, toProblem } from "../http/problem.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import { matchesAlertFilter, parseAlertFilter } from "./alert-filters.js";
import { describeRoutingConfig, listReceiverNames } from "./alertmanager-config.js";
import { checkAlerts, parseInstant } from "./ingest.js";
import { type CompiledMatcher, formatMatcher, matchesAll } from "./matchers.js";
import type { AlertPipeline } from "./pipeline.js";
import { expireSilence, findSilence, fromWireMatcher, listSilences, setSilence } from "./silence-store.js";
import { listFiringAlerts } from "./store.js";
import {
  alertGroupSchema,
  alertmanagerStatusSchema,
  type GettableSilence,
  gettableAlertSchema,
  gettableSilenceSchema,
  receiverSchema,
  toGettableAlert,
  toGettableSilence,
} from "./views.js";

/** A silence made, changed or expired through the API, for the audit log. */
export interface SilenceAudit {
  action: "silence.create" | "silence.change" | "silence.expire";
  id: string;
  actor: Actor;
  at: number;
  detail: Record<string, unknown>;
}

export interface AlertApiDeps {
  store: Store;
  clock: Clock;
  pipeline: AlertPipeline;
  resolveTimeoutMs: number;
  /** When this server started, for `/status`'s uptime. */
  startedAt: number;
  version: string;
  /** Senders without a token whose address this accepts may post alerts (`alertIngestAllow`). */
  ingestAllowed?: ((address: string) => boolean) | undefined;
  onSilenceChange: (change: SilenceAudit) => Promise<void>;
}

export const ALERTMANAGER_PREFIX = "/api/v2";

// Go clients send `true`/`false`; `z.coerce.boolean` would read "false" as true.
const flag = z
  .enum(["true", "false"], { error: "expected true or false" })
  .default("true")
  .transform((text) => text === "true");
const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : [value].flat()));

// Alertmanager ignores parameters it does not know: so does this surface, for its clients' sake.
const alertsQuery = z.object({
  active: flag,
  silenced: flag,
  inhibited: flag,
  unprocessed: flag,
  filter: repeated.describe('a matcher such as alertname="HighLatency"; repeat for more'),
  receiver: z.string().max(1024).optional().describe("a regular expression over receiver names"),
});
const groupsQuery = alertsQuery.omit({ unprocessed: true }).extend({ muted: flag });
const silencesQuery = z.object({ filter: repeated, active: flag, pending: flag, expired: flag });

const labelSet = z.record(z.string(), z.string());
const instantField = (what: string) =>
  z.string({ error: `expected ${what} as an RFC 3339 instant` }).transform((text, ctx) => {
    const ms = parseInstant(text);
    if (ms === undefined || Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: `expected ${what} as an RFC 3339 instant, got ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return ms;
  });
const postableSilence = z.object({
  id: z.string().max(64).optional(),
  matchers: z
    .array(
      z.object({
        name: z.string().max(1024),
        value: z.string().max(4096),
        isRegex: z.boolean(),
        isEqual: z.boolean().default(true),
      }),
    )
    .max(64),
  startsAt: instantField("startsAt"),
  endsAt: instantField("endsAt"),
  createdBy: z.string().max(1024),
  comment: z.string().max(4096),
  annotations: labelSet.default({}),
});

/** Alertmanager's API v2, which Prometheus, amtool and Grafana speak, over Nines' alerts and silences. */
export function alertmanagerRoutes(deps: AlertApiDeps): RouteDefinition[] {
  const { store, clock, pipeline } = deps;
  const url = (path: string) => `${ALERTMANAGER_PREFIX}${path}`;
  return [
    defineRoute({
      method: "POST",
      access: "responder",
      ...(deps.ingestAllowed && { openTo: deps.ingestAllowed }),
      url: url("/alerts"),
      tag: "alertmanager",
      summary: "Take alerts (Prometheus' alerting target); a 400 lists the invalid ones, the valid ones are kept",
      body: z.array(z.unknown(), { error: "expected a JSON array of alerts" }).max(10_000),
      handler: async ({ body, reply }) => {
        const { alerts, issues } = checkAlerts(body, clock.now(), deps.resolveTimeoutMs);
        if (alerts.length) await pipeline.ingest(alerts, "alertmanager");
        if (issues.length) throw invalid(issues.map((issue) => issue.message).join("; "), issues);
        return reply.send();
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: url("/alerts"),
      tag: "alertmanager",
      summary: "Firing alerts with their silences, inhibitions and receivers, filtered as Alertmanager filters",
      query: alertsQuery,
      response: z.array(gettableAlertSchema),
      handler: async ({ query }) => {
        const filter = parseAlertFilter(query, query.filter, query.receiver);
        const alerts = await listFiringAlerts(store.db, clock.now());
        return alerts.flatMap((alert) => {
          const status = pipeline.status(alert);
          return matchesAlertFilter(filter, alert.labels, status) ? [toGettableAlert(alert, status)] : [];
        });
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: url("/alerts/groups"),
      tag: "alertmanager",
      summary: "The aggregation groups with their alerts",
      query: groupsQuery,
      response: z.array(alertGroupSchema),
      handler: ({ query }) => {
        const filter = parseAlertFilter({ ...query, unprocessed: true }, query.filter, query.receiver);
        return pipeline.groups().flatMap((group) => {
          const alerts = group.alerts.flatMap((alert) => {
            const status = pipeline.status(alert);
            return matchesAlertFilter(filter, alert.labels, status) ? [toGettableAlert(alert, status)] : [];
          });
          if (alerts.length === 0) return [];
          if (!query.muted && alerts.every((alert) => alert.status.state === "suppressed")) return [];
          return [{ labels: group.labels, routeLabels: {}, receiver: { name: group.receiver }, alerts }];
        });
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: url("/silences"),
      tag: "alertmanager",
      summary: "Silences, filtered by matchers (a silence shows when its matchers hold for the filter's labels)",
      query: silencesQuery,
      response: z.array(gettableSilenceSchema),
      handler: async ({ query }) => {
        const now = clock.now();
        const wanted = parseAlertFilter(
          { active: true, silenced: true, inhibited: true, unprocessed: true },
          query.filter,
          undefined,
        );
        const states = { active: query.active, pending: query.pending, expired: query.expired };
        return (await listSilences(store.db))
          .map((silence) => toGettableSilence(silence, now))
          .filter((silence) => states[silence.status.state] && silenceMatches(wanted.matchers, silence))
          .sort(compareSilences);
      },
    }),
    defineRoute({
      method: "POST",
      access: "responder",
      url: url("/silences"),
      tag: "alertmanager",
      summary: "Make a silence, or change one by its id (new matchers expire it and make a new one)",
      body: postableSilence,
      response: z.object({ silenceID: z.string() }),
      handler: async ({ body, actor }) => {
        const now = clock.now();
        const matchers = body.matchers.map(fromWireMatcher);
        const result = await setSilence(store, { ...body, matchers }, now);
        await pipeline.silencesChanged();
        const detail = { matchers: matchers.map(formatMatcher).join(", "), endsAt: result.silence.endsAt };
        if (result.replaced)
          await deps.onSilenceChange({ action: "silence.expire", id: result.replaced.id, actor, at: now, detail: {} });
        await deps.onSilenceChange({
          action: result.change === "created" ? "silence.create" : "silence.change",
          id: result.silence.id,
          actor,
          at: now,
          detail: result.replaced ? { ...detail, replaces: result.replaced.id } : detail,
        });
        return { silenceID: result.silence.id };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: url("/silence/:silenceID"),
      tag: "alertmanager",
      summary: "One silence",
      response: gettableSilenceSchema,
      handler: async ({ params }) => {
        const id = params.silenceID as string;
        const silence = await findSilence(store.db, id);
        if (!silence) throw notFound(`silence ${id} not found`);
        return toGettableSilence(silence, clock.now());
      },
    }),
    defineRoute({
      method: "DELETE",
      access: "responder",
      url: url("/silence/:silenceID"),
      tag: "alertmanager",
      summary: "Expire a silence now",
      handler: async ({ params, actor, reply }) => {
        const now = clock.now();
        const silence = await expireSilence(store, params.silenceID as string, now);
        await pipeline.silencesChanged();
        await deps.onSilenceChange({ action: "silence.expire", id: silence.id, actor, at: now, detail: {} });
        return reply.send();
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: url("/status"),
      tag: "alertmanager",
      summary: "This Alertmanager's status: one ready peer, its version, its routing objects as YAML, its start",
      response: alertmanagerStatusSchema,
      handler: async ({ request }) => ({
        cluster: { name: "nines", status: "ready", peers: [{ name: "nines", address: request.host }] },
        versionInfo: {
          version: deps.version,
          revision: "",
          branch: "",
          buildUser: "",
          buildDate: "",
          goVersion: `none (Nines on Node.js ${process.versions.node})`,
        },
        config: { original: await describeRoutingConfig(store.db) },
        uptime: new Date(deps.startedAt).toISOString(),
      }),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: url("/receivers"),
      tag: "alertmanager",
      summary: "The Receiver objects, by name",
      response: z.array(receiverSchema),
      handler: async () => (await listReceiverNames(store.db)).map((name) => ({ name })),
    }),
  ];
}

/** Alertmanager's silence filter: the filter's matchers hold for the silence's matchers read as labels. */
const silenceMatches = (wanted: readonly CompiledMatcher[], silence: GettableSilence) =>
  matchesAll(wanted, Object.fromEntries(silence.matchers.map((matcher) => [matcher.name, matcher.value])));

const STATE_ORDER = { active: 0, pending: 1, expired: 2 };

/** Alertmanager's order: active by end, then pending by start, then expired, latest end first. */
function compareSilences(a: GettableSilence, b: GettableSilence): number {
  const state = STATE_ORDER[a.status.state] - STATE_ORDER[b.status.state];
  if (state !== 0) return state;
  if (a.status.state === "active") return a.endsAt.localeCompare(b.endsAt);
  if (a.status.state === "pending") return a.startsAt.localeCompare(b.startsAt);
  return b.endsAt.localeCompare(a.endsAt);
}

/**
 * Errors under /api/v2 as Alertmanager answers them: a JSON string with the message (its OpenAPI
 * document's BadRequest), which amtool and Grafana print, instead of problem+json.
 */
export function installAlertmanagerErrors(scope: FastifyInstance) {
  scope.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, "request failed");
    reply.status(body.status).headers(problemHeaders(error)).type("application/json").send(JSON.stringify(body.detail));
  });
}

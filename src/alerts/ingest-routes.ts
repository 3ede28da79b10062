import { z } from "zod";
import type { Clock } from "../core/clock.js";
import { invalid } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import { alertFingerprint } from "./fingerprint.js";
import { checkWebhookAlerts, OPEN_ENDED } from "./ingest.js";
import type { IncomingAlert } from "./model.js";
import { parsePagerDutyEvent } from "./pagerduty-events.js";
import type { AlertPipeline } from "./pipeline.js";
import { listFiringAlertsWithLabel, recordAlertEvent } from "./store.js";

export interface IngestRouteDeps {
  store: Store;
  clock: Clock;
  pipeline: AlertPipeline;
  resolveTimeoutMs: number;
  /** Senders without a token whose address this accepts may post (`alertIngestAllow`). */
  ingestAllowed?: ((address: string) => boolean) | undefined;
}

export const PAGERDUTY_INGEST_URL = "/api/v1/ingest/pagerduty";
export const WEBHOOK_INGEST_URL = "/api/v1/ingest/webhook";

const pagerDutyAnswer = z.object({ status: z.string(), message: z.string(), dedup_key: z.string() });
const webhookAnswer = z.object({ accepted: z.number().int() });

/** Alerts from senders that speak PagerDuty's Events API v2 or plain JSON. */
export function ingestRoutes(deps: IngestRouteDeps): RouteDefinition[] {
  const { store, clock, pipeline } = deps;
  const openTo = deps.ingestAllowed && { openTo: deps.ingestAllowed };
  return [
    defineRoute({
      method: "POST",
      access: "responder",
      ...openTo,
      url: PAGERDUTY_INGEST_URL,
      tag: "alerts",
      summary:
        "A PagerDuty Events API v2 event: trigger fires the alert of its dedup_key, acknowledge records it, resolve ends it",
      response: pagerDutyAnswer,
      handler: async ({ request, reply }) => {
        const now = clock.now();
        const parsed = parsePagerDutyEvent(request.body, now);
        if ("errors" in parsed)
          return reply
            .status(400)
            .send({ status: "invalid event", message: "Event object is invalid", errors: parsed.errors });
        const { event } = parsed;
        const byKey = { name: "dedup_key", value: event.dedupKey };
        const open = await listFiringAlertsWithLabel(store.db, "pagerduty", byKey, now);
        if (event.action === "acknowledge") {
          for (const alert of open) await recordAlertEvent(store.db, alert.fingerprint, "acknowledged", now);
        } else {
          // One dedup_key is one incident: a trigger with other labels replaces the alert it had.
          const keep = event.action === "trigger" ? alertFingerprint(event.labels) : undefined;
          const ended: IncomingAlert[] = open
            .filter((alert) => alert.fingerprint !== keep)
            .map((alert) => ({
              labels: alert.labels,
              annotations: alert.annotations,
              startsAt: alert.startsAt,
              endsAt: now,
            }));
          const fired: IncomingAlert[] =
            event.action === "trigger"
              ? [{ labels: event.labels, annotations: event.annotations, startsAt: event.startsAt, endsAt: OPEN_ENDED }]
              : [];
          if (ended.length || fired.length) await pipeline.ingest([...ended, ...fired], "pagerduty");
        }
        reply.status(202);
        return { status: "success", message: "Event processed", dedup_key: event.dedupKey };
      },
    }),
    defineRoute({
      method: "POST",
      access: "responder",
      ...openTo,
      url: WEBHOOK_INGEST_URL,
      tag: "alerts",
      summary:
        "Alerts as plain JSON, {labels, annotations?, status?, startsAt?, endsAt?} or a list; a 400 lists the invalid ones, the valid ones are kept",
      response: webhookAnswer,
      handler: async ({ request, reply }) => {
        const now = clock.now();
        const checked = checkWebhookAlerts([request.body].flat(), now, deps.resolveTimeoutMs);
        if (checked.alerts.length) await pipeline.ingest(checked.alerts, "webhook");
        const { issues } = checked;
        if (issues.length)
          throw invalid(issues.map((issue) => `alert ${issue.document}: ${issue.message}`).join("; "), issues);
        reply.status(202);
        return { accepted: checked.alerts.length };
      },
    }),
  ];
}

import { randomUUID } from "node:crypto";
import { parseInstant } from "./ingest.js";
import type { LabelSet } from "./model.js";

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`) events, checked with PagerDuty's rules: an
 * event_action of trigger, acknowledge or resolve; a dedup_key of at most 255 characters, needed to
 * acknowledge or resolve; for a trigger a payload with summary, source and severity.
 */
export type PagerDutyAction = "trigger" | "acknowledge" | "resolve";

export type PagerDutyEvent =
  | { action: "trigger"; dedupKey: string; labels: LabelSet; annotations: LabelSet; startsAt?: number }
  | { action: "acknowledge" | "resolve"; dedupKey: string };

const SEVERITIES = ["critical", "error", "warning", "info"];
const LABEL_FIELDS = ["component", "group", "class"] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const blank = (value: unknown) => typeof value !== "string" || value.trim() === "";

/** The event, or PagerDuty's list of what is wrong with it. */
export function parsePagerDutyEvent(body: unknown, now: number): { event: PagerDutyEvent } | { errors: string[] } {
  if (!isObject(body)) return { errors: ["Event object must be a JSON object"] };
  const errors: string[] = [];
  if (blank(body.routing_key)) errors.push("'routing_key' is missing or blank");
  const action = body.event_action;
  if (action !== "trigger" && action !== "acknowledge" && action !== "resolve")
    errors.push("'event_action' is missing or invalid: expected trigger, acknowledge or resolve");
  const dedupKey = body.dedup_key;
  if (dedupKey !== undefined && (typeof dedupKey !== "string" || dedupKey.length > 255 || dedupKey === ""))
    errors.push("'dedup_key' must be a string of 1 to 255 characters");
  if ((action === "acknowledge" || action === "resolve") && dedupKey === undefined)
    errors.push(`'dedup_key' is required to ${action}`);
  if (action !== "trigger") {
    if (errors.length) return { errors };
    return { event: { action: action as "acknowledge" | "resolve", dedupKey: dedupKey as string } };
  }
  const payload = body.payload;
  if (!isObject(payload)) {
    errors.push("'payload' is missing or not an object");
    return { errors };
  }
  if (blank(payload.summary)) errors.push("'payload.summary' is missing or blank");
  else if ((payload.summary as string).length > 1024) errors.push("'payload.summary' is longer than 1024 characters");
  if (blank(payload.source)) errors.push("'payload.source' is missing or blank");
  if (typeof payload.severity !== "string" || !SEVERITIES.includes(payload.severity))
    errors.push("'payload.severity' is missing or invalid: expected critical, error, warning or info");
  for (const field of LABEL_FIELDS)
    if (payload[field] !== undefined && typeof payload[field] !== "string")
      errors.push(`'payload.${field}' must be a string`);
  const timestamp = parseInstant(payload.timestamp);
  if (Number.isNaN(timestamp)) errors.push("'payload.timestamp' must be an ISO 8601 instant");
  if (errors.length) return { errors };

  const key = (dedupKey as string | undefined) ?? randomUUID();
  const labels: LabelSet = {
    dedup_key: key,
    source: payload.source as string,
    severity: payload.severity as string,
  };
  for (const field of LABEL_FIELDS) if (payload[field]) labels[field] = payload[field] as string;
  const annotations: LabelSet = { summary: payload.summary as string };
  if (payload.custom_details !== undefined)
    annotations.custom_details =
      typeof payload.custom_details === "string" ? payload.custom_details : JSON.stringify(payload.custom_details);
  if (typeof body.client === "string") annotations.client = body.client;
  if (typeof body.client_url === "string") annotations.client_url = body.client_url;
  return {
    event: {
      action: "trigger",
      dedupKey: key,
      labels,
      annotations,
      ...(timestamp !== undefined && timestamp <= now && { startsAt: timestamp }),
    },
  };
}

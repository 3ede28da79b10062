import { describe, expect, it } from "vitest";
import { sampleAlert, sampleContent } from "../../../test/notify/content.js";
import { channelSpec } from "../model.js";
import { ntfyRequest } from "./ntfy.js";
import { pagerDutyDedupKey, pagerDutyEvent } from "./pagerduty.js";
import { webhookPayload } from "./webhook.js";

const pagerDuty = channelSpec.parse({ type: "pagerduty", routingKey: "R".repeat(32) }) as never;

describe("the webhook payload", () => {
  it("keeps at most maxAlerts alerts and counts the rest as truncated", () => {
    const payload = webhookPayload(sampleContent({ truncatedAlerts: 2 }), 1);
    expect(payload.alerts.map((alert) => alert.fingerprint)).toEqual(["3f0c9a1b2d4e5f60"]);
    expect(payload.truncatedAlerts).toBe(3);
    expect(webhookPayload(sampleContent(), 0).alerts).toHaveLength(2);
  });

  it("sends a resolved alert's end and an empty generatorURL when there is none", () => {
    const alert = sampleAlert({ status: "resolved", endsAt: Date.UTC(2026, 7, 20, 11), generatorUrl: null });
    const payload = webhookPayload(sampleContent({ status: "resolved", alerts: [alert] }));
    expect(payload.alerts[0]).toMatchObject({ endsAt: "2026-08-20T11:00:00Z", generatorURL: "" });
  });
});

describe("the PagerDuty event", () => {
  it("resolves the incident its trigger opened: one dedup_key per group, another per page", () => {
    const firing = sampleContent();
    const resolved = sampleContent({ status: "resolved" });
    expect(pagerDutyEvent(resolved, pagerDuty, 0)).toEqual({
      routing_key: "R".repeat(32),
      dedup_key: pagerDutyDedupKey(firing),
      event_action: "resolve",
    });
    const page = sampleContent({ page: { id: 7, level: 0, round: 0, policy: "checkout" } });
    expect(pagerDutyDedupKey(page)).not.toBe(pagerDutyDedupKey(firing));
    expect(pagerDutyDedupKey(page)).toBe(pagerDutyDedupKey({ ...page, groupKey: "{}:{other}" }));
  });

  it("maps the severity label unless the channel sets one", () => {
    const ticket = sampleContent({ commonLabels: { alertname: "Slow", severity: "ticket" } });
    expect(pagerDutyEvent(ticket, pagerDuty, 0)).toMatchObject({ payload: { severity: "warning" } });
    const fixed = channelSpec.parse({ type: "pagerduty", routingKey: "R".repeat(32), severity: "info" }) as never;
    expect(pagerDutyEvent(sampleContent(), fixed, 0)).toMatchObject({ payload: { severity: "info" } });
  });
});

describe("the ntfy request", () => {
  it("encodes a title that is not ASCII and quotes action values with commas", () => {
    const content = sampleContent({
      groupLabels: { alertname: "Überlast" },
      commonLabels: { alertname: "Überlast" },
      links: { view: "http://nines/v", acknowledge: "http://nines/ack?a=1,2" },
    });
    const spec = channelSpec.parse({ type: "ntfy", topic: "ops" }) as never;
    const { url, headers } = ntfyRequest(content, spec);
    expect(url).toBe("https://ntfy.sh/ops");
    expect(headers.title).toBe(`=?UTF-8?B?${Buffer.from("[FIRING:2] Überlast").toString("base64")}?=`);
    expect(headers.actions?.split("; ")[0]).toBe('view, Acknowledge, "http://nines/ack?a=1,2", clear=true');
    expect(headers.priority).toBe("3");
    expect(headers.authorization).toBeUndefined();
  });
});

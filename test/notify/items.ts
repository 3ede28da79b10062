import type { NewNotification } from "../../src/notify/model.js";
import { sampleContent } from "./content.js";

/** A webhook notification to `destination`, with its own idempotency key. */
export function webhookNotification(
  key: string,
  destination = "receiver/ops/0",
  url = "https://hooks.example.com/x",
): NewNotification {
  return {
    idempotencyKey: key,
    destination,
    channel: { type: "webhook", url, maxAlerts: 0 },
    content: sampleContent(),
    source: "group:checkout",
  };
}

import { describe, expect, it } from "vitest";
import { monitorEventToIncoming } from "./feeds.js";
import { OPEN_ENDED } from "./ingest.js";

const AT = Date.UTC(2026, 11, 1, 12);
const shop = { name: "shop", type: "http" };

describe("monitor state changes as alerts", () => {
  it("fires MonitorDown when a monitor goes down, held open until it comes back", () => {
    const [alert, ...rest] = monitorEventToIncoming(
      shop,
      { at: AT, from: "up", to: "down", reason: "HTTP 503" },
      "http://nines",
    );
    expect(rest).toEqual([]);
    expect(alert?.labels).toEqual({
      alertname: "MonitorDown",
      monitor: "shop",
      monitor_type: "http",
      severity: "critical",
    });
    expect(alert?.startsAt).toBe(AT);
    expect(alert?.endsAt).toBe(OPEN_ENDED);
    expect(alert?.annotations?.description).toBe("HTTP 503");
  });

  it("resolves the state left and fires the state entered", () => {
    const alerts = monitorEventToIncoming(shop, { at: AT, from: "down", to: "degraded", reason: null }, "http://nines");
    expect(alerts.map((alert) => [alert.labels.alertname, alert.endsAt === AT ? "resolved" : "firing"])).toEqual([
      ["MonitorDown", "resolved"],
      ["MonitorDegraded", "firing"],
    ]);
  });

  it("says nothing for changes between states that page nobody", () => {
    expect(monitorEventToIncoming(shop, { at: AT, from: "pending", to: "up", reason: null }, "http://nines")).toEqual(
      [],
    );
  });
});

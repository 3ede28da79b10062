import { describe, expect, it } from "vitest";
import { STARTED_AT, sampleAlert, sampleContent } from "../../test/notify/content.js";
import { formatGoTime } from "./channels/webhook.js";
import { formatDuration, messageLinks, renderHtml, renderText, renderTitle } from "./templates.js";

const NOW = STARTED_AT + 12 * 60_000 + 30_000;

describe("renderTitle", () => {
  it("counts the firing alerts and lists group label values, then the other common ones", () => {
    expect(renderTitle(sampleContent())).toBe("[FIRING:2] HighErrorRate checkout (page)");
  });

  it("says RESOLVED without a count, and names the page and its level", () => {
    const resolved = sampleContent({ status: "resolved", page: { id: 12, level: 1, round: 0, policy: "checkout" } });
    expect(renderTitle(resolved)).toBe("[RESOLVED] HighErrorRate checkout (page) [page 12, level 2]");
  });

  it("falls back to the receiver when there are no labels to show", () => {
    expect(renderTitle(sampleContent({ groupLabels: {}, commonLabels: {} }))).toBe("[FIRING:2] sre-pager");
  });
});

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(40_000)).toBe("40s");
    expect(formatDuration(12 * 60_000 + 30_000)).toBe("12m 30s");
    expect(formatDuration(3_900_000)).toBe("1h 5m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 59_000)).toBe("3d 4h");
    expect(formatDuration(86_400_000 + 60_000)).toBe("1d");
  });
});

describe("renderText", () => {
  it("says what fired, since when (relative and UTC), and every link", () => {
    expect(renderText(sampleContent(), NOW)).toBe(
      [
        "2 alerts firing for sre-pager",
        "",
        "- [firing] 5% of checkout requests fail (instance=web-1): firing for 12m 30s, since 2026-08-20 10:00:00 UTC",
        "  runbook: https://runbooks.example.com/checkout",
        "  graph: http://prom.example.com:9090/graph?g0.expr=errors",
        "- [firing] 7% of checkout requests fail (instance=web-2): firing for 11m 30s, since 2026-08-20 10:01:00 UTC",
        "  runbook: https://runbooks.example.com/checkout",
        "  graph: http://prom.example.com:9090/graph?g0.expr=errors",
        "",
        "Acknowledge: http://nines.example.com:8080/ack/abc",
        "Resolve: http://nines.example.com:8080/resolve/abc",
        "Silence: http://nines.example.com:8080/silences/new?matcher=service%3Dcheckout",
        "View in Nines: http://nines.example.com:8080/alerts/groups/1",
        "Runbook: https://runbooks.example.com/checkout",
        "Graph: http://prom.example.com:9090/graph?g0.expr=errors",
      ].join("\n"),
    );
  });

  it("says how long a resolved alert lasted, and counts the alerts left out", () => {
    const alert = sampleAlert({ status: "resolved", endsAt: STARTED_AT + 3_900_000 });
    const text = renderText(sampleContent({ status: "resolved", alerts: [alert], truncatedAlerts: 3 }), NOW);
    expect(text.split("\n")[0]).toBe("5% of checkout requests fail");
    expect(text).toContain("resolved after 1h 5m, at 2026-08-20 11:05:00 UTC");
    expect(text).toContain("- and 3 more");
  });
});

describe("links", () => {
  it("keeps only http(s) links from annotations", () => {
    const alert = sampleAlert({ annotations: { runbook_url: "javascript:alert(1)" }, generatorUrl: null });
    const content = sampleContent({ alerts: [alert], commonAnnotations: {}, links: { view: "http://nines/v" } });
    expect(messageLinks(content)).toEqual([{ label: "View in Nines", url: "http://nines/v" }]);
    expect(renderHtml(content, NOW)).not.toContain("javascript:");
  });

  it("escapes what the alerts say in HTML", () => {
    const alert = sampleAlert({ annotations: { summary: "<script>x</script> & more" } });
    const html = renderHtml(sampleContent({ alerts: [alert] }), NOW);
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt; &amp; more");
    expect(html).not.toContain("<script>");
  });
});

describe("formatGoTime", () => {
  it("writes RFC 3339 as Go does: no zero fraction", () => {
    expect(formatGoTime(STARTED_AT)).toBe("2026-08-20T10:00:00Z");
    expect(formatGoTime(STARTED_AT + 120)).toBe("2026-08-20T10:00:00.12Z");
    expect(formatGoTime(STARTED_AT + 50_000)).toBe("2026-08-20T10:00:50Z");
  });
});

import { describe, expect, it } from "vitest";
import { burningDetail, NO_BURN, NOW, objectiveView, sloView } from "../../test/support/slo-views.js";
import { formatSloDescription, formatSloTable } from "./slo-report.js";

describe("nines get slos", () => {
  it("shows one row per SLO with target, SLI, budget, fastest burn and status", () => {
    const table = formatSloTable([
      burningDetail(),
      sloView({ name: "search-latency", service: "search", groupCount: 3, groupBy: ["region"] }),
      sloView({
        name: "new-api",
        service: "api",
        status: "no-data",
        lastDataAt: null,
        objectives: [
          objectiveView({
            sli: { window: null, now: null },
            good: 0,
            total: 0,
            budget: {
              ...objectiveView().budget,
              consumed: 0,
              remaining: 0,
              remainingRatio: null,
              remainingMinutes: null,
            },
            burnRates: NO_BURN,
            status: "no-data",
          }),
        ],
      }),
      sloView({
        name: "broken",
        status: "error",
        stale: true,
        error: 'unsupported PromQL: histogram_quantile is not evaluated by the embedded engine ("query" at line 3)',
      }),
    ]);
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +SERVICE +TARGET +SLI +BUDGET LEFT +FASTEST BURN +STATUS$/);
    expect(lines[1]).toMatch(
      /^checkout-availability +shop +99\.9% +99\.95% +51\.0% \(22m of 43\.2m\) +14\.4x 5m +BURNING$/,
    );
    expect(lines[2]).toMatch(
      /^search-latency \(3 groups\) +search +99\.9% +99\.99% +98\.0% \(42\.3m of 43\.2m\) +0\.40x 1h +OK$/,
    );
    expect(lines[3]).toMatch(/^new-api +api +99\.9% +no data +no data +no data +NO DATA$/);
    expect(lines[4]).toMatch(/ERROR \(stale\): unsupported PromQL: histogram_quantile .{20,}…$/);
    // Columns line up: every row's SLI starts where the header's does.
    const column = lines[0]!.indexOf("SLI");
    expect(lines.slice(1, 4).map((line) => line.slice(column, column + 2))).toEqual(["99", "99", "no"]);
  });

  it("says how to declare one when there is none", () => {
    expect(formatSloTable([])).toMatch(/^No SLOs\. .*nines apply -f FILE/);
  });
});

describe("nines describe slo", () => {
  const text = formatSloDescription(burningDetail(), NOW);

  it("shows the SLO, its window and when data last came", () => {
    expect(text).toMatch(/^Name: +checkout-availability$/m);
    expect(text).toMatch(/^Status: +BURNING$/m);
    expect(text).toMatch(/^Window: +30d rolling: 2026-07-21 10:00 UTC to 2026-08-20 10:00 UTC$/m);
    expect(text).toMatch(/^Last data: +2026-08-20 09:59 UTC \(1m ago\)$/m);
    expect(text).not.toMatch(/^Error:/m);
  });

  it("shows each objective's SLI, events and budget in minutes and events", () => {
    expect(text).toMatch(/^Objective "Available": target 99\.9%, BURNING$/m);
    expect(text).toMatch(/^ {2}SLI: +99\.95% over 30d, 98\.56% over the last 5m$/m);
    expect(text).toMatch(/^ {2}Good: +999,510 of 1,000,000 events$/m);
    expect(text).toMatch(/^ {2}Budget left: +51\.0%: 22m of 43\.2m$/m);
    expect(text).toMatch(/^ {2}Budget spent: +490 of 1,000 events allowed to fail$/m);
    expect(text).toMatch(/^ {2}Exhausted: +in 25h 30m at the 1h burn rate \(2026-08-21 11:30 UTC\)$/m);
  });

  it("shows the burn rate over every window from 5m to 3d", () => {
    const lines = text.split("\n");
    const header = lines.findIndex((line) => /^ {4}5m +30m +1h +2h +6h +1d +3d$/.test(line));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^ {4}14\.4x +14\.4x +14\.4x +7\.2x +2\.4x +0\.60x +0\.20x$/);
  });

  it("lists the alert tiers and the recent alerts", () => {
    expect(text).toMatch(/^ {2}page-fast +page +1h and 5m +> 14\.4x +no$/m);
    expect(text).toMatch(/^ {2}ticket-slow +ticket +3d and 6h +> 1\.0x +no$/m);
    expect(text).toMatch(/^ {2}2026-08-20 09:48 UTC +firing for 12m +page-fast +page +Available$/m);
    expect(text).toMatch(/^ {2}2026-08-19 08:00 UTC +resolved after 60m +ticket-fast +ticket +Available$/m);
  });

  it("lists a grouped SLO's groups and says when an SLO has no data or an error", () => {
    const detail = burningDetail();
    const quiet = objectiveView({
      sli: { window: null, now: null },
      burnRates: NO_BURN,
      budget: { ...detail.objectives[0]!.budget, remainingRatio: null, remainingMinutes: null, consumed: null },
      status: "no-data",
    });
    const grouped = formatSloDescription(
      {
        ...detail,
        status: "error",
        error: "the DataSource prometheus answered 503",
        groupBy: ["region"],
        groupCount: 2,
        groups: [
          { labels: { region: "eu" }, status: "burning", objectives: detail.objectives },
          { labels: { region: "us" }, status: "no-data", objectives: [quiet] },
        ],
        alertTiers: [],
        alerts: [],
      },
      NOW,
    );
    expect(grouped).toMatch(/^Error: +the DataSource prometheus answered 503$/m);
    expect(grouped).toMatch(/^Group by: +region \(2 groups\)$/m);
    expect(grouped).toMatch(/^ {2}region=eu +99\.95% +51\.0% \(22m of 43\.2m\) +14\.4x 5m +BURNING$/m);
    expect(grouped).toMatch(/^ {2}region=us +no data +no data +no data +NO DATA$/m);
    expect(grouped).toMatch(/^Alert tiers: none/m);
    expect(grouped).toMatch(/^Recent alerts: none$/m);
  });
});

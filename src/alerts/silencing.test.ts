import { describe, expect, it } from "vitest";
import { parseMatchers } from "./matchers.js";
import { recurringSilenceSpec, type Silence, timeIntervalSpec } from "./model.js";
import { createSilencer } from "./silencing.js";
import { compileTimeIntervals } from "./time-intervals.js";

const at = (iso: string) => Date.parse(iso);
const silence = (id: string, matchers: string, startsAt: string, endsAt: string): Silence => {
  const parsed = parseMatchers(matchers);
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    id,
    matchers: parsed.value,
    startsAt: at(startsAt),
    endsAt: at(endsAt),
    createdBy: "alice",
    comment: "maintenance",
    updatedAt: at(startsAt),
  };
};
const intervals = compileTimeIntervals([
  {
    name: "nights",
    spec: timeIntervalSpec.parse({
      timeIntervals: [
        {
          times: [
            { startTime: "22:00", endTime: "24:00" },
            { startTime: "00:00", endTime: "06:00" },
          ],
        },
      ],
    }),
  },
  { name: "weekends", spec: timeIntervalSpec.parse({ timeIntervals: [{ weekdays: ["saturday", "sunday"] }] }) },
]);
const recurring = (name: string, spec: object) => ({ name, spec: recurringSilenceSpec.parse(spec) });

describe("createSilencer", () => {
  const maintenance = silence(
    "s-1",
    '{service="checkout", env=~"prod|staging"}',
    "2026-05-04T10:00:00Z",
    "2026-05-04T12:00:00Z",
  );

  it("holds an API silence from startsAt inclusive to endsAt exclusive", () => {
    const silencer = createSilencer([maintenance], [], intervals);
    const labels = { service: "checkout", env: "prod", alertname: "HighLatency" };
    expect(silencer.silencedBy(labels, at("2026-05-04T09:59:59.999Z"))).toEqual([]);
    expect(silencer.silencedBy(labels, at("2026-05-04T10:00:00Z"))).toEqual(["s-1"]);
    expect(silencer.silencedBy(labels, at("2026-05-04T11:59:59.999Z"))).toEqual(["s-1"]);
    expect(silencer.silencedBy(labels, at("2026-05-04T12:00:00Z"))).toEqual([]);
  });

  it("needs every matcher of the silence", () => {
    const silencer = createSilencer([maintenance], [], intervals);
    const during = at("2026-05-04T11:00:00Z");
    expect(silencer.silencedBy({ service: "checkout", env: "dev" }, during)).toEqual([]);
    expect(silencer.silencedBy({ service: "cart", env: "prod" }, during)).toEqual([]);
  });

  it("names recurring silences recurring/<name>, active while any of their intervals holds", () => {
    const batch = recurring("nightly-batch", {
      matchers: ['job="batch"'],
      activeTimeIntervals: ["nights", "weekends"],
    });
    const silencer = createSilencer([], [batch], intervals);
    const labels = { job: "batch", alertname: "WorkerRestarted" };
    // Monday 4 May 2026.
    expect(silencer.silencedBy(labels, at("2026-05-04T23:00:00Z"))).toEqual(["recurring/nightly-batch"]);
    expect(silencer.silencedBy(labels, at("2026-05-04T05:59:00Z"))).toEqual(["recurring/nightly-batch"]);
    expect(silencer.silencedBy(labels, at("2026-05-04T06:00:00Z"))).toEqual([]);
    expect(silencer.silencedBy(labels, at("2026-05-09T14:00:00Z"))).toEqual(["recurring/nightly-batch"]);
    expect(silencer.silencedBy({ job: "api" }, at("2026-05-04T23:00:00Z"))).toEqual([]);
  });

  it("keeps a recurring silence within its startsAt and endsAt when it has them", () => {
    const bounded = recurring("migration-nights", {
      matchers: ['job="batch"'],
      activeTimeIntervals: ["nights"],
      startsAt: "2026-05-04T00:00:00Z",
      endsAt: "2026-05-06T00:00:00Z",
    });
    const silencer = createSilencer([], [bounded], intervals);
    expect(silencer.silencedBy({ job: "batch" }, at("2026-05-03T23:00:00Z"))).toEqual([]);
    expect(silencer.silencedBy({ job: "batch" }, at("2026-05-04T23:00:00Z"))).toEqual(["recurring/migration-nights"]);
    expect(silencer.silencedBy({ job: "batch" }, at("2026-05-05T12:00:00Z"))).toEqual([]);
    expect(silencer.silencedBy({ job: "batch" }, at("2026-05-06T23:00:00Z"))).toEqual([]);
  });

  it("holds a recurring silence without intervals between its two instants, end exclusive", () => {
    const window = recurring("freeze", {
      matchers: ['team="shop"'],
      startsAt: "2026-11-28T22:00:00+01:00",
      endsAt: "2026-11-29T06:00:00+01:00",
    });
    const silencer = createSilencer([], [window], intervals);
    expect(silencer.silencedBy({ team: "shop" }, at("2026-11-28T20:59:59Z"))).toEqual([]);
    expect(silencer.silencedBy({ team: "shop" }, at("2026-11-28T21:00:00Z"))).toEqual(["recurring/freeze"]);
    expect(silencer.silencedBy({ team: "shop" }, at("2026-11-29T05:00:00Z"))).toEqual([]);
  });

  it("never activates through an unknown time interval, and lists every silence that holds", () => {
    const unknown = recurring("ghost", { matchers: ['job="batch"'], activeTimeIntervals: ["no-such-interval"] });
    const always = silence("s-2", 'job="batch"', "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
    const batch = recurring("nightly-batch", { matchers: ['job=~"ba.*"'], activeTimeIntervals: ["nights"] });
    const silencer = createSilencer([always], [unknown, batch], intervals);
    expect(silencer.silencedBy({ job: "batch" }, at("2026-05-04T23:00:00Z"))).toEqual([
      "s-2",
      "recurring/nightly-batch",
    ]);
    expect(silencer.silencedBy({ job: "batch" }, at("2026-05-04T12:00:00Z"))).toEqual(["s-2"]);
  });
});

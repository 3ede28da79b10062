import { describe, expect, it } from "vitest";
import { findOnCallNow } from "./handoffs.js";
import { scheduleSpec } from "./model.js";

const at = (iso: string) => Date.parse(iso);

describe("findOnCallNow", () => {
  const business = scheduleSpec.parse({
    timeZone: "America/New_York",
    layers: [
      {
        name: "days",
        participants: ["ann", "ben"],
        rotation: "weekly",
        start: "2026-11-02T09:00:00-05:00",
        restrictions: [
          { days: ["monday", "tuesday", "wednesday", "thursday", "friday"], start: "09:00", end: "17:00" },
        ],
      },
    ],
  });

  it("gives the current shift whole, from its start to its end, and the next one", () => {
    const { current, next } = findOnCallNow(business, at("2026-11-04T15:00:00Z"));
    expect(current).toEqual({
      user: "ann",
      start: at("2026-11-04T14:00:00Z"),
      end: at("2026-11-04T22:00:00Z"),
      source: { layer: "days" },
    });
    expect(next).toMatchObject({ user: "ann", start: at("2026-11-05T14:00:00Z") });
  });

  it("gives nobody now and the first shift to come over a weekend", () => {
    const { current, next } = findOnCallNow(business, at("2026-11-07T15:00:00Z"));
    expect(current).toBeNull();
    expect(next).toMatchObject({ user: "ben", start: at("2026-11-09T14:00:00Z"), end: at("2026-11-09T22:00:00Z") });
  });

  it("looks further ahead when the current shift is long, and stops at a layer's end", () => {
    const long = scheduleSpec.parse({
      layers: [
        { name: "quarter", participants: ["ann", "ben"], rotation: "2000h", start: "2026-01-01T00:00:00Z" },
        {
          name: "none",
          participants: ["cal"],
          rotation: "daily",
          start: "2026-01-01T00:00:00Z",
          end: "2026-01-02T00:00:00Z",
        },
      ],
    });
    const { current, next } = findOnCallNow(long, at("2026-02-01T00:00:00Z"));
    expect(current).toMatchObject({ user: "ann", start: at("2026-01-02T00:00:00Z"), end: at("2026-03-25T08:00:00Z") });
    expect(next).toMatchObject({ user: "ben", start: at("2026-03-25T08:00:00Z"), end: at("2026-06-16T16:00:00Z") });
  });
});

import { describe, expect, it } from "vitest";
import type { PageEventView } from "../../src/client/index.js";
import { describeLevel, describePageEvent, notifiedPeople } from "./page-view.js";

const event = (overrides: Partial<PageEventView>): PageEventView => ({
  id: 1,
  at: 0,
  event: "notified",
  userName: null,
  detail: {},
  ...overrides,
});

describe("page views", () => {
  it("lists each person notified once, in order", () => {
    expect(
      notifiedPeople([
        event({ event: "triggered" }),
        event({ userName: "alice" }),
        event({ event: "skipped", userName: "bob" }),
        event({ userName: "carol" }),
        event({ userName: "alice" }),
      ]),
    ).toEqual(["alice", "carol"]);
  });

  it("counts levels from 1 and names repeats", () => {
    expect(describeLevel({ level: -1, round: 0 })).toBe("not notified yet");
    expect(describeLevel({ level: 0, round: 0 })).toBe("level 1");
    expect(describeLevel({ level: 1, round: 2 })).toBe("level 2, repeat 2");
  });

  it("writes an event as a sentence", () => {
    expect(describePageEvent(event({ userName: "alice", detail: { channel: "email", level: 0 } }))).toBe(
      "notified alice (email) · level 1",
    );
    expect(
      describePageEvent(event({ event: "skipped", userName: "bob", detail: { reason: "outside working hours" } })),
    ).toBe("skipped bob: outside working hours");
    expect(describePageEvent(event({ event: "acknowledged", detail: { by: "carol" } }))).toBe("acknowledged by carol");
  });
});

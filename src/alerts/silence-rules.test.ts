import { describe, expect, it } from "vitest";
import type { Matcher } from "./matchers.js";
import type { Silence } from "./model.js";
import { canUpdateSilence, describeSilenceProblem, expiredSilence, type PostedSilence } from "./silence-rules.js";

const NOW = Date.UTC(2026, 7, 20, 10);
const HOUR = 3_600_000;
const job: Matcher = { name: "job", type: "=", value: "batch" };
const posted = (fields: Partial<PostedSilence> = {}): PostedSilence => ({
  matchers: [job],
  startsAt: NOW,
  endsAt: NOW + HOUR,
  createdBy: "ana",
  comment: "restart",
  annotations: {},
  ...fields,
});
const silence = (fields: Partial<Silence> = {}): Silence => ({
  id: "s1",
  ...posted(),
  updatedAt: NOW - HOUR,
  ...fields,
});

describe("describeSilenceProblem", () => {
  it.each([
    [{ matchers: [] }, "silence invalid: at least one matcher required"],
    [
      { matchers: [{ name: "job", type: "=~", value: "(" } as Matcher] },
      /invalid label matcher 0: invalid regular expression/,
    ],
    [{ matchers: [{ name: "1job", type: "=", value: "x" } as Matcher] }, /invalid label name "1job"/],
    [
      {
        matchers: [
          { name: "job", type: "=~", value: ".*" } as Matcher,
          { name: "env", type: "=", value: "" } as Matcher,
        ],
      },
      "silence invalid: at least one matcher must not match the empty string",
    ],
    [{ endsAt: NOW }, "Failed to create silence: start time must be before end time"],
    [{ startsAt: NOW - 2 * HOUR, endsAt: NOW - HOUR }, "Failed to create silence: end time can't be in the past"],
  ] as const)("refuses %j", (fields, message) => {
    expect(describeSilenceProblem(posted(fields as Partial<PostedSilence>), NOW)).toMatch(message);
  });

  it("takes a silence with one matcher that needs a value", () => {
    expect(
      describeSilenceProblem(posted({ matchers: [job, { name: "env", type: "=~", value: ".*" }] }), NOW),
    ).toBeUndefined();
  });
});

describe("canUpdateSilence", () => {
  const active = silence({ startsAt: NOW - HOUR, endsAt: NOW + HOUR });
  it("changes an active silence's end and comment in place, not its start or matchers", () => {
    expect(
      canUpdateSilence(active, posted({ startsAt: NOW - HOUR, endsAt: NOW + 2 * HOUR, comment: "longer" }), NOW),
    ).toBe(true);
    expect(canUpdateSilence(active, posted({ startsAt: NOW, endsAt: NOW + 2 * HOUR }), NOW)).toBe(false);
    expect(canUpdateSilence(active, posted({ startsAt: NOW - HOUR, matchers: [{ ...job, value: "cron" }] }), NOW)).toBe(
      false,
    );
  });

  it("moves a pending silence's start only to the future, and never changes an expired one", () => {
    const pending = silence({ startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR });
    expect(canUpdateSilence(pending, posted({ startsAt: NOW + 30 * 60_000, endsAt: NOW + 2 * HOUR }), NOW)).toBe(true);
    expect(canUpdateSilence(pending, posted({ startsAt: NOW - 1, endsAt: NOW + 2 * HOUR }), NOW)).toBe(false);
    const expired = silence({ startsAt: NOW - 2 * HOUR, endsAt: NOW - HOUR });
    expect(canUpdateSilence(expired, posted({ startsAt: NOW - 2 * HOUR }), NOW)).toBe(false);
  });
});

describe("expiredSilence", () => {
  it("ends an active silence now and makes a pending one start and end now", () => {
    expect(expiredSilence(silence({ startsAt: NOW - HOUR }), NOW)).toMatchObject({
      startsAt: NOW - HOUR,
      endsAt: NOW,
      updatedAt: NOW,
    });
    expect(expiredSilence(silence({ startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR }), NOW)).toMatchObject({
      startsAt: NOW,
      endsAt: NOW,
    });
  });
});

import { describe, expect, it } from "vitest";
import { describeObject, describeVersions, readAuditPage, summarizeVerification } from "./audit-view.js";

describe("audit page wording", () => {
  it("describes versions and objects", () => {
    expect(describeVersions({ versionBefore: null, versionAfter: 1 })).toBe("new → 1");
    expect(describeVersions({ versionBefore: 1, versionAfter: 2 })).toBe("1 → 2");
    expect(describeVersions({ versionBefore: 2, versionAfter: null })).toBe("2 → deleted");
    expect(describeVersions({ versionBefore: null, versionAfter: null })).toBe("");
    expect(describeObject({ kind: "Monitor", name: "shop" })).toBe("Monitor/shop");
    expect(describeObject({ kind: null, name: null })).toBe("");
  });

  it("summarizes a verification either way", () => {
    const hash = "a".repeat(64);
    expect(summarizeVerification({ ok: true, count: 3, head: { seq: 3, hash }, problem: null })).toMatchObject({
      ok: true,
      title: "Chain intact: 3 records",
      detail: expect.stringContaining(`Head 3:${hash}`),
    });
    const broken = summarizeVerification({
      ok: false,
      count: 3,
      head: { seq: 3, hash },
      problem: {
        position: 1,
        seq: 2,
        reason: "edited",
        message: "record 2 (position 2): its content does not match its hash",
      },
    });
    expect(broken).toMatchObject({ ok: false, title: "Chain broken at record 2: edited" });
    expect(broken.detail).toContain("3 records read");
  });

  it("reads the page from the URL", () => {
    expect(readAuditPage(new URLSearchParams("page=3"))).toBe(3);
    expect(readAuditPage(new URLSearchParams("page=-1"))).toBe(1);
    expect(readAuditPage(new URLSearchParams(""))).toBe(1);
  });
});

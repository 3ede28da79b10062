import { describe, expect, it } from "vitest";
import { monitorsHref, readMonitorQuery } from "./monitor-query.js";

describe("the monitor list's URL", () => {
  it("round-trips search, state, type and page", () => {
    const href = monitorsHref({ search: "shop api", state: "down", type: "http", page: 2 });
    expect(href).toBe("/monitors?search=shop+api&state=down&type=http&page=2");
    expect(readMonitorQuery(new URL(href, "http://x").searchParams)).toEqual({
      search: "shop api",
      state: "down",
      type: "http",
      page: 2,
    });
  });
  it("leaves defaults out and ignores nonsense", () => {
    expect(monitorsHref({ search: "", state: "", page: 1 })).toBe("/monitors");
    expect(readMonitorQuery(new URLSearchParams("state=sideways&page=-3"))).toEqual({
      search: "",
      state: "",
      type: "",
      page: 1,
    });
  });
});

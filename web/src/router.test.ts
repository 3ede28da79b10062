import { describe, expect, it } from "vitest";
import { matchPath } from "./router.js";

describe("matchPath", () => {
  it("extracts decoded parameters", () => {
    expect(matchPath("/monitors/:name", "/monitors/shop%20api")).toEqual({ name: "shop api" });
    expect(matchPath("/monitors/:name", "/monitors/shop/")).toEqual({ name: "shop" });
  });
  it("rejects other shapes", () => {
    expect(matchPath("/monitors/:name", "/monitors")).toBeNull();
    expect(matchPath("/monitors", "/slos")).toBeNull();
  });
});

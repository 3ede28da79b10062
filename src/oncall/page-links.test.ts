import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createManualClock } from "../core/clock.js";
import { createKeyring } from "../secrets/keyring.js";
import { createPageLinks, DEFAULT_LINK_LIFETIME_MS } from "./page-links.js";

const START = Date.UTC(2026, 0, 5, 12);

function setup() {
  const clock = createManualClock(START);
  const key = randomBytes(32);
  const keyring = createKeyring([key]);
  return { clock, key, links: createPageLinks({ keys: keyring.derive("page links"), clock }) };
}

describe("page links", () => {
  it("makes links that verify for their page, action and person until they expire after 24 hours", async () => {
    const { clock, links } = setup();
    const made = links.linksFor("https://nines.example/", 42, "alice");
    const url = new URL(made.acknowledge);
    expect(url.pathname).toBe("/p/42/acknowledge");
    expect(url.searchParams.get("u")).toBe("alice");
    const query = { e: Number(url.searchParams.get("e")), u: "alice", s: String(url.searchParams.get("s")) };
    expect(query.e).toBe(START + DEFAULT_LINK_LIFETIME_MS);
    expect(links.verify(42, "acknowledge", query)).toEqual({ user: "alice" });
    await clock.advance(DEFAULT_LINK_LIFETIME_MS - 1);
    expect(links.verify(42, "acknowledge", query)).toEqual({ user: "alice" });
    await clock.advance(1);
    expect(() => links.verify(42, "acknowledge", query)).toThrow(/expired at 2026-01-06T12:00:00.000Z/);
  });

  it("refuses a link whose page, action, person, expiry or signature was changed", () => {
    const { links } = setup();
    const query = links.sign(7, "acknowledge", "alice");
    const refused = /not valid/;
    expect(() => links.verify(8, "acknowledge", query)).toThrow(refused);
    expect(() => links.verify(7, "resolve", query)).toThrow(refused);
    expect(() => links.verify(7, "acknowledge", { ...query, u: "mallory" })).toThrow(refused);
    expect(() => links.verify(7, "acknowledge", { ...query, u: undefined })).toThrow(refused);
    expect(() => links.verify(7, "acknowledge", { ...query, e: query.e + 86_400_000 })).toThrow(refused);
    expect(() =>
      links.verify(7, "acknowledge", { ...query, s: `${query.s.startsWith("A") ? "B" : "A"}${query.s.slice(1)}` }),
    ).toThrow(refused);
    expect(() => links.verify(7, "acknowledge", { ...query, s: "" })).toThrow(refused);
    const anonymous = links.sign(7, "resolve");
    expect(links.verify(7, "resolve", anonymous)).toEqual({ user: undefined });
  });

  it("refuses links of another server's key, and keeps accepting the previous key's links after a rotation", () => {
    const { clock, key, links } = setup();
    const query = links.sign(1, "resolve", "bob");
    const other = createPageLinks({ keys: createKeyring([randomBytes(32)]).derive("page links"), clock });
    expect(() => other.verify(1, "resolve", query)).toThrow(/not valid/);
    const rotated = createPageLinks({ keys: createKeyring([randomBytes(32), key]).derive("page links"), clock });
    expect(rotated.verify(1, "resolve", query)).toEqual({ user: "bob" });
    // The derived key is not the sealing key itself.
    const raw = createPageLinks({ keys: [key], clock });
    expect(() => raw.verify(1, "resolve", query)).toThrow(/not valid/);
  });
});

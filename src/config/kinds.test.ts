import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createKindRegistry, type KindDefinition } from "./kinds.js";

const kind = (name: string, aliases: string[] = []): KindDefinition => ({
  apiVersion: "nines/v1",
  kind: name,
  plural: `${name.toLowerCase()}s`,
  aliases,
  summary: name,
  schema: z.unknown(),
  example: "",
});

describe("createKindRegistry", () => {
  const kinds = createKindRegistry([kind("Monitor", ["mon"]), kind("Team")]);

  it("finds a kind by name, plural or alias in any case, and by its exact name", () => {
    expect(["Monitor", "monitor", "monitors", "mon"].map((name) => kinds.find(name)?.kind)).toEqual(
      Array(4).fill("Monitor"),
    );
    expect(kinds.get("monitor")).toBeUndefined();
    expect(kinds.get("Team")?.kind).toBe("Team");
  });

  it("keeps the order it was given, unknown kinds last", () => {
    expect(kinds.names()).toEqual(["Monitor", "Team"]);
    expect(["Team", "Monitor", "Other"].map(kinds.rank)).toEqual([1, 0, 2]);
    expect(kinds.apiVersions()).toEqual(["nines/v1"]);
  });

  it("refuses two definitions of one kind", () => {
    expect(() => createKindRegistry([kind("Monitor"), kind("Monitor")])).toThrow(/same kind/);
  });
});

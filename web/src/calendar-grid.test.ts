import { describe, expect, it } from "vitest";
import type { ShiftView } from "../../src/client/index.js";
import { assignColors, buildWeekGrid, startOfWeek } from "./calendar-grid.js";

const at = (day: number, hour = 0) => new Date(2026, 2, day, hour).getTime();
const shift = (user: string, start: number, end: number, override = false): ShiftView => ({
  user,
  start,
  end,
  source: override ? { override: 0 } : { layer: "weekly" },
});

describe("the on-call calendar grid", () => {
  it("starts weeks on Monday", () => {
    // March 4, 2026 is a Wednesday; March 2 the Monday before it.
    expect(startOfWeek(at(4, 15))).toBe(at(2));
    expect(startOfWeek(at(2))).toBe(at(2));
    expect(startOfWeek(at(8, 23))).toBe(at(2));
  });

  it("cuts shifts at day boundaries, as fractions of each day", () => {
    const grid = buildWeekGrid(
      [
        shift("alice", at(2, 9), at(3, 9)),
        shift("bob", at(3, 9), at(10, 9)),
        shift("carol", at(4, 12), at(4, 18), true),
      ],
      at(2),
      2,
    );
    expect(grid).toHaveLength(2);
    expect(grid[0]).toHaveLength(7);
    const monday = grid[0]![0]!;
    expect(monday.segments).toEqual([
      { user: "alice", from: 9 / 24, to: 1, start: at(2, 9), end: at(3, 9), override: false },
    ]);
    const tuesday = grid[0]![1]!.segments.map((segment) => [segment.user, segment.from, segment.to]);
    expect(tuesday).toEqual([
      ["alice", 0, 9 / 24],
      ["bob", 9 / 24, 1],
    ]);
    const wednesday = grid[0]![2]!.segments;
    expect(wednesday.map((segment) => segment.user)).toEqual(["bob", "carol"]);
    expect(wednesday[1]).toMatchObject({ from: 0.5, to: 0.75, override: true });
    // The second week's Tuesday ends bob's shift at 09:00, and nobody is on call after it.
    expect(grid[1]![1]!.segments.map((segment) => [segment.user, segment.to])).toEqual([["bob", 9 / 24]]);
    expect(grid[1]![2]!.segments).toEqual([]);
  });

  it("gives each person a colour by name, whatever order shifts come in", () => {
    const colors = assignColors(["bob", "alice", "bob", "carol"], 2);
    expect([...colors]).toEqual([
      ["alice", 0],
      ["bob", 1],
      ["carol", 0],
    ]);
  });
});

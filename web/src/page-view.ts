import type { MantineColor } from "@mantine/core";
import type { PageDetailView, PageEventView, PageStateView } from "../../src/client/index.js";
import { type Icon, IconPending, IconSiren, IconUp } from "./components/icons.js";

/** How a page's state looks everywhere: colour, word and icon together. */
export const PAGE_STATE_STYLE: Record<PageStateView, { color: MantineColor; label: string; icon: Icon }> = {
  triggered: { color: "red", label: "Triggered", icon: IconSiren },
  acknowledged: { color: "yellow", label: "Acknowledged", icon: IconPending },
  resolved: { color: "green", label: "Resolved", icon: IconUp },
};

/** The people a page reached, in the order they were first notified. */
export function notifiedPeople(events: readonly PageEventView[]): string[] {
  const people: string[] = [];
  for (const event of events)
    if (event.event === "notified" && event.userName && !people.includes(event.userName)) people.push(event.userName);
  return people;
}

/** "level 2, round 1": the level notified last, counted from 1 as people say it; "not notified yet" before. */
export function describeLevel(page: Pick<PageDetailView, "level" | "round">): string {
  if (page.level < 0) return "not notified yet";
  return `level ${page.level + 1}${page.round > 0 ? `, repeat ${page.round}` : ""}`;
}

/** One timeline line: "notified alice (email)", "skipped bob: outside working hours", "acknowledged by carol". */
export function describePageEvent(event: PageEventView): string {
  const detail = event.detail;
  const text = (key: string) => (typeof detail[key] === "string" ? (detail[key] as string) : undefined);
  const who = event.userName ?? text("by") ?? "";
  const channel = text("channel");
  const reason = text("reason");
  const parts = [
    event.event,
    who && (event.event === "acknowledged" || event.event === "resolved" ? `by ${who}` : who),
  ];
  let line = parts.filter(Boolean).join(" ");
  if (channel) line += ` (${channel})`;
  if (typeof detail.level === "number") line += ` · level ${detail.level + 1}`;
  if (reason) line += `: ${reason}`;
  return line;
}

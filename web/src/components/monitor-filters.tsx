import { Button, CloseButton, Group, Select, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useEffect, useState } from "react";
import type { MonitorState } from "../api.js";
import type { MonitorQuery } from "../monitor-query.js";
import { TYPE_LABELS } from "../monitor-types.js";
import { STATUS } from "../status.js";
import { IconSearch } from "./icons.js";

/** Worst first, as the list sorts. */
const STATE_ORDER: MonitorState[] = ["down", "degraded", "pending", "up", "maintenance", "paused"];
const SEARCH_DELAY_MS = 250;

/**
 * Search, state and type: each change becomes the URL, which the page reads, so the server does
 * the filtering and a filtered view can be bookmarked. The state buttons double as the summary.
 * (Plain buttons rather than a SegmentedControl: its indicator measures the layout on every
 * render, which cost a full layout of the table each time the counts refreshed.)
 */
export function MonitorFilters({
  query,
  counts,
  onChange,
}: {
  query: MonitorQuery;
  counts: Partial<Record<string, number>> | undefined;
  onChange: (change: Partial<MonitorQuery>, options?: { replace?: boolean }) => void;
}) {
  const [text, setText] = useState(query.search);
  // Back and forward change the URL under the box; follow it.
  useEffect(() => setText(query.search), [query.search]);
  const commitSearch = useDebouncedCallback(
    (search: string) => onChange({ search, page: 1 }, { replace: true }),
    SEARCH_DELAY_MS,
  );
  const total = counts ? Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0) : undefined;

  return (
    <Group gap="sm" wrap="wrap" align="center" data-testid="monitor-filters">
      <TextInput
        size="xs"
        w={260}
        placeholder="Search name or target"
        aria-label="Search monitors"
        leftSection={<IconSearch size={14} />}
        value={text}
        data-testid="monitor-search"
        onChange={(event) => {
          setText(event.currentTarget.value);
          commitSearch(event.currentTarget.value.trim());
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape" && text) {
            setText("");
            commitSearch("");
          }
        }}
        rightSection={
          text ? (
            <CloseButton
              size="xs"
              aria-label="Clear search"
              onClick={() => {
                setText("");
                commitSearch("");
              }}
            />
          ) : null
        }
      />
      <Button.Group aria-label="Filter by state" data-testid="state-filter">
        {[undefined, ...STATE_ORDER].map((state) => {
          const active = (query.state || undefined) === state;
          return (
            <Button
              key={state ?? "all"}
              size="xs"
              variant={active ? "light" : "default"}
              color={active ? "indigo" : "gray"}
              aria-pressed={active}
              px={10}
              onClick={() => onChange({ state: state ?? "", page: 1 })}
            >
              <StateLabel
                state={state}
                label={state ? STATUS[state].label : "All"}
                count={state ? counts?.[state] : total}
              />
            </Button>
          );
        })}
      </Button.Group>
      <Select
        size="xs"
        w={140}
        aria-label="Filter by type"
        placeholder="All types"
        data-testid="type-filter"
        clearable
        allowDeselect
        value={query.type || null}
        onChange={(value) => onChange({ type: value ?? "", page: 1 })}
        data={TYPE_LABELS.map((type) => ({ value: type.value, label: type.label }))}
        comboboxProps={{ withinPortal: true }}
      />
    </Group>
  );
}

function StateLabel({ state, label, count }: { state?: MonitorState; label: string; count: number | undefined }) {
  const style = state ? STATUS[state] : undefined;
  const lit = style && count !== undefined && count > 0 && state !== "up";
  return (
    <Group gap={5} wrap="nowrap" data-testid={`state-filter-${state ?? "all"}`}>
      {style && (
        <style.icon
          size={12}
          strokeWidth={2.5}
          color={lit ? `var(--mantine-color-${style.color}-text)` : "var(--mantine-color-dimmed)"}
        />
      )}
      <span>{label}</span>
      <Text
        span
        size="xs"
        fw={lit ? 700 : 500}
        c={lit ? `var(--mantine-color-${style.color}-text)` : "dimmed"}
        style={{ fontVariantNumeric: "tabular-nums" }}
        data-testid={state ? `summary-${state}` : "summary-total"}
      >
        {count === undefined ? "" : count.toLocaleString()}
      </Text>
    </Group>
  );
}

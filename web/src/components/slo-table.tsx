import { ActionIcon, Anchor, Badge, Group, Skeleton, Table, Text } from "@mantine/core";
import { type ComponentProps, Fragment, useCallback, useState } from "react";
import type { ObjectiveView, SloView } from "../api.js";
import { client, usePolling } from "../api.js";
import { linkTo } from "../router.js";
import {
  findFastestBurn,
  formatBurnRate,
  formatGroup,
  formatSli,
  formatTarget,
  NO_DATA,
  pickHeadlineObjective,
  severityColor,
} from "../slo-view.js";
import { BudgetBar } from "./budget-bar.js";
import { IconChevronRight } from "./icons.js";
import { SloStatusBadge } from "./slo-status-badge.js";
import { TimeAgo } from "./time-ago.js";

const COLUMNS = 8;
const GROUPS_REFRESH_MS = 15_000;

/**
 * One row per SLO in the server's order (most at risk first), showing its objective most at risk.
 * A grouped SLO's row opens onto its groups, read from the SLO's detail when opened.
 */
export function SloTable({ slos }: { slos: SloView[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  return (
    <Table.ScrollContainer minWidth={1040} type="native">
      <Table
        verticalSpacing={6}
        horizontalSpacing="xs"
        fz="sm"
        withTableBorder
        aria-label="SLOs"
        data-testid="slo-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Th w={132}>Status</Th>
            <Th>Name</Th>
            <Th w="11%">Service</Th>
            <Th w={72} ta="right">
              Target
            </Th>
            <Th w={96} ta="right">
              SLI
            </Th>
            <Th w={176}>Budget left</Th>
            <Th w={120}>Fastest burn</Th>
            <Th w={104} ta="right">
              Last data
            </Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {slos.map((slo) => (
            <Fragment key={slo.name}>
              <SloRow slo={slo} open={open.has(slo.name)} onToggle={() => toggle(slo.name)} />
              {open.has(slo.name) && <GroupRows name={slo.name} />}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Th(props: ComponentProps<typeof Table.Th>) {
  return <Table.Th fz="xs" fw={600} c="dimmed" style={{ whiteSpace: "nowrap" }} {...props} />;
}

function SloRow({ slo, open, onToggle }: { slo: SloView; open: boolean; onToggle: () => void }) {
  const objective = pickHeadlineObjective(slo);
  const grouped = slo.groupCount > 1;
  return (
    <Table.Tr data-testid={`slo-row-${slo.name}`} data-status={slo.status}>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <SloStatusBadge status={slo.status} testId={`slo-status-${slo.name}`} />
          {slo.stale && (
            <Badge
              size="xs"
              variant="default"
              radius="sm"
              title="The source has not answered recently; the numbers are from before."
              styles={{ root: { textTransform: "none", flexShrink: 0 }, label: { overflow: "visible" } }}
            >
              stale
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap" align="flex-start">
          {grouped && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={onToggle}
              aria-expanded={open}
              aria-label={`${open ? "Hide" : "Show"} the ${slo.groupCount} groups of ${slo.name}`}
              data-testid={`slo-expand-${slo.name}`}
            >
              <IconChevronRight
                size={14}
                style={{ transform: open ? "rotate(90deg)" : undefined, transition: "transform 120ms" }}
              />
            </ActionIcon>
          )}
          <div style={{ minWidth: 0 }}>
            <Anchor {...linkTo(`/slos/${encodeURIComponent(slo.name)}`)} size="sm" fw={500}>
              {slo.displayName ?? slo.name}
            </Anchor>
            <Text size="xs" c="dimmed" ff="monospace">
              {slo.name}
              {grouped ? ` · ${slo.groupCount} groups by ${slo.groupBy.join(", ")}` : ""}
            </Text>
            {slo.status === "error" && slo.error && (
              <Text size="xs" c="var(--mantine-color-red-text)" lineClamp={2} title={slo.error} data-testid="slo-error">
                {slo.error}
              </Text>
            )}
          </div>
        </Group>
      </Table.Td>
      <Table.Td>{slo.service}</Table.Td>
      <ObjectiveCells objective={objective} />
      <Table.Td ta="right" c="dimmed" fz="xs" style={{ whiteSpace: "nowrap" }}>
        <TimeAgo at={slo.lastDataAt} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Target, SLI, budget and fastest burn of one objective: four cells. */
function ObjectiveCells({ objective }: { objective: ObjectiveView | undefined }) {
  if (!objective)
    return (
      <Table.Td colSpan={4} c="dimmed">
        {NO_DATA}
      </Table.Td>
    );
  return (
    <>
      <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
        {formatTarget(objective.target)}
      </Table.Td>
      <Table.Td
        ta="right"
        c={objective.sli.window === null ? "dimmed" : undefined}
        style={{ fontVariantNumeric: "tabular-nums" }}
      >
        {formatSli(objective.sli.window, objective.target)}
      </Table.Td>
      <Table.Td>
        <BudgetBar objective={objective} />
      </Table.Td>
      <Table.Td>
        <BurnBadge objective={objective} />
      </Table.Td>
    </>
  );
}

/** "14.2x 1h": the window burning fastest, in the colour of the alert it holds up (if any). */
function BurnBadge({ objective }: { objective: ObjectiveView }) {
  const fastest = findFastestBurn(objective.burnRates);
  if (!fastest)
    return (
      <Text span size="xs" c="dimmed">
        {NO_DATA}
      </Text>
    );
  const color =
    objective.status === "burning"
      ? severityColor("page")
      : objective.status === "warning"
        ? severityColor("ticket")
        : "gray";
  return (
    <Badge
      size="sm"
      radius="sm"
      variant={color === "gray" ? "default" : "light"}
      color={color}
      data-testid="burn-badge"
      title={`Fastest burn: ${formatBurnRate(fastest.rate)} the allowed rate over the last ${fastest.window}`}
      styles={{ root: { textTransform: "none", fontVariantNumeric: "tabular-nums" } }}
    >
      {formatBurnRate(fastest.rate)} {fastest.window}
    </Badge>
  );
}

/** The groups of a grouped SLO, most at risk first, fetched while the row is open. */
function GroupRows({ name }: { name: string }) {
  const fetchDetail = useCallback(() => client.getSlo(name), [name]);
  const { data, error } = usePolling(fetchDetail, GROUPS_REFRESH_MS);
  if (!data)
    return (
      <Table.Tr>
        <Table.Td colSpan={COLUMNS}>
          {error ? (
            <Text size="xs" c="red">
              Could not load the groups: {error.detail || error.title}
            </Text>
          ) : (
            <Skeleton height={20} aria-label="Loading groups" />
          )}
        </Table.Td>
      </Table.Tr>
    );
  return (
    <>
      {data.groups.map((group) => {
        const label = formatGroup(group.labels);
        return (
          <Table.Tr
            key={label}
            data-testid="slo-group-row"
            data-status={group.status}
            bg="var(--mantine-color-default-hover)"
          >
            <Table.Td pl="lg">
              <SloStatusBadge status={group.status} size="sm" />
            </Table.Td>
            <Table.Td colSpan={2} pl={38}>
              <Text size="xs" ff="monospace">
                {label}
              </Text>
            </Table.Td>
            <ObjectiveCells objective={pickHeadlineObjective({ objectives: group.objectives, composite: null })} />
            <Table.Td />
          </Table.Tr>
        );
      })}
    </>
  );
}

import "../styles/mantine-pages.css";
import { Alert, Anchor, Breadcrumbs, Group, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { type ReactNode, useCallback, useState } from "react";
import type { SloDetailView } from "../api.js";
import { client, usePolling } from "../api.js";
import { IconAlert } from "../components/icons.js";
import { ObjectYaml } from "../components/object-yaml.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { SloAlerts } from "../components/slo-alerts.js";
import { SloGroups } from "../components/slo-groups.js";
import { SloHistory } from "../components/slo-history.js";
import { SloObjective } from "../components/slo-objective.js";
import { SloStatusBadge } from "../components/slo-status-badge.js";
import { SloTiers } from "../components/slo-tiers.js";
import { TimeAgo } from "../components/time-ago.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { linkTo } from "../router.js";
import { formatGroup } from "../slo-view.js";
import { useNow } from "../use-now.js";

const REFRESH_MS = 15_000;

/** One SLO: its status, each objective's budget and burn rates, the charts over its window, alerts, YAML. */
export function SloPage({ name }: { name: string }) {
  const fetchSlo = useCallback(() => client.getSlo(name), [name]);
  const { data: slo, error, updatedAt } = usePolling(fetchSlo, REFRESH_MS);
  const now = useNow(10_000);

  return (
    <Stack gap="md" maw={1600}>
      <Breadcrumbs separatorMargin={6} fz="sm" aria-label="Breadcrumb">
        <Anchor {...linkTo("/slos")} size="sm">
          SLOs
        </Anchor>
        <Text size="sm" ff="monospace" aria-current="page">
          {name}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" align="center" wrap="nowrap">
          {slo && <SloStatusBadge status={slo.status} size="lg" testId="slo-detail-status" />}
          <div>
            <Title order={1} size="h3">
              {slo?.displayName ?? name}
            </Title>
            {slo?.displayName && (
              <Text size="xs" c="dimmed" ff="monospace">
                {name}
              </Text>
            )}
          </div>
        </Group>
        <UpdatedAgo updatedAt={updatedAt} failing={error !== undefined} />
      </Group>

      {error && (
        <ProblemAlert
          problem={error}
          retrying={
            error.status === 404
              ? undefined
              : `Retrying every ${REFRESH_MS / 1000} s${slo ? "; the page shows the last good answer." : "."}`
          }
        />
      )}
      {slo ? <SloBody slo={slo} now={now} /> : !error && <Skeleton height={320} radius="sm" />}
    </Stack>
  );
}

function SloBody({ slo, now }: { slo: SloDetailView; now: number }) {
  const grouped = slo.groupBy.length > 0 && slo.groups.length > 0;
  const [picked, setPicked] = useState<string | undefined>();
  // The group at most risk until someone picks one; a picked group that went away falls back to it.
  const group = grouped ? (slo.groups.find((each) => formatGroup(each.labels) === picked) ?? slo.groups[0]) : undefined;
  const objectives = group?.objectives ?? slo.objectives;

  return (
    <>
      <Facts slo={slo} />
      {slo.status === "error" && slo.error && (
        <Alert color="red" variant="light" py={8} icon={<IconAlert size={16} />} data-testid="slo-error">
          <Text size="sm">
            <Text span fw={600} size="sm">
              Can't evaluate this SLO:{" "}
            </Text>
            {slo.error}
          </Text>
        </Alert>
      )}
      {slo.stale && slo.status !== "error" && (
        <Alert color="yellow" variant="light" py={8} icon={<IconAlert size={16} />}>
          <Text size="sm">
            The source has not answered recently: these numbers are as of its last data, <TimeAgo at={slo.lastDataAt} />
            .
          </Text>
        </Alert>
      )}
      {grouped && group && <SloGroups groups={slo.groups} selected={formatGroup(group.labels)} onSelect={setPicked} />}
      {slo.composite && !group && (
        <SloObjective
          objective={slo.composite}
          window={slo.window}
          tiers={slo.alertTiers}
          now={now}
          title="Composite"
        />
      )}
      {objectives.map((objective) => (
        <Stack key={objective.index} gap="sm">
          <SloObjective
            objective={objective}
            window={slo.window}
            tiers={slo.alertTiers}
            now={now}
            title={group ? `${objective.name} · ${formatGroup(group.labels)}` : undefined}
          />
          <SloHistory name={slo.name} objective={objective} group={group?.labels} window={slo.window} now={now} />
        </Stack>
      ))}
      <Tabs defaultValue="alerts" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="alerts">Alerts{slo.activeAlerts ? ` (${slo.activeAlerts} firing)` : ""}</Tabs.Tab>
          <Tabs.Tab value="tiers">Alert tiers</Tabs.Tab>
          <Tabs.Tab value="yaml">YAML</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="alerts" pt="sm">
          <SloAlerts alerts={slo.alerts} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="tiers" pt="sm">
          <SloTiers tiers={slo.alertTiers} />
        </Tabs.Panel>
        <Tabs.Panel value="yaml" pt="sm">
          <ObjectYaml kind="SLO" name={slo.name} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** Service, window, budgeting and source in one line, as the YAML declares them. */
function Facts({ slo }: { slo: SloDetailView }) {
  const { window } = slo;
  const kind = window.kind === "rolling" ? "rolling" : `calendar${window.timeZone ? `, ${window.timeZone}` : ""}`;
  const facts: Array<[string, ReactNode]> = [
    ["Service", slo.service],
    ["Window", `${window.duration} ${kind}`],
    ["Budgeting", slo.budgetingMethod],
    ["Source", slo.source],
    ["Last data", <TimeAgo key="last" at={slo.lastDataAt} />],
  ];
  if (slo.groupBy.length) facts.push(["Grouped by", `${slo.groupBy.join(", ")} (${slo.groupCount})`]);
  return (
    <Stack gap={4}>
      {slo.description && (
        <Text size="sm" c="dimmed">
          {slo.description}
        </Text>
      )}
      <Group gap="lg" wrap="wrap" data-testid="slo-facts">
        {facts.map(([label, value]) => (
          <Text key={label} size="sm">
            <Text span size="xs" c="dimmed">
              {label}{" "}
            </Text>
            {value}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}

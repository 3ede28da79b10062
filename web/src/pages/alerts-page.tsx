import "../styles/mantine-pages.css";
import { Button, Group, SegmentedControl, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useState } from "react";
import { alertCondition, formatMatchers, matchersFromLabels, withUngrouped } from "../alert-view.js";
import {
  type AlertGroupView,
  client,
  type GettableAlert,
  type GettableSilence,
  type Polled,
  type Problem,
  refreshAfterWrite,
  usePolling,
} from "../api.js";
import { AlertGroupCard } from "../components/alert-group-card.js";
import { AlertHistoryDrawer } from "../components/alert-history-drawer.js";
import { IconBell, IconPlus } from "../components/icons.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { type SilenceDraft, SilenceForm } from "../components/silence-form.js";
import { SilenceTable } from "../components/silence-table.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { navigate } from "../router.js";
import { useNow } from "../use-now.js";
import { useWrite } from "../use-write.js";

const REFRESH_MS = 5_000;

export type AlertsTab = "alerts" | "silences";

type Shown = "all" | "firing" | "suppressed";

/**
 * Alerts as the dispatcher groups them (Alertmanager's API v2), with a Silence action per group
 * and each alert's history; and the silences. `silenceFilter` (from /alerts/silences/new?filter=,
 * where notifications link) opens the silence form prefilled.
 */
export function AlertsPage({
  tab,
  group,
  silenceFilter,
}: {
  tab: AlertsTab;
  group?: string | undefined;
  silenceFilter?: string | undefined;
}) {
  const [draft, setDraft] = useState<SilenceDraft | undefined>(
    silenceFilter === undefined ? undefined : { filter: silenceFilter },
  );
  const silences = usePolling(client.listSilences, REFRESH_MS);
  const groups = usePolling(readGroups, REFRESH_MS);

  function closeForm() {
    setDraft(undefined);
    if (silenceFilter !== undefined) navigate("/alerts/silences", { replace: true });
  }

  return (
    <Stack gap="sm" maw={1600}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Title order={1} size="h3">
          Alerts
        </Title>
        <UpdatedAgo
          updatedAt={tab === "alerts" ? groups.updatedAt : silences.updatedAt}
          failing={(tab === "alerts" ? groups.error : silences.error) !== undefined}
        />
      </Group>
      <Tabs value={tab} onChange={(value) => navigate(value === "silences" ? "/alerts/silences" : "/alerts")}>
        <Tabs.List>
          <Tabs.Tab value="alerts">Alerts</Tabs.Tab>
          <Tabs.Tab value="silences">
            Silences
            {silences.data && ` (${silences.data.filter((silence) => silence.status.state !== "expired").length})`}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="alerts" pt="sm">
          {tab === "alerts" && (
            <AlertGroups
              groups={groups.data}
              error={groups.error}
              highlight={group}
              onSilence={(picked) => setDraft({ filter: formatMatchers(matchersFromLabels(silenceLabels(picked))) })}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="silences" pt="sm">
          {tab === "silences" && <Silences polled={silences} onNew={() => setDraft({ filter: "" })} />}
        </Tabs.Panel>
      </Tabs>
      <SilenceForm
        draft={draft}
        onClose={closeForm}
        onCreated={() => {
          closeForm();
          refreshAfterWrite(silences.refresh);
          refreshAfterWrite(groups.refresh);
        }}
      />
    </Stack>
  );
}

async function readGroups(): Promise<AlertGroupView[]> {
  const [groups, alerts] = await Promise.all([client.listAlertGroups(), client.listAlerts()]);
  return withUngrouped(groups, alerts);
}

/** The group's own labels, or for the catch-all group (no groupBy) the labels all its alerts share. */
function silenceLabels(group: AlertGroupView): Record<string, string> {
  if (Object.keys(group.labels).length > 0) return group.labels;
  const [first, ...rest] = group.alerts;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first.labels).filter(([name, value]) => rest.every((alert) => alert.labels[name] === value)),
  );
}

/** Alertmanager's group key ends in the group's labels: `{}/{severity="page"}:{service="cart"}`. */
function isGroup(key: string | undefined, group: AlertGroupView): boolean {
  if (!key) return false;
  const labels = Object.entries(group.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(",");
  return key.replaceAll(" ", "").endsWith(`:{${labels}}`);
}

function AlertGroups({
  groups,
  error,
  highlight,
  onSilence,
}: {
  groups: AlertGroupView[] | undefined;
  error: Problem | undefined;
  highlight: string | undefined;
  onSilence: (group: AlertGroupView) => void;
}) {
  const now = useNow(5_000);
  const [shown, setShown] = useState<Shown>("all");
  const [history, setHistory] = useState<GettableAlert | undefined>();
  const visible = (groups ?? [])
    .map((group) => ({
      ...group,
      alerts: group.alerts.filter((alert) => shown === "all" || alertCondition(alert, now) === shown),
    }))
    .filter((group) => group.alerts.length > 0);
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <SegmentedControl
          size="xs"
          value={shown}
          onChange={(value) => setShown(value as Shown)}
          data={[
            { value: "all", label: "All" },
            { value: "firing", label: "Firing" },
            { value: "suppressed", label: "Suppressed" },
          ]}
          aria-label="Which alerts"
        />
        {groups && (
          <Text size="sm" c="dimmed" data-testid="alerts-summary">
            {groups.length} group{groups.length === 1 ? "" : "s"} ·{" "}
            {groups.reduce((sum, group) => sum + group.alerts.length, 0)} alerts
          </Text>
        )}
      </Group>
      {error && <ProblemAlert problem={error} retrying={`Retrying every ${REFRESH_MS / 1000} s.`} />}
      {!groups && !error && <Skeleton height={120} radius="sm" />}
      {groups && visible.length === 0 && (
        <Stack align="center" gap={4} py="xl" data-testid="alerts-empty">
          <IconBell size={28} />
          <Text fw={600}>{groups.length === 0 ? "No alerts" : "No alerts of this kind"}</Text>
          <Text size="sm" c="dimmed" maw={520} ta="center">
            Alerts arrive from Prometheus (point its alerting config at this server's /api/v2/alerts), from SLO burn
            rates and from monitors going down.
          </Text>
        </Stack>
      )}
      {visible.map((group) => (
        <AlertGroupCard
          key={`${group.receiver.name}:${JSON.stringify(group.labels)}`}
          group={group}
          now={now}
          highlighted={isGroup(highlight, group)}
          onSilence={onSilence}
          onHistory={setHistory}
        />
      ))}
      <AlertHistoryDrawer alert={history} onClose={() => setHistory(undefined)} />
    </Stack>
  );
}

function Silences({ polled, onNew }: { polled: Polled<GettableSilence[]>; onNew: () => void }) {
  const now = useNow(5_000);
  const { run, pending, failure, dismiss } = useWrite();
  return (
    <Stack gap="sm">
      <Group>
        <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={onNew}>
          New silence
        </Button>
      </Group>
      {failure && <ProblemAlert problem={failure.problem} title={failure.what} onClose={dismiss} />}
      {polled.error && <ProblemAlert problem={polled.error} retrying={`Retrying every ${REFRESH_MS / 1000} s.`} />}
      {!polled.data && !polled.error && <Skeleton height={120} radius="sm" />}
      {polled.data && (
        <SilenceTable
          silences={polled.data}
          now={now}
          expiring={pending}
          onExpire={async (silence) => {
            if (await run(silence.id, "Could not expire the silence", (client) => client.expireSilence(silence.id)))
              refreshAfterWrite(polled.refresh);
          }}
        />
      )}
    </Stack>
  );
}

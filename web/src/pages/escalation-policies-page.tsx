import "../styles/mantine-pages.css";
import { Anchor, Badge, Breadcrumbs, Group, Paper, Skeleton, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { client, type Document, type EscalationPolicySpec, usePolling } from "../api.js";
import { IconStairs } from "../components/icons.js";
import { ObjectYaml } from "../components/object-yaml.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { linkTo } from "../router.js";

const REFRESH_MS = 60_000;

type Target = EscalationPolicySpec["levels"][number]["targets"][number];

/** Escalation policies: the list, and one policy's levels, timeouts, targets, repeat and YAML. */
export function EscalationPoliciesPage({ name }: { name?: string | undefined }) {
  const fetchPolicies = useCallback(() => client.listObjects("EscalationPolicy"), []);
  const { data, error } = usePolling(fetchPolicies, REFRESH_MS);
  const policies = data?.items ?? [];
  const selected = name ? policies.find((policy) => policy.metadata.name === name) : undefined;
  return (
    <Stack gap="sm" maw={1400}>
      {name ? (
        <Breadcrumbs separatorMargin={6} fz="sm" aria-label="Breadcrumb">
          <Anchor {...linkTo("/escalation-policies")} size="sm">
            Escalation policies
          </Anchor>
          <Text size="sm" ff="monospace" aria-current="page">
            {name}
          </Text>
        </Breadcrumbs>
      ) : (
        <Title order={1} size="h3">
          Escalation policies
        </Title>
      )}
      {error && <ProblemAlert problem={error} />}
      {!data && !error && <Skeleton height={160} radius="sm" />}
      {data && !name && <PolicyList policies={policies} />}
      {data && name && !selected && (
        <ProblemAlert
          problem={{
            type: "about:blank",
            title: "Not found",
            status: 404,
            detail: `no EscalationPolicy named "${name}"`,
          }}
        />
      )}
      {selected && <PolicyDetail policy={selected} />}
    </Stack>
  );
}

const specOf = (document: Document) => document.spec as unknown as EscalationPolicySpec;

function PolicyList({ policies }: { policies: Document[] }) {
  if (policies.length === 0)
    return (
      <Group gap="xs" c="dimmed" py="md" data-testid="policies-empty">
        <IconStairs size={18} />
        <Text size="sm">No escalation policies yet. Declare one as code (kind EscalationPolicy) and apply it.</Text>
      </Group>
    );
  return (
    <Table withTableBorder verticalSpacing={4} horizontalSpacing="sm" fz="sm" data-testid="policies">
      <Table.Thead>
        <Table.Tr>
          {["Policy", "Levels", "First level", "Repeat", "Description"].map((heading) => (
            <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
              {heading}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {policies.map((policy) => {
          const spec = specOf(policy);
          return (
            <Table.Tr key={policy.metadata.name} data-testid={`policy-row-${policy.metadata.name}`}>
              <Table.Td>
                <Anchor size="sm" {...linkTo(`/escalation-policies/${encodeURIComponent(policy.metadata.name)}`)}>
                  {policy.metadata.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{spec.levels.length}</Table.Td>
              <Table.Td>{spec.levels[0] ? spec.levels[0].targets.map(describeTarget).join(", ") : "—"}</Table.Td>
              <Table.Td>{spec.repeat > 0 ? `${spec.repeat}×` : "no"}</Table.Td>
              <Table.Td c="dimmed">{spec.description ?? ""}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function describeTarget(target: Target): string {
  if ("user" in target) return target.user;
  if ("schedule" in target) return `on call in ${target.schedule}`;
  return `receiver ${target.receiver}`;
}

function TargetLink({ target }: { target: Target }) {
  if ("schedule" in target)
    return (
      <Anchor size="sm" {...linkTo(`/oncall?schedule=${encodeURIComponent(target.schedule)}`)}>
        whoever is on call in {target.schedule}
      </Anchor>
    );
  return (
    <Text span size="sm">
      {describeTarget(target)}
    </Text>
  );
}

function PolicyDetail({ policy }: { policy: Document }) {
  const spec = specOf(policy);
  return (
    <Stack gap="sm">
      <Group gap="sm" align="baseline">
        <Title order={1} size="h3">
          {policy.metadata.name}
        </Title>
        {spec.description && (
          <Text size="sm" c="dimmed">
            {spec.description}
          </Text>
        )}
      </Group>
      <Tabs defaultValue="levels" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="levels">Levels</Tabs.Tab>
          <Tabs.Tab value="yaml">YAML</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="levels" pt="sm">
          <Stack gap="xs" data-testid="policy-levels">
            {spec.levels.map((level, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: levels are positional, as in the YAML
              <Paper key={index} withBorder radius="sm" p="xs" data-testid="policy-level">
                <Group justify="space-between" wrap="wrap">
                  <Group gap="xs">
                    <Badge size="sm" radius="sm" variant="default" styles={{ root: { textTransform: "none" } }}>
                      Level {index + 1}
                    </Badge>
                    {level.targets.map((target) => (
                      <TargetLink key={describeTarget(target)} target={target} />
                    ))}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {index < spec.levels.length - 1 ? `next level after ${level.timeout}` : `waits ${level.timeout}`}
                    {level.onlyWorkingHours ? " · only people in their working hours" : ""}
                  </Text>
                </Group>
              </Paper>
            ))}
            <Text size="sm" c="dimmed">
              {spec.repeat > 0
                ? `Unacknowledged after the last level, the levels run again, ${spec.repeat} more time${spec.repeat === 1 ? "" : "s"}.`
                : "Unacknowledged after the last level, the page stays open without paging again."}
            </Text>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="yaml" pt="sm">
          <ObjectYaml kind="EscalationPolicy" name={policy.metadata.name} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

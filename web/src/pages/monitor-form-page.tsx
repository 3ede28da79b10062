import "../styles/mantine-pages.css";
import { Alert, Anchor, Box, Breadcrumbs, Button, Grid, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { renderDocument } from "../../../src/config/export.js";
import { client, type Document, type Issue, type Plan, type Problem, toProblem, useWriteClient } from "../api.js";
import { requestSignIn } from "../auth.js";
import { IconAlert } from "../components/icons.js";
import { MonitorFormFields } from "../components/monitor-form-fields.js";
import { MonitorPreview } from "../components/monitor-preview.js";
import { ProblemAlert } from "../components/problem-alert.js";
import {
  buildDocument,
  fieldOfIssue,
  type MonitorFormValues,
  newMonitorValues,
  valuesFromDocument,
  withInitialFields,
} from "../monitor-document.js";
import { fieldsOf, findType } from "../monitor-fields.js";
import { linkTo, navigate } from "../router.js";

type Checked =
  | { kind: "plan"; plan: Plan }
  | { kind: "issues"; issues: Issue[] }
  | { kind: "failed"; problem: Problem };

/**
 * Create or edit a monitor. The form writes a document, shown live as the YAML it is, and Save
 * applies exactly that document, as `nines apply -f` would. Editing starts from the stored object,
 * so fields the form does not show survive, and shows the plan's changes before applying them.
 */
export function MonitorFormPage({ name }: { name?: string }) {
  const editing = name !== undefined;
  const write = useWriteClient();
  const [base, setBase] = useState<Document | undefined>();
  const [loadProblem, setLoadProblem] = useState<Problem | undefined>();
  const [values, setValues] = useState<MonitorFormValues>(() => newMonitorValues());
  const [checked, setChecked] = useState<{ for: string; result: Checked } | undefined>();
  const [busy, setBusy] = useState<"validate" | "save" | undefined>();

  useEffect(() => {
    if (!name) return;
    let current = true;
    client.getObject("Monitor", name).then(
      (document) => {
        if (!current) return;
        setBase(document);
        setValues(valuesFromDocument(document));
      },
      (error) => current && setLoadProblem(toProblem(error)),
    );
    return () => {
      current = false;
    };
  }, [name]);

  const document = useMemo(() => buildDocument(values, base), [values, base]);
  const yaml = useMemo(() => renderDocument(document), [document]);
  const current = checked?.for === yaml ? checked.result : undefined;
  // Issues stay beside their fields until the next check, except on the field being corrected.
  const [errors, setErrors] = useState<Record<string, string>>({});
  const issues = checked?.result.kind === "issues" ? checked.result.issues : [];
  const shown = useMemo(() => shownFields(values.type), [values.type]);
  const unplaced = issues.filter((issue) => !shown.has(fieldOfIssue(issue.path) ?? ""));

  function clearError(field: string) {
    setErrors(({ [field]: _cleared, ...rest }) => rest);
  }

  async function check(): Promise<Checked | undefined> {
    if (!write) {
      requestSignIn();
      return undefined;
    }
    let result: Checked;
    try {
      result = { kind: "plan", plan: await write.plan({ documents: [document] }) };
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status === 401) requestSignIn();
      result = problem.issues?.length ? { kind: "issues", issues: problem.issues } : { kind: "failed", problem };
    }
    setChecked({ for: yaml, result });
    setErrors(result.kind === "issues" ? errorsByField(result.issues) : {});
    return result;
  }

  async function validate() {
    setBusy("validate");
    try {
      await check();
    } finally {
      setBusy(undefined);
    }
  }

  async function save() {
    setBusy("save");
    try {
      // An edit is applied only once its plan has been shown; a new monitor has nothing to compare.
      const result = current ?? (await check());
      if (result?.kind !== "plan") return;
      if (editing && current === undefined) return;
      if (result.plan.summary.create + result.plan.summary.change === 0) return;
      await write!.apply({ documents: [document] });
      navigate(`/monitors/${encodeURIComponent(document.metadata.name)}`);
    } catch (error) {
      setChecked({ for: yaml, result: { kind: "failed", problem: toProblem(error) } });
    } finally {
      setBusy(undefined);
    }
  }

  const plan = current?.kind === "plan" ? current.plan : undefined;
  const pending = plan ? plan.summary.create + plan.summary.change : 0;
  const saveLabel = !editing
    ? "Create monitor"
    : plan === undefined
      ? "Review changes"
      : pending === 0
        ? "No changes"
        : `Apply ${plan.changes[0]?.fields?.length ?? pending} change${plan.changes[0]?.fields?.length === 1 ? "" : "s"}`;

  if (loadProblem) return <ProblemAlert problem={loadProblem} />;
  if (editing && !base) return <Skeleton height={320} radius="sm" />;

  return (
    <Stack gap="md" maw={1600} data-testid="monitor-form">
      <Breadcrumbs separatorMargin={6} fz="sm" aria-label="Breadcrumb">
        <Anchor {...linkTo("/monitors")} size="sm">
          Monitors
        </Anchor>
        {editing && (
          <Anchor {...linkTo(`/monitors/${encodeURIComponent(name)}`)} size="sm" ff="monospace">
            {name}
          </Anchor>
        )}
        <Text size="sm" aria-current="page">
          {editing ? "Edit" : "New monitor"}
        </Text>
      </Breadcrumbs>
      <Title order={1} size="h3">
        {editing ? `Edit ${base?.metadata.displayName ?? name}` : "New monitor"}
      </Title>

      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <Stack gap="md">
              <MonitorFormFields
                values={values}
                errors={errors}
                editing={editing}
                onMetadata={(change) => {
                  setValues((previous) => ({ ...previous, ...change }));
                  for (const key of Object.keys(change))
                    clearError(key === "paused" ? "spec.paused" : `metadata.${key}`);
                }}
                onType={(type) => {
                  setValues((previous) => withInitialFields({ ...previous, type }));
                  clearError("spec.type");
                }}
                onField={(key, value) => {
                  setValues((previous) => ({ ...previous, fields: { ...previous.fields, [key]: value } }));
                  clearError(`spec.${key}`);
                }}
              />
              {unplaced.length > 0 && (
                <Alert color="red" variant="light" icon={<IconAlert size={16} />} title="The server found problems">
                  {unplaced.map((issue) => (
                    <Text key={`${issue.path}:${issue.message}`} size="xs" ff="monospace">
                      {issue.path}: {issue.message}
                    </Text>
                  ))}
                </Alert>
              )}
              {current?.kind === "failed" && <ProblemAlert problem={current.problem} />}
              <Group gap="xs">
                <Button
                  type="submit"
                  size="xs"
                  loading={busy === "save"}
                  disabled={editing && plan !== undefined && pending === 0}
                  data-testid="monitor-save"
                >
                  {saveLabel}
                </Button>
                <Button
                  variant="default"
                  size="xs"
                  loading={busy === "validate"}
                  onClick={validate}
                  data-testid="monitor-validate"
                >
                  Validate
                </Button>
                <Button
                  variant="subtle"
                  color="gray"
                  size="xs"
                  component="a"
                  {...linkTo(editing ? `/monitors/${encodeURIComponent(name)}` : "/monitors")}
                >
                  Cancel
                </Button>
                {!write && (
                  <Text size="xs" c="dimmed">
                    Validating and saving need an API token; you will be asked for one.
                  </Text>
                )}
              </Group>
            </Stack>
          </form>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 5 }}>
          <Box style={{ position: "sticky", top: 64 }}>
            <MonitorPreview name={document.metadata.name} yaml={yaml} plan={plan} editing={editing} />
          </Box>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The fields the form has an input for; issues elsewhere are listed under the form. */
function shownFields(typeName: string): Set<string> {
  const type = findType(typeName);
  return new Set([
    "metadata.name",
    "metadata.displayName",
    "spec.type",
    "spec.paused",
    ...(type ? fieldsOf(type).map((field) => `spec.${field.key}`) : []),
  ]);
}

function errorsByField(issues: Issue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldOfIssue(issue.path);
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

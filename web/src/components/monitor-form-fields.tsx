import { Fieldset, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import type { MonitorFormValues } from "../monitor-document.js";
import { type FieldDefinition, fieldsOf, findType, MONITOR_TYPES, type MonitorType } from "../monitor-fields.js";

/** Hints under the inputs, so inputs side by side line up whatever the length of their hints. */
const HINT_BELOW: ("label" | "input" | "description" | "error")[] = ["label", "input", "description", "error"];

export interface MonitorFormFieldsProps {
  values: MonitorFormValues;
  /** Messages by field, `metadata.name` or `spec.url`, as the server's issues point at them. */
  errors: Record<string, string>;
  editing: boolean;
  onMetadata: (change: Partial<Pick<MonitorFormValues, "name" | "displayName" | "paused">>) => void;
  onType: (type: MonitorType) => void;
  onField: (key: string, value: string) => void;
}

/** The inputs of a monitor, grouped as an operator thinks of them: what it is, what it checks, how it judges. */
export function MonitorFormFields({ values, errors, editing, onMetadata, onType, onField }: MonitorFormFieldsProps) {
  const type = findType(values.type) ?? MONITOR_TYPES[0]!;
  const input = (field: FieldDefinition) => (
    <FieldInput
      key={field.key}
      field={field}
      value={values.fields[field.key] ?? ""}
      error={errors[`spec.${field.key}`]}
      onChange={onField}
    />
  );

  return (
    <Stack gap="md">
      <Fieldset legend="Monitor" variant="filled" radius="sm">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Name"
              required
              inputWrapperOrder={HINT_BELOW}
              size="xs"
              placeholder="shop-health"
              description={editing ? "The name identifies the object; it cannot change." : "Letters, digits, - _ ."}
              value={values.name}
              disabled={editing}
              error={errors["metadata.name"]}
              onChange={(event) => onMetadata({ name: event.currentTarget.value })}
              data-testid="field-metadata.name"
            />
            <TextInput
              label="Display name"
              inputWrapperOrder={HINT_BELOW}
              size="xs"
              placeholder="Shop health endpoint"
              description="Shown in lists and on status pages."
              value={values.displayName}
              error={errors["metadata.displayName"]}
              onChange={(event) => onMetadata({ displayName: event.currentTarget.value })}
              data-testid="field-metadata.displayName"
            />
          </SimpleGrid>
          <Stack gap={4}>
            <Text size="xs" fw={500} id="monitor-type-label">
              Type
            </Text>
            <SegmentedControl
              size="xs"
              aria-labelledby="monitor-type-label"
              value={values.type}
              onChange={(value) => onType(value as MonitorType)}
              data={MONITOR_TYPES.map((option) => ({ value: option.value, label: option.label }))}
              data-testid="field-spec.type"
            />
            <Text size="xs" c={errors["spec.type"] ? "red" : "dimmed"}>
              {errors["spec.type"] ?? type.summary}
            </Text>
          </Stack>
        </Stack>
      </Fieldset>

      <Fieldset legend={`${type.label} check`} variant="filled" radius="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          {type.fields.map(input)}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend="Schedule and state" variant="filled" radius="sm">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="sm">
            {fieldsOf(type)
              .filter((field) => !type.fields.includes(field))
              .map(input)}
          </SimpleGrid>
          <Switch
            size="sm"
            label="Paused"
            description="A paused monitor keeps its history but runs no checks and changes no state."
            checked={values.paused}
            onChange={(event) => onMetadata({ paused: event.currentTarget.checked })}
            error={errors["spec.paused"]}
            data-testid="field-spec.paused"
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}

function FieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: FieldDefinition;
  value: string;
  error: string | undefined;
  onChange: (key: string, value: string) => void;
}) {
  const common = {
    label: field.label,
    required: field.required ?? false,
    description: field.description,
    error,
    size: "xs" as const,
    inputWrapperOrder: HINT_BELOW,
    "data-testid": `field-spec.${field.key}`,
  };
  if (field.input === "select") {
    return (
      <Select
        {...common}
        data={field.options ?? []}
        value={value || null}
        placeholder={field.placeholder ?? "default"}
        clearable={!field.required && !field.initial}
        onChange={(next) => onChange(field.key, next ?? "")}
        comboboxProps={{ withinPortal: true }}
      />
    );
  }
  return (
    <TextInput
      {...common}
      placeholder={field.placeholder}
      value={value}
      inputMode={field.input === "integer" ? "numeric" : undefined}
      // Values appear in the YAML as typed; a code font shows them the same way.
      styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
      onChange={(event) => onChange(field.key, event.currentTarget.value)}
    />
  );
}

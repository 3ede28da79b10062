import { z } from "zod";
import { documentSchema } from "../config/document.js";
import type { KindDefinition } from "../config/kinds.js";
import { alertConditionSpec, alertNotificationTargetSpec, alertPolicySpec } from "./alert-schema.js";
import {
  ALERT_CONDITION_EXAMPLE,
  ALERT_NOTIFICATION_TARGET_EXAMPLE,
  ALERT_POLICY_EXAMPLE,
  DATA_SOURCE_EXAMPLE,
  SERVICE_EXAMPLE,
  SLI_EXAMPLE,
  SLO_EXAMPLE,
} from "./examples.js";
import { optionalDescription } from "./fields.js";
import { ALERT_POLICY_REFERENCES, SLI_REFERENCES, SLO_REFERENCES } from "./references.js";
import { type metricSource, type ratioMetric, sliSpec } from "./sli-schema.js";
import { type BUDGETING_METHODS, type objective, sloSpec, type timeWindow } from "./slo-schema.js";

/** The OpenSLO v1 kinds. Specs are built in `sli-schema.ts`, `slo-schema.ts` and `alert-schema.ts`. */
export * from "./alert-schema.js";
export * from "./examples.js";
export * from "./sli-schema.js";
export * from "./slo-schema.js";

export const dataSourceSpec = z.strictObject({
  description: optionalDescription,
  type: z.string().min(1).describe('The kind of metric source, such as "Prometheus", "Datadog" or "CloudWatch".'),
  connectionDetails: z
    .unknown()
    .refine((value) => value !== undefined, { error: 'missing required field "connectionDetails"' })
    .describe("How to connect: any YAML, interpreted by the data source type (URL, credentials ...)."),
});

export const serviceSpec = z.strictObject({ description: optionalDescription }).default({});

export const serviceDocument = documentSchema("openslo/v1", "Service", serviceSpec);
export const sliDocument = documentSchema("openslo/v1", "SLI", sliSpec);
export const sloDocument = documentSchema("openslo/v1", "SLO", sloSpec);
export const alertPolicyDocument = documentSchema("openslo/v1", "AlertPolicy", alertPolicySpec);
export const alertConditionDocument = documentSchema("openslo/v1", "AlertCondition", alertConditionSpec);
export const alertNotificationTargetDocument = documentSchema(
  "openslo/v1",
  "AlertNotificationTarget",
  alertNotificationTargetSpec,
);
export const dataSourceDocument = documentSchema("openslo/v1", "DataSource", dataSourceSpec);

/** The kinds this module owns, for the list at the top (`src/kinds.ts`). */
export const SLO_KINDS: readonly KindDefinition[] = [
  {
    apiVersion: "openslo/v1",
    kind: "Service",
    plural: "services",
    aliases: ["svc"],
    summary: "A high-level grouping of SLOs, usually one user-facing service.",
    schema: serviceDocument,
    example: SERVICE_EXAMPLE,
  },
  {
    apiVersion: "openslo/v1",
    kind: "SLI",
    plural: "slis",
    aliases: [],
    summary: "A service level indicator: how to read good and total events (or a threshold metric) from a data source.",
    schema: sliDocument,
    example: SLI_EXAMPLE,
    references: SLI_REFERENCES,
  },
  {
    apiVersion: "openslo/v1",
    kind: "SLO",
    plural: "slos",
    aliases: [],
    summary: "A service level objective: a target for an SLI over a time window, with its error budget.",
    schema: sloDocument,
    example: SLO_EXAMPLE,
    references: SLO_REFERENCES,
  },
  {
    apiVersion: "openslo/v1",
    kind: "AlertPolicy",
    plural: "alertpolicies",
    aliases: ["ap"],
    summary: "When to alert on an SLO (breaching, resolved, no data) and whom to notify.",
    schema: alertPolicyDocument,
    example: ALERT_POLICY_EXAMPLE,
    references: ALERT_POLICY_REFERENCES,
  },
  {
    apiVersion: "openslo/v1",
    kind: "AlertCondition",
    plural: "alertconditions",
    aliases: ["ac"],
    summary: "A burn-rate condition over a lookback window that makes an alert policy fire.",
    schema: alertConditionDocument,
    example: ALERT_CONDITION_EXAMPLE,
  },
  {
    apiVersion: "openslo/v1",
    kind: "AlertNotificationTarget",
    plural: "alertnotificationtargets",
    aliases: ["ant", "target"],
    summary: "Where alert notifications go: email, Slack, a webhook, a pager.",
    schema: alertNotificationTargetDocument,
    example: ALERT_NOTIFICATION_TARGET_EXAMPLE,
  },
  {
    apiVersion: "openslo/v1",
    kind: "DataSource",
    plural: "datasources",
    aliases: ["ds"],
    summary: "Connection details of a metric source, such as a Prometheus server, shared by many SLIs.",
    schema: dataSourceDocument,
    example: DATA_SOURCE_EXAMPLE,
  },
];

export type MetricSource = z.infer<typeof metricSource>;
export type RatioMetric = z.infer<typeof ratioMetric>;
export type SliSpec = z.infer<typeof sliSpec>;
export type TimeWindow = z.infer<typeof timeWindow>;
export type Objective = z.infer<typeof objective>;
export type BudgetingMethod = (typeof BUDGETING_METHODS)[number];
export type SloSpec = z.infer<typeof sloSpec>;
export type AlertConditionSpec = z.infer<typeof alertConditionSpec>;
export type AlertPolicySpec = z.infer<typeof alertPolicySpec>;
export type AlertNotificationTargetSpec = z.infer<typeof alertNotificationTargetSpec>;
export type ServiceSpec = z.infer<typeof serviceSpec>;
export type DataSourceSpec = z.infer<typeof dataSourceSpec>;

export type ServiceDocument = z.infer<typeof serviceDocument>;
export type SliDocument = z.infer<typeof sliDocument>;
export type SloDocument = z.infer<typeof sloDocument>;
export type AlertPolicyDocument = z.infer<typeof alertPolicyDocument>;
export type AlertConditionDocument = z.infer<typeof alertConditionDocument>;
export type AlertNotificationTargetDocument = z.infer<typeof alertNotificationTargetDocument>;
export type DataSourceDocument = z.infer<typeof dataSourceDocument>;

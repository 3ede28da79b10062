import type { z } from "zod";
import { hideMonitorCredentials } from "../probes/credentials.js";
import { MONITOR_EXAMPLE, monitorDocument } from "../probes/model.js";
import { SECRET_KIND } from "../secrets/model.js";
import {
  ALERT_CONDITION_EXAMPLE,
  ALERT_NOTIFICATION_TARGET_EXAMPLE,
  ALERT_POLICY_EXAMPLE,
  alertConditionDocument,
  alertNotificationTargetDocument,
  alertPolicyDocument,
  DATA_SOURCE_EXAMPLE,
  dataSourceDocument,
  SERVICE_EXAMPLE,
  SLI_EXAMPLE,
  SLO_EXAMPLE,
  serviceDocument,
  sliDocument,
  sloDocument,
} from "../slo/model.js";

/** One entry per kind of declarative object: the single source for validation, API paths and docs. */
export interface KindDefinition {
  apiVersion: "openslo/v1" | "nines/v1";
  kind: string;
  /** Lower-case plural, used in URLs and by `nines get`. */
  plural: string;
  /** Other names `nines get` accepts (the singular is always accepted). */
  aliases: string[];
  summary: string;
  /** Schema of the whole document (apiVersion, kind, metadata, spec). */
  schema: z.ZodType;
  /** A small valid document in YAML, shown in the reference docs and tested to validate. */
  example: string;
  /** The spec as readers below editor see it, without the credentials written in it. */
  hideCredentials?: (spec: Record<string, unknown>) => Record<string, unknown>;
}

export const KINDS: readonly KindDefinition[] = [
  {
    apiVersion: "nines/v1",
    kind: "Monitor",
    plural: "monitors",
    aliases: ["mon"],
    summary: "A synthetic check that Nines runs on a schedule, such as an HTTP request to a health endpoint.",
    schema: monitorDocument,
    example: MONITOR_EXAMPLE,
    hideCredentials: hideMonitorCredentials,
  },
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
  },
  {
    apiVersion: "openslo/v1",
    kind: "SLO",
    plural: "slos",
    aliases: [],
    summary: "A service level objective: a target for an SLI over a time window, with its error budget.",
    schema: sloDocument,
    example: SLO_EXAMPLE,
  },
  {
    apiVersion: "openslo/v1",
    kind: "AlertPolicy",
    plural: "alertpolicies",
    aliases: ["ap"],
    summary: "When to alert on an SLO (breaching, resolved, no data) and whom to notify.",
    schema: alertPolicyDocument,
    example: ALERT_POLICY_EXAMPLE,
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
  SECRET_KIND,
];

/** Finds a kind by its name, plural or alias, in any letter case: `Monitor`, `monitors`, `mon`. */
export function findKind(name: string): KindDefinition | undefined {
  const wanted = name.toLowerCase();
  return KINDS.find(
    (kind) => kind.kind.toLowerCase() === wanted || kind.plural === wanted || kind.aliases.includes(wanted),
  );
}

export function kindNames(): string {
  return KINDS.map((kind) => kind.kind).join(", ");
}

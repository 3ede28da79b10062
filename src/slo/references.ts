import { isRecord } from "../config/describe-value.js";
import type { NinesDocument } from "../config/document.js";
import {
  asList,
  type KindReferences,
  namesAt,
  type ReferenceField,
  type ReferenceProblem,
  type Resolve,
} from "../config/object-references.js";
import type { PathSegment } from "../config/zod-issues.js";
import { checkThresholdObjectives } from "./slo-schema.js";

const METRIC_ROLES = ["good", "bad", "total", "raw"] as const;

function metricSourceRef(metric: unknown, path: PathSegment[]): ReferenceField[] {
  const source = isRecord(metric) ? metric.metricSource : undefined;
  return namesAt(source, "metricSourceRef", [...path, "metricSource"], "DataSource");
}

/** The DataSources an SLI spec reads from, inline or not. */
function sliSpecReferences(spec: unknown, path: PathSegment[]): ReferenceField[] {
  if (!isRecord(spec)) return [];
  const threshold = metricSourceRef(spec.thresholdMetric, [...path, "thresholdMetric"]);
  const ratio = isRecord(spec.ratioMetric) ? spec.ratioMetric : {};
  return [
    ...threshold,
    ...METRIC_ROLES.flatMap((role) => metricSourceRef(ratio[role], [...path, "ratioMetric", role])),
  ];
}

function alertPolicySpecReferences(spec: unknown, path: PathSegment[]): ReferenceField[] {
  if (!isRecord(spec)) return [];
  const conditions = asList(spec.conditions).flatMap((item, index) =>
    namesAt(item, "conditionRef", [...path, "conditions", index], "AlertCondition"),
  );
  const targets = asList(spec.notificationTargets).flatMap((item, index) =>
    namesAt(item, "targetRef", [...path, "notificationTargets", index], "AlertNotificationTarget"),
  );
  return [...conditions, ...targets];
}

/** An inline SLI or AlertPolicy is a document inside a document: its own references count too. */
function inlineSpec(holder: unknown, key: string): unknown {
  return isRecord(holder) && isRecord(holder[key]) ? holder[key].spec : undefined;
}

function sloReferences(document: NinesDocument): ReferenceField[] {
  const spec = document.spec;
  if (!isRecord(spec)) return [];
  const base: PathSegment[] = ["spec"];
  const objectives = asList(spec.objectives).flatMap((item, index) => {
    const path = [...base, "objectives", index];
    return [
      ...namesAt(item, "indicatorRef", path, "SLI"),
      ...sliSpecReferences(inlineSpec(item, "indicator"), [...path, "indicator", "spec"]),
    ];
  });
  const policies = asList(spec.alertPolicies).flatMap((item, index) => {
    const path = [...base, "alertPolicies", index];
    return isRecord(item) && isRecord(item.spec)
      ? alertPolicySpecReferences(item.spec, [...path, "spec"])
      : namesAt(item, "alertPolicyRef", path, "AlertPolicy");
  });
  return [
    ...namesAt(spec, "service", base, "Service"),
    ...namesAt(spec, "indicatorRef", base, "SLI"),
    ...sliSpecReferences(inlineSpec(spec, "indicator"), [...base, "indicator", "spec"]),
    ...objectives,
    ...policies,
  ];
}

/** An SLI named by `indicatorRef` gets the objective rules an inline one gets from the schema. */
function checkReferencedIndicators(document: NinesDocument, resolve: Resolve): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  if (!isRecord(document.spec)) return problems;
  checkThresholdObjectives(
    document.spec,
    (holder) => (typeof holder.indicatorRef === "string" ? resolve("SLI", holder.indicatorRef) : undefined),
    (path, message) => problems.push({ path: ["spec", ...path], message }),
  );
  return problems;
}

export const SLO_REFERENCES: KindReferences = {
  targets: ["Service", "SLI", "DataSource", "AlertPolicy", "AlertCondition", "AlertNotificationTarget"],
  extract: sloReferences,
  check: checkReferencedIndicators,
};

export const SLI_REFERENCES: KindReferences = {
  targets: ["DataSource"],
  extract: (document) => sliSpecReferences(document.spec, ["spec"]),
};

export const ALERT_POLICY_REFERENCES: KindReferences = {
  targets: ["AlertCondition", "AlertNotificationTarget"],
  extract: (document) => alertPolicySpecReferences(document.spec, ["spec"]),
};

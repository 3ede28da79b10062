import { isRecord } from "../config/describe-value.js";
import type { NinesDocument } from "../config/document.js";
import { asList, type KindReferences, namesAt, type ReferenceField } from "../config/object-references.js";
import type { PathSegment } from "../config/zod-issues.js";
import { SECRET_REFERENCES } from "../secrets/references.js";

/** The objects routing names: receivers, time intervals, escalation policies, and Secrets. */

/** A route and its children, all the way down: each may name a receiver and time intervals. */
function routeNodeReferences(node: unknown, path: PathSegment[]): ReferenceField[] {
  if (!isRecord(node)) return [];
  return [
    ...namesAt(node, "receiver", path, "Receiver"),
    ...namesAt(node, "muteTimeIntervals", path, "TimeInterval"),
    ...namesAt(node, "activeTimeIntervals", path, "TimeInterval"),
    ...asList(node.routes).flatMap((child, index) => routeNodeReferences(child, [...path, "routes", index])),
  ];
}

export const ROUTE_REFERENCES: KindReferences = {
  targets: ["Receiver", "TimeInterval"],
  extract: (document: NinesDocument) => routeNodeReferences(document.spec, ["spec"]),
};

export const RECEIVER_REFERENCES: KindReferences = {
  targets: ["EscalationPolicy", "Secret"],
  extract: (document: NinesDocument) => [
    ...namesAt(document.spec, "escalationPolicy", ["spec"], "EscalationPolicy"),
    ...SECRET_REFERENCES.extract(document),
  ],
};

export const RECURRING_SILENCE_REFERENCES: KindReferences = {
  targets: ["TimeInterval"],
  extract: (document: NinesDocument) => namesAt(document.spec, "activeTimeIntervals", ["spec"], "TimeInterval"),
};

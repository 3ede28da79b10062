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

/** The objects people, teams, schedules and policies name, and the rules that need them. */

const specOf = (document: NinesDocument) => (isRecord(document.spec) ? document.spec : {});

function teamReferences(document: NinesDocument): ReferenceField[] {
  const spec = specOf(document);
  return [
    ...asList(spec.members).flatMap((member, index) => namesAt(member, "user", ["spec", "members", index], "User")),
    ...namesAt(spec, "escalationPolicy", ["spec"], "EscalationPolicy"),
  ];
}

function scheduleReferences(document: NinesDocument): ReferenceField[] {
  const spec = specOf(document);
  const participants = asList(spec.layers).flatMap((layer, index) =>
    namesAt(layer, "participants", ["spec", "layers", index], "User"),
  );
  return [
    ...namesAt(spec, "team", ["spec"], "Team"),
    ...participants,
    ...asList(spec.overrides).flatMap((override, index) =>
      namesAt(override, "user", ["spec", "overrides", index], "User"),
    ),
  ];
}

const TARGET_KINDS = { user: "User", schedule: "Schedule", receiver: "Receiver" } as const;

function escalationPolicyReferences(document: NinesDocument): ReferenceField[] {
  return asList(specOf(document).levels).flatMap((level, index) =>
    asList(isRecord(level) ? level.targets : undefined).flatMap((target, position) =>
      Object.entries(TARGET_KINDS).flatMap(([key, kind]) =>
        namesAt(target, key, ["spec", "levels", index, "targets", position], kind),
      ),
    ),
  );
}

const instant = (value: unknown) => (typeof value === "string" ? Date.parse(value) : Number.NaN);

/**
 * An override only changes who a layer has on call: one outside the time of every layer (before
 * each starts, after each ends, or in a gap between them) is a mistake, most often a wrong year.
 */
function checkOverridesWithinLayers(document: NinesDocument): ReferenceProblem[] {
  const spec = specOf(document);
  const layers = asList(spec.layers)
    .filter(isRecord)
    .map((layer) => ({
      start: instant(layer.start),
      end: layer.end === undefined ? Number.POSITIVE_INFINITY : instant(layer.end),
    }));
  if (layers.length === 0) return [];
  const firstStart = Math.min(...layers.map((layer) => layer.start));
  const lastEnd = Math.max(...layers.map((layer) => layer.end));
  return asList(spec.overrides).flatMap((override, index): ReferenceProblem[] => {
    if (!isRecord(override)) return [];
    const start = instant(override.start);
    const end = instant(override.end);
    if (layers.some((layer) => start < layer.end && layer.start < end)) return [];
    const span = `the override from ${override.start} to ${override.end}`;
    const where =
      end <= firstStart
        ? `is before every layer starts (the first starts at ${new Date(firstStart).toISOString()})`
        : start >= lastEnd
          ? `is after every layer ends (the last ends at ${new Date(lastEnd).toISOString()})`
          : "falls between the layers' times";
    return [{ path: ["spec", "overrides", index], message: `${span} ${where}; an override must overlap a layer` }];
  });
}

/**
 * A level that targets a Receiver whose own escalationPolicy pages again would start an
 * escalation inside an escalation, and a policy reaching itself that way never ends.
 */
function checkEscalationLoops(document: NinesDocument, resolve: Resolve): ReferenceProblem[] {
  const self = document.metadata.name;
  return escalationPolicyReferences(document)
    .filter((field) => field.kind === "Receiver")
    .flatMap((field): ReferenceProblem[] => {
      const receiver = resolve("Receiver", field.name);
      const policy = receiver && isRecord(receiver.spec) ? receiver.spec.escalationPolicy : undefined;
      if (typeof policy !== "string") return [];
      const which =
        policy === self
          ? "which is this policy: an escalation loop that never ends"
          : "which would start an escalation inside this one (an escalation loop)";
      return [
        {
          path: field.path,
          message: `receiver "${field.name}" escalates to policy "${policy}", ${which}; target users or schedules, or a receiver with channels only`,
        },
      ];
    });
}

export const TEAM_REFERENCES: KindReferences = {
  targets: ["User", "EscalationPolicy"],
  extract: teamReferences,
};

export const SCHEDULE_REFERENCES: KindReferences = {
  targets: ["User", "Team"],
  extract: scheduleReferences,
  check: checkOverridesWithinLayers,
};

export const ESCALATION_POLICY_REFERENCES: KindReferences = {
  targets: ["User", "Schedule", "Receiver"],
  extract: escalationPolicyReferences,
  check: checkEscalationLoops,
};

import type { ObjectChange } from "../config/events.js";
import type { Actor } from "../core/access.js";
import type { AuditAction, AuditEntry } from "./model.js";

/** Which write path made a change: `apply` (documents) or `delete` (one object by name). */
export type ChangeOperation = "apply" | "delete";

const ACTIONS: Record<ChangeOperation, Record<ObjectChange["type"], AuditAction>> = {
  apply: { created: "apply.create", changed: "apply.change", deleted: "apply.delete" },
  delete: { created: "apply.create", changed: "apply.change", deleted: "delete" },
};

const VERSIONS: {
  [Type in ObjectChange["type"]]: (
    change: Extract<ObjectChange, { type: Type }>,
  ) => [number | undefined, number | undefined];
} = {
  created: (change) => [undefined, change.object.generation],
  changed: (change) => [change.previous.generation, change.object.generation],
  deleted: (change) => [change.object.generation, undefined],
};

/** The log's entries for object changes: kind, name and generations only, never the spec. */
export function auditEntriesOf(
  changes: readonly ObjectChange[],
  context: { actor: Actor; operation: ChangeOperation; at: number },
): AuditEntry[] {
  return changes.map((change) => {
    const [versionBefore, versionAfter] = (
      VERSIONS[change.type] as (change: ObjectChange) => [number | undefined, number | undefined]
    )(change);
    return {
      at: context.at,
      actor: context.actor,
      action: ACTIONS[context.operation][change.type],
      kind: change.object.kind,
      name: change.object.metadata.name,
      versionBefore,
      versionAfter,
    };
  });
}

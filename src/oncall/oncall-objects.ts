import type { Kysely, Transaction } from "kysely";
import { selectObjectsOfKind } from "../config/kind-queries.js";
import type { ChannelSpec } from "../notify/model.js";
import { fromJson } from "../store/json.js";
import type { Database } from "../store/schema.js";
import type { EscalationLookups } from "./escalation.js";
import type { EscalationPolicySpec, ScheduleSpec, UserSpec } from "./model.js";

type Executor = Kysely<Database> | Transaction<Database>;

/** What escalation reads: policies, and the schedules, users and receivers their levels name. */
export interface OnCallDirectory extends EscalationLookups {
  policy(name: string): EscalationPolicySpec | undefined;
}

async function specsOfKind<Spec>(db: Executor, kind: string): Promise<Map<string, Spec>> {
  const rows = await selectObjectsOfKind(db, kind).execute();
  return new Map(rows.map((row) => [row.name, fromJson<Spec>(row.spec)]));
}

/**
 * The stored objects, as apply validated them (defaults filled in). Receiver belongs to the
 * alerts module above this one: only its `channels`, which notify's schema describes, are read.
 */
export async function loadOnCallDirectory(db: Executor): Promise<OnCallDirectory> {
  const [policies, schedules, users, receivers] = await Promise.all([
    specsOfKind<EscalationPolicySpec>(db, "EscalationPolicy"),
    specsOfKind<ScheduleSpec>(db, "Schedule"),
    specsOfKind<UserSpec>(db, "User"),
    specsOfKind<{ channels?: ChannelSpec[] }>(db, "Receiver"),
  ]);
  return {
    policy: (name) => policies.get(name),
    schedule: (name) => schedules.get(name),
    user: (name) => users.get(name),
    receiverChannels: (name) => {
      const receiver = receivers.get(name);
      return receiver && (receiver.channels ?? []);
    },
  };
}

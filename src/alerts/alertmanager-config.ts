import type { Kysely } from "kysely";
import { stringify } from "yaml";
import { selectObjectsOfKind } from "../config/kind-queries.js";
import { fromJson } from "../store/json.js";
import type { Database } from "../store/schema.js";

/** The kinds whose specs hold no credentials, shown in full as the "config" amtool asks for. */
const ROUTING_KINDS = ["Route", "InhibitRule", "TimeInterval", "RecurringSilence"] as const;

/**
 * API v2's `config.original`: Nines keeps its routing as objects, not an alertmanager.yml, so this
 * is those objects as YAML documents. Receivers are named only: their channels carry credentials.
 */
export async function describeRoutingConfig(db: Kysely<Database>): Promise<string> {
  const receivers = await listReceiverNames(db);
  const parts = [
    "# Nines keeps alert routing as objects (nines get routes, receivers, inhibitrules, timeintervals).",
    `# Receivers: ${receivers.length ? receivers.join(", ") : "none"}`,
  ];
  for (const kind of ROUTING_KINDS) {
    const rows = await selectObjectsOfKind(db, kind).orderBy("objects.name").execute();
    for (const row of rows)
      parts.push(
        `---\n${stringify({ apiVersion: "nines/v1", kind, metadata: { name: row.name }, spec: fromJson(row.spec) })}`,
      );
  }
  return `${parts.join("\n")}\n`;
}

export async function listReceiverNames(db: Kysely<Database>): Promise<string[]> {
  const rows = await selectObjectsOfKind(db, "Receiver").orderBy("objects.name").execute();
  return rows.map((row) => row.name);
}

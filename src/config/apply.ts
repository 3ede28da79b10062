import type { Plan } from "../client/types.js";
import type { Actor } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { conflict, invalid, notFound } from "../core/errors.js";
import type { Store } from "../store/database.js";
import type { ObjectChange, ObjectEvents } from "./events.js";
import { findKind } from "./kinds.js";
import { validateDocuments } from "./load.js";
import { deleteObject, getObject, insertObject, listObjects, type StoredObject, updateObject } from "./objects.js";
import { computePlan, type PlanOptions, summarize } from "./plan.js";
import type { DocumentVault } from "./vault.js";

export interface ConfigDeps {
  store: Store;
  events: ObjectEvents;
  clock: Clock;
  /** Takes Secret values out of the documents before they are stored. */
  vault?: DocumentVault;
}

export interface ApplyOptions extends PlanOptions {
  /** Compute the plan only. */
  dryRun?: boolean;
  /** Who asks for the change, for the audit log; Nines itself when absent. */
  actor?: Actor;
}

export interface RemoveOptions {
  actor?: Actor;
}

/**
 * The one write path for declarative objects: the API, the CLI (through the API), the UI and
 * `server -f` all come here. Documents are validated again even when the caller already did,
 * so nothing invalid is ever stored.
 */
export function createConfigService({ store, events, clock, vault }: ConfigDeps) {
  const { db } = store;

  async function apply(values: readonly unknown[], options: ApplyOptions = {}): Promise<Plan> {
    const { documents, issues } = validateDocuments([...values]);
    if (issues.length)
      throw invalid(`${issues.length} problem${issues.length === 1 ? "" : "s"} in the documents`, issues);
    const written = documents.map((loaded) => loaded.document);
    const kinds = [...new Set(written.map((document) => document.kind))];

    const notices: ObjectChange[] = [];
    const plan = await db.transaction().execute(async (trx) => {
      const sealed = vault ? await vault.seal(trx, written, clock.now()) : undefined;
      if (sealed?.issues.length) {
        const count = sealed.issues.length;
        throw invalid(`${count} problem${count === 1 ? "" : "s"} in the documents`, sealed.issues);
      }
      const desired = sealed?.documents ?? written;
      const current = await listObjects(trx, kinds);
      const planned = computePlan(current, desired, options);
      if (options.dryRun) return planned;
      await sealed?.write();
      const byKey = new Map(current.map((object) => [`${object.kind}/${object.metadata.name}`, object]));
      const byDesired = new Map(desired.map((document) => [`${document.kind}/${document.metadata.name}`, document]));
      const now = clock.now();
      for (const change of planned.changes) {
        const id = `${change.kind}/${change.name}`;
        const previous = byKey.get(id);
        const document = byDesired.get(id);
        if (change.action === "create" && document) {
          notices.push({ type: "created", object: await insertGuarded(() => insertObject(trx, document, now), id) });
        } else if (change.action === "change" && document && previous) {
          notices.push({ type: "changed", object: await updateObject(trx, previous, document, now), previous });
        } else if (change.action === "delete" && previous) {
          await deleteObject(trx, previous.id);
          await vault?.forget(trx, previous);
          notices.push({ type: "deleted", object: previous });
        }
      }
      return { ...planned, applied: true };
    });
    for (const notice of notices) await events.emit(notice);
    return plan;
  }

  async function remove(kindName: string, name: string, _options: RemoveOptions = {}): Promise<Plan> {
    const kind = requireKind(kindName);
    const object = await getObject(db, kind.kind, name);
    if (!object) throw notFound(`${kind.kind} "${name}" does not exist`);
    await db.transaction().execute(async (trx) => {
      await deleteObject(trx, object.id);
      await vault?.forget(trx, object);
    });
    await events.emit({ type: "deleted", object });
    const changes = [{ action: "delete" as const, apiVersion: object.apiVersion, kind: object.kind, name }];
    return { changes, summary: summarize(changes), applied: true };
  }

  async function list(kindName?: string): Promise<StoredObject[]> {
    return listObjects(db, kindName ? [requireKind(kindName).kind] : undefined);
  }

  async function get(kindName: string, name: string): Promise<StoredObject> {
    const kind = requireKind(kindName);
    const object = await getObject(db, kind.kind, name);
    if (!object) throw notFound(`${kind.kind} "${name}" does not exist`);
    return object;
  }

  return { apply, remove, list, get };
}

export type ConfigService = ReturnType<typeof createConfigService>;

export function requireKind(name: string) {
  const kind = findKind(name);
  if (!kind) throw notFound(`unknown kind "${name}"`);
  return kind;
}

/** Two applies racing to create the same object: the loser gets a Conflict, not a 500. */
async function insertGuarded(insert: () => Promise<StoredObject>, id: string): Promise<StoredObject> {
  try {
    return await insert();
  } catch (error) {
    if (/unique|duplicate key/i.test(String((error as Error).message)))
      throw conflict(`${id} was created concurrently; apply again`);
    throw error;
  }
}

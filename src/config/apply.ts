import type { Transaction } from "kysely";
import { type Actor, SYSTEM_ACTOR } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { conflict, invalid, notFound } from "../core/errors.js";
import type { Store } from "../store/database.js";
import type { Database } from "../store/schema.js";
import { rejectFailedApplyChecks } from "./apply-checks.js";
import type { ObjectChange, ObjectEvents } from "./events.js";
import type { KindRegistry } from "./kinds.js";
import { validateDocuments } from "./load.js";
import { deleteObject, getObject, insertObject, listObjects, type StoredObject, updateObject } from "./objects.js";
import { computePlan, type PlanOptions, summarize } from "./plan.js";
import { guardReferences } from "./reference-guard.js";
import type { DocumentVault } from "./vault.js";
import { checkExpectedGenerations, staleVersion, takeExpectedGenerations } from "./versions.js";
import type { Plan } from "./views.js";

export interface ConfigDeps {
  store: Store;
  /** The kinds this program accepts (`src/kinds.ts`). */
  kinds: KindRegistry;
  events: ObjectEvents;
  clock: Clock;
  /** Hears every change inside the transaction that makes it (the audit log), so both commit or neither. */
  onChangesInTransaction?: ChangesInTransaction;
  /** The only directory objects may read files from; what a spec names there is read at apply. */
  filesDir?: string | undefined;
  /** Takes Secret values out of the documents before they are stored. */
  vault?: DocumentVault;
}

export type ChangesInTransaction = (
  trx: Transaction<Database>,
  changes: readonly ObjectChange[],
  context: { actor: Actor; operation: "apply" | "delete"; at: number },
) => Promise<void>;

export interface ApplyOptions extends PlanOptions {
  /** Compute the plan only. */
  dryRun?: boolean;
  /** Who asks for the change, for the audit log; Nines itself when absent. */
  actor?: Actor;
}

export interface RemoveOptions {
  actor?: Actor;
  /** Delete only if the object is still at this generation (the one the caller saw). */
  generation?: number;
}

/**
 * The one write path for declarative objects: the API, the CLI (through the API), the UI and
 * `server -f` all come here. Documents are validated again even when the caller already did,
 * so nothing invalid is ever stored.
 */
export function createConfigService({
  store,
  kinds,
  events,
  clock,
  filesDir,
  vault,
  onChangesInTransaction,
}: ConfigDeps) {
  const { db } = store;
  const recordChanges = async (
    trx: Transaction<Database>,
    changes: readonly ObjectChange[],
    operation: "apply" | "delete",
    actor: Actor | undefined,
    at: number,
  ) => onChangesInTransaction?.(trx, changes, { actor: actor ?? SYSTEM_ACTOR, operation, at });

  async function apply(values: readonly unknown[], options: ApplyOptions = {}): Promise<Plan> {
    const { documents, issues } = validateDocuments([...values], kinds);
    if (issues.length)
      throw invalid(`${issues.length} problem${issues.length === 1 ? "" : "s"} in the documents`, issues);
    const { documents: written, expected } = takeExpectedGenerations(documents.map((loaded) => loaded.document));
    await rejectFailedApplyChecks(kinds, written, { filesDir });
    const desiredKinds = [...new Set(written.map((document) => document.kind))];

    const notices: ObjectChange[] = [];
    const plan = await db.transaction().execute(async (trx) => {
      const sealed = vault ? await vault.seal(trx, written, clock.now()) : undefined;
      if (sealed?.issues.length) {
        const count = sealed.issues.length;
        throw invalid(`${count} problem${count === 1 ? "" : "s"} in the documents`, sealed.issues);
      }
      const desired = sealed?.documents ?? written;
      const current = await listObjects(trx, desiredKinds);
      const byKey = new Map(current.map((object) => [`${object.kind}/${object.metadata.name}`, object]));
      checkExpectedGenerations(expected, byKey);
      const planned = computePlan(kinds, current, desired, options);
      await guardReferences(
        kinds,
        trx,
        documents,
        planned.changes.filter((change) => change.action === "delete"),
      );
      if (options.dryRun) return planned;
      await sealed?.write();
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
          // Pruned by a concurrent delete already: nothing left to do or announce.
          if (await deleteObject(trx, previous.id)) {
            await vault?.forget(trx, previous);
            notices.push({ type: "deleted", object: previous });
          }
        }
      }
      await recordChanges(trx, notices, "apply", options.actor, now);
      return { ...planned, applied: true };
    });
    for (const notice of notices) await events.emit(notice);
    return plan;
  }

  async function remove(kindName: string, name: string, options: RemoveOptions = {}): Promise<Plan> {
    const kind = requireKind(kinds, kindName);
    const object = await db.transaction().execute(async (trx) => {
      const found = await getObject(trx, kind.kind, name);
      if (!found) throw notFound(`${kind.kind} "${name}" does not exist`);
      await guardReferences(kinds, trx, [], [{ kind: found.kind, name }]);
      await deleteGuarded(trx, found, options.generation);
      await vault?.forget(trx, found);
      await recordChanges(trx, [{ type: "deleted", object: found }], "delete", options.actor, clock.now());
      return found;
    });
    await events.emit({ type: "deleted", object });
    const changes = [{ action: "delete" as const, apiVersion: object.apiVersion, kind: object.kind, name }];
    return { changes, summary: summarize(changes), applied: true };
  }

  async function list(kindName?: string): Promise<StoredObject[]> {
    return listObjects(db, kindName ? [requireKind(kinds, kindName).kind] : undefined);
  }

  async function get(kindName: string, name: string): Promise<StoredObject> {
    const kind = requireKind(kinds, kindName);
    const object = await getObject(db, kind.kind, name);
    if (!object) throw notFound(`${kind.kind} "${name}" does not exist`);
    return object;
  }

  return { kinds, apply, remove, list, get };
}

export type ConfigService = ReturnType<typeof createConfigService>;

export function requireKind(kinds: KindRegistry, name: string) {
  const kind = kinds.find(name);
  if (!kind) throw notFound(`unknown kind "${name}"`);
  return kind;
}

/**
 * Deletes `object`, at the generation the caller expects when it gives one, as one statement: a
 * racing delete makes this a 404 and a racing change (with an expectation) a 409, never a 500.
 */
async function deleteGuarded(db: Store["db"], object: StoredObject, generation: number | undefined): Promise<void> {
  const id = `${object.kind}/${object.metadata.name}`;
  if (generation !== undefined && generation !== object.generation)
    throw staleVersion(id, generation, object.generation);
  if (await deleteObject(db, object.id, generation)) return;
  const now = await getObject(db, object.kind, object.metadata.name);
  if (!now) throw notFound(`${object.kind} "${object.metadata.name}" does not exist`);
  throw staleVersion(id, generation ?? object.generation, now.generation);
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

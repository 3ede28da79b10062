import type { StoredObject } from "./objects.js";

/**
 * The one write path ends here: after `apply` commits, the owning modules hear what changed and
 * react (a new Monitor is scheduled, a changed SLO is re-evaluated) instead of being poked from
 * many places.
 */
export type ObjectChange =
  | { type: "created"; object: StoredObject }
  | { type: "changed"; object: StoredObject; previous: StoredObject }
  | { type: "deleted"; object: StoredObject };

export type ObjectChangeListener = (change: ObjectChange) => void | Promise<void>;

export class ObjectEvents {
  private readonly listeners = new Map<string, Set<ObjectChangeListener>>();

  /** Listens to changes of one kind; returns a function that stops listening. */
  on(kind: string, listener: ObjectChangeListener): () => void {
    let set = this.listeners.get(kind);
    if (!set) {
      set = new Set();
      this.listeners.set(kind, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  async emit(change: ObjectChange): Promise<void> {
    for (const listener of this.listeners.get(change.object.kind) ?? []) await listener(change);
  }
}

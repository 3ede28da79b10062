import type { z } from "zod";
import type { Issue } from "../core/errors.js";
import type { KindReferences } from "./reference-types.js";

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
  /** The other objects a document of this kind names, checked across documents; none when absent. */
  references?: KindReferences;
  /** The spec as readers below editor see it, without the credentials written in it. */
  hideCredentials?: (spec: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Checks of a valid spec that need the server, such as reading the files it names; run by apply
   * (not by offline validation). Issue paths are JSON pointers within the document (`/spec/caFile`).
   */
  checkOnApply?(spec: unknown, context: ApplyContext): Promise<Issue[]>;
}

/** What the server lends apply-time checks. */
export interface ApplyContext {
  /** The only directory objects may read files from; undefined when none is configured. */
  filesDir?: string;
}

/**
 * The kinds one program accepts. Each module declares its own in its model; the assembly at the
 * top (`src/kinds.ts`) lists them, and config takes the list as a parameter, so config imports no
 * module above it.
 */
export interface KindRegistry {
  /** In their order: plans, exports and docs list kinds so. */
  readonly all: readonly KindDefinition[];
  /** A kind by its name, plural or alias, in any letter case: `Monitor`, `monitors`, `mon`. */
  find(name: string): KindDefinition | undefined;
  /** A kind by its exact name, as a document's `kind` writes it. */
  get(kind: string): KindDefinition | undefined;
  /** The kind names, in order. */
  names(): string[];
  /** The apiVersions in use, sorted. */
  apiVersions(): string[];
  /** Where a kind stands in the order; unknown kinds come last. */
  rank(kind: string): number;
}

export function createKindRegistry(list: readonly KindDefinition[]): KindRegistry {
  const byKind = new Map(list.map((definition) => [definition.kind, definition]));
  if (byKind.size !== list.length) throw new Error("two kind definitions have the same kind");
  const order = new Map(list.map((definition, index) => [definition.kind, index]));
  const apiVersions = [...new Set(list.map((definition) => definition.apiVersion))].sort();
  return {
    all: list,
    find(name) {
      const wanted = name.toLowerCase();
      return list.find(
        (kind) => kind.kind.toLowerCase() === wanted || kind.plural === wanted || kind.aliases.includes(wanted),
      );
    },
    get: (kind) => byKind.get(kind),
    names: () => list.map((definition) => definition.kind),
    apiVersions: () => [...apiVersions],
    rank: (kind) => order.get(kind) ?? list.length,
  };
}

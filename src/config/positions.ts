import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { PathSegment } from "./zod-issues.js";

export interface Position {
  line: number;
  column: number;
}

/** Finds the position of a field by path; see `createLocator`. */
export type Locator = (path: readonly PathSegment[], at: "key" | "value") => Position | undefined;

/** RFC 6901: `/spec/objectives/0/target`, with `~` and `/` escaped. */
export function toPointer(path: readonly PathSegment[]): string {
  return path.map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

export function locateOffset(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

const isEmptyScalar = (node: unknown) => isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];

/**
 * Maps a path in a parsed YAML document to a line and column: the value itself when it is there
 * (its key when the value is empty, as in `metadata:`), the key for `at: "key"`, and for a
 * missing field the deepest mapping or list that exists, where the field would go.
 */
export function createLocator(document: Document, lineCounter: LineCounter): Locator {
  return (path, at) => {
    let node: unknown = document.contents;
    let key: unknown;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(document);
      const pair = isMap(node)
        ? node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment))
        : undefined;
      if (pair) {
        if (at === "key" && index === path.length - 1) return positionOf(pair.key, lineCounter);
        key = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
        key = undefined;
        node = node.items[segment];
      } else {
        break;
      }
    }
    if ((node === null || isEmptyScalar(node)) && key) return positionOf(key, lineCounter);
    return positionOf(node, lineCounter) ?? positionOf(document.contents, lineCounter);
  };
}

function positionOf(node: unknown, lineCounter: LineCounter): Position | undefined {
  const range = (node as Node | null)?.range;
  return range ? locateOffset(lineCounter, range[0]) : undefined;
}

import * as fs from "node:fs";
import * as nodePath from "node:path";
import { isScalar, LineCounter, parseAllDocuments } from "yaml";
import type { Issue } from "../core/errors.js";
import type { NinesDocument } from "./document.js";
import { type Environment, expandEnvironment } from "./expand.js";
import type { KindRegistry } from "./kinds.js";
import { createLocator, type Locator, locateOffset, type Position, toPointer } from "./positions.js";
import { checkDocument } from "./validate.js";
import { estimateYamlDepth } from "./yaml-depth.js";

/** Well past any real document (the JSON body limit is 64 levels); indentation counts a little extra. */
const MAX_YAML_DEPTH = 128;

export type { Environment };

/** A valid document and where it came from; YAML gives a file and position, JSON an index only. */
export interface LoadedDocument {
  document: NinesDocument;
  file?: string;
  line?: number;
  column?: number;
  /** Index of the document within its file, or of the value in a JSON list (0-based). */
  index: number;
  /** Where a field is, for issues found after loading (references across documents); YAML only. */
  locate?: Locator;
}

export interface LoadResult {
  documents: LoadedDocument[];
  issues: Issue[];
}

export interface LoadOptions {
  /** The kinds documents may be of (`src/kinds.ts` lists Nines' own). */
  kinds: KindRegistry;
  /**
   * Values for `${NAME}`; defaults to the process environment. `false` turns expansion off, as for
   * API bodies: a request must not read the server's environment (its secrets) into an object.
   */
  env?: Environment | false;
}

/** Where `metadata.name` is, to point a duplicate at it. */
interface Sourced extends LoadedDocument {
  namePosition?: Position;
}

interface SourceResult {
  entries: Sourced[];
  issues: Issue[];
}

const isEmptyScalar = (node: unknown) => isScalar(node) && node.value === null && node.source === "";

// `globalThis.process` is absent in the browser, where YAML is also checked.
const readProcessEnvironment = (): Environment => globalThis.process?.env ?? {};

/** Parses and validates every document of one YAML text, without looking across documents. */
function readYaml(text: string, file: string, env: Environment | false, kinds: KindRegistry): SourceResult {
  const depth = estimateYamlDepth(text);
  if (depth > MAX_YAML_DEPTH) {
    return {
      entries: [],
      issues: [
        {
          message: `YAML nested about ${depth} levels deep; at most ${MAX_YAML_DEPTH} are accepted`,
          path: "",
          file,
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const yamlDocuments = Array.isArray(parsed) ? parsed : [];
  const entries: Sourced[] = [];
  const issues: Issue[] = [];
  for (const [index, yamlDocument] of yamlDocuments.entries()) {
    const report = (message: string, path: string, offset: number) =>
      issues.push({ message, path, file, ...locateOffset(lineCounter, offset), document: index });
    if (yamlDocument.errors.length > 0) {
      for (const error of yamlDocument.errors) report(`invalid YAML: ${error.message}`, "", error.pos[0]);
      continue;
    }
    // A lone `---` at the end, or a document of comments only, is not a mistake.
    if (yamlDocument.contents === null || isEmptyScalar(yamlDocument.contents)) continue;

    const problems = env === false ? [] : expandEnvironment(yamlDocument, env);
    for (const problem of problems) report(problem.message, toPointer(problem.path), problem.node.range?.[0] ?? 0);
    let value: unknown;
    try {
      value = yamlDocument.toJS({ maxAliasCount: 100 });
    } catch (error) {
      report(`invalid YAML: ${(error as Error).message}`, "", yamlDocument.contents.range[0]);
      continue;
    }
    const locate = createLocator(yamlDocument, lineCounter);
    const checked = checkDocument(value, kinds, locate);
    // An unset variable leaves "${NAME}" behind, which the schema would only complain about again.
    const expansionPaths = new Set(problems.map((problem) => toPointer(problem.path)));
    for (const issue of checked.issues) {
      if (!expansionPaths.has(issue.path)) issues.push({ ...issue, file, document: index });
    }
    if (checked.document && problems.length === 0) {
      entries.push({
        document: checked.document,
        file,
        ...locateOffset(lineCounter, yamlDocument.contents.range[0]),
        index,
        locate,
        namePosition: locate(["metadata", "name"], "value"),
      });
    }
  }
  return { entries, issues };
}

function describePlace(entry: Sourced): string {
  const position =
    entry.namePosition ?? (entry.line === undefined ? undefined : { line: entry.line, column: entry.column ?? 1 });
  if (entry.file === undefined && position === undefined) return `document ${entry.index}`;
  return [entry.file ?? `document ${entry.index}`, position?.line, position?.column]
    .filter((part) => part !== undefined)
    .join(":");
}

/** The second of two documents with the same kind and name is an issue, and is left out. */
function finish({ entries, issues }: SourceResult): LoadResult {
  const first = new Map<string, Sourced>();
  const documents: LoadedDocument[] = [];
  for (const entry of entries) {
    const { kind, metadata } = entry.document;
    const key = `${kind}/${metadata.name}`;
    const earlier = first.get(key);
    if (earlier) {
      issues.push({
        message: `duplicate ${kind} "${metadata.name}": already defined at ${describePlace(earlier)}`,
        path: "/metadata/name",
        ...(entry.file !== undefined && { file: entry.file }),
        ...(entry.namePosition ?? {}),
        document: entry.index,
      });
      continue;
    }
    first.set(key, entry);
    const { namePosition: _, ...loaded } = entry;
    documents.push(loaded);
  }
  return { documents, issues };
}

/** Orders issues by file (in load order), then by position, so output reads top to bottom. */
function sortIssues(issues: Issue[]): Issue[] {
  const fileOrder = new Map<string | undefined, number>();
  for (const issue of issues) if (!fileOrder.has(issue.file)) fileOrder.set(issue.file, fileOrder.size);
  const rank = (issue: Issue) => [
    fileOrder.get(issue.file) ?? 0,
    issue.document ?? 0,
    issue.line ?? 0,
    issue.column ?? 0,
  ];
  return issues
    .map((issue, order) => ({ issue, order, rank: rank(issue) }))
    .sort((a, b) => {
      for (let index = 0; index < a.rank.length; index++) {
        const difference = (a.rank[index] as number) - (b.rank[index] as number);
        if (difference !== 0) return difference;
      }
      return a.order - b.order;
    })
    .map(({ issue }) => issue);
}

/** Loads every document of a YAML text (one or more documents separated by `---`). */
export function loadDocuments(text: string, file: string, options: LoadOptions): LoadResult {
  const result = finish(readYaml(text, file, options.env ?? readProcessEnvironment(), options.kinds));
  return { documents: result.documents, issues: sortIssues(result.issues) };
}

/** Validates already-parsed values, such as the JSON body of an API request. */
export function validateDocuments(values: readonly unknown[], kinds: KindRegistry, source?: string): LoadResult {
  const entries: Sourced[] = [];
  const issues: Issue[] = [];
  values.forEach((value, index) => {
    const checked = checkDocument(value, kinds);
    for (const issue of checked.issues)
      issues.push({ ...issue, ...(source !== undefined && { file: source }), document: index });
    if (checked.document)
      entries.push({ document: checked.document, ...(source !== undefined && { file: source }), index });
  });
  const result = finish({ entries, issues });
  return { documents: result.documents, issues: sortIssues(result.issues) };
}

const isYamlFile = (name: string) => /\.ya?ml$/i.test(name);

/** YAML files under a directory, depth first in name order; dot-files and dot-directories are skipped. */
function listYamlFiles(directory: string): string[] {
  const entries = fs
    .readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    if (entry.name.startsWith(".")) return [];
    const path = nodePath.join(directory, entry.name);
    if (entry.isDirectory()) return listYamlFiles(path);
    return entry.isFile() && isYamlFile(entry.name) ? [path] : [];
  });
}

function readFileIssue(file: string, error: unknown): Issue {
  const code = (error as NodeJS.ErrnoException).code;
  const message = code === "ENOENT" ? "no such file or directory" : `cannot read: ${(error as Error).message}`;
  return { message, path: "", file };
}

/**
 * Loads YAML files and directories (recursively, `*.yaml` and `*.yml`), reporting every problem
 * across all of them, duplicates between files included.
 */
export function loadFiles(paths: readonly string[], options: LoadOptions): LoadResult {
  const env = options.env ?? readProcessEnvironment();
  const combined: SourceResult = { entries: [], issues: [] };
  const seen = new Set<string>();
  for (const path of paths) {
    let files: string[];
    try {
      files = fs.statSync(path).isDirectory() ? listYamlFiles(path) : [path];
    } catch (error) {
      combined.issues.push(readFileIssue(path, error));
      continue;
    }
    if (files.length === 0)
      combined.issues.push({ message: "no *.yaml or *.yml files in this directory", path: "", file: path });
    for (const file of files) {
      const resolved = nodePath.resolve(file);
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (error) {
        combined.issues.push(readFileIssue(file, error));
        continue;
      }
      const result = readYaml(text, file, env, options.kinds);
      combined.entries.push(...result.entries);
      combined.issues.push(...result.issues);
    }
  }
  const result = finish(combined);
  return { documents: result.documents, issues: sortIssues(result.issues) };
}

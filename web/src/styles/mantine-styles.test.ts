import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The UI imports Mantine's styles per component (mantine-shell.css for the first page,
 * mantine-pages.css for lazily loaded parts) instead of the whole 253 KB. A component whose
 * styles are missing renders unstyled without any error, so this test reads the code: every
 * Mantine component a module uses must have its styles in a list that module is sure to have loaded.
 */
const SOURCE = fileURLToPath(new URL("..", import.meta.url));
const MANTINE_STYLES = fileURLToPath(new URL("../../../node_modules/@mantine/core/styles", import.meta.url));

/** Components whose styles others are built on (Mantine's "CSS files list" page names them). */
const DEPENDS_ON: Record<string, string[]> = {
  ActionIcon: ["UnstyledButton"],
  Anchor: ["Text"],
  Button: ["UnstyledButton"],
  Menu: ["Popover", "UnstyledButton"],
  Modal: ["ModalBase", "Overlay", "CloseButton", "Paper"],
  NavLink: ["UnstyledButton"],
  NumberInput: ["Input"],
  Pagination: ["UnstyledButton"],
  PasswordInput: ["Input", "ActionIcon"],
  SegmentedControl: ["FloatingIndicator"],
  Select: ["Combobox", "Input", "Popover", "ScrollArea"],
  Switch: ["InlineInput"],
  TextInput: ["Input"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes(".test.") ? [full] : [];
  });
}

interface Module {
  /** Modules imported statically (loaded with this one), resolved to files. */
  imports: string[];
  /** Mantine components imported as values. */
  components: string[];
  /** Style lists imported, by file name. */
  styles: string[];
}

function readModule(file: string): Module {
  const text = readFileSync(file, "utf8");
  const imports: string[] = [];
  for (const match of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"(\.[^"]+)\.js";/gms)) {
    const base = path.resolve(path.dirname(file), match[1]!);
    const found = [`${base}.tsx`, `${base}.ts`].find((candidate) => existsSync(candidate));
    if (found) imports.push(found);
  }
  const components: string[] = [];
  for (const match of text.matchAll(/^import\s+\{([^}]*)\}\s+from\s+"@mantine\/core";/gm)) {
    for (const name of match[1]!.split(",").map((part) => part.trim())) {
      if (/^[A-Z]/.test(name)) components.push(name);
    }
  }
  const styles = [...text.matchAll(/^import\s+"[^"]*\/(mantine-[a-z]+\.css)";/gm)].map((match) => match[1]!);
  return { imports, components, styles };
}

/** The components a style list imports. */
function listed(list: string): Set<string> {
  const text = readFileSync(path.join(SOURCE, "styles", list), "utf8");
  return new Set([...text.matchAll(/@mantine\/core\/styles\/([A-Za-z]+)\.css/g)].map((match) => match[1]!));
}

/** A component's styles with those it is built on; only components that have a styles file. */
function needed(component: string): string[] {
  return [component, ...(DEPENDS_ON[component] ?? [])].filter((name) =>
    existsSync(path.join(MANTINE_STYLES, `${name}.css`)),
  );
}

const modules = new Map(sourceFiles(SOURCE).map((file) => [file, readModule(file)]));

function reachable(from: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of modules.get(file)?.imports ?? []) visit(next);
  };
  visit(from);
  return seen;
}

describe("Mantine's styles, imported per component", () => {
  const shell = listed("mantine-shell.css");
  const pages = listed("mantine-pages.css");
  const firstPage = reachable(path.join(SOURCE, "main.tsx"));
  // Modules loaded with mantine-pages.css: everything statically reachable from a module importing it.
  const withPages = new Set(
    [...modules]
      .filter(([, module]) => module.styles.includes("mantine-pages.css"))
      .flatMap(([file]) => [...reachable(file)]),
  );

  it("has the styles of every component the first page uses in the shell's list", () => {
    const missing = [...firstPage].flatMap((file) =>
      (modules.get(file)?.components ?? [])
        .flatMap(needed)
        .filter((name) => !shell.has(name))
        .map((name) => `${path.relative(SOURCE, file)}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("has the styles of every other component in a list loaded with the module that uses it", () => {
    const missing = [...modules].flatMap(([file, module]) =>
      module.components
        .flatMap(needed)
        .filter((name) => !shell.has(name) && !(pages.has(name) && withPages.has(file)))
        .map((name) => `${path.relative(SOURCE, file)}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("lists no component that nothing uses", () => {
    const used = new Set([...modules.values()].flatMap((module) => module.components.flatMap(needed)));
    // The global styles, which no component names.
    const always = ["baseline", "default-css-variables", "global"];
    const unused = [...shell, ...pages].filter((name) => !used.has(name) && !always.includes(name));
    expect(unused).toEqual([]);
  });

  it("keeps a lazily loaded component out of the first page's list", () => {
    const firstPageUses = new Set(
      [...firstPage].flatMap((file) => (modules.get(file)?.components ?? []).flatMap(needed)),
    );
    expect([...shell].filter((name) => pages.has(name))).toEqual([]);
    expect([...pages].filter((name) => firstPageUses.has(name))).toEqual([]);
  });
});

import { NAME_PATTERN } from "../config/document.js";

/** What the parts of `nines import alertmanager` share: the warnings, the Secret keys, names. */
export interface ImportContext {
  warn(message: string): void;
  /** Warns about the fields of `object` Nines does not take. */
  leftOut(where: string, object: Record<string, unknown>, known: readonly string[], why?: string): void;
  /** A reference to a key of the import's Secret, noted once with where its value was. */
  secret(key: string, from: string): { secretRef: { name: string; key: string } };
}

export interface SecretKey {
  key: string;
  /** Where Alertmanager's config had the value (it is never copied into the output). */
  from: string;
}

export function createImportContext(secretName: string) {
  const warnings: string[] = [];
  const secrets = new Map<string, SecretKey>();
  const context: ImportContext = {
    warn: (message) => warnings.push(message),
    leftOut(where, object, known, why) {
      const unknown = Object.keys(object).filter((field) => !known.includes(field));
      if (unknown.length > 0) warnings.push(`${where}: left out ${unknown.join(", ")}${why ? ` (${why})` : ""}`);
    },
    secret(key, from) {
      const cleaned = key.replace(/[^A-Za-z0-9._-]+/g, "-");
      if (!secrets.has(cleaned)) secrets.set(cleaned, { key: cleaned, from });
      return { secretRef: { name: secretName, key: cleaned } };
    },
  };
  return { context, warnings, secrets: () => [...secrets.values()] };
}

/**
 * Object names for Alertmanager's names (any text there), unique among those given out: letters,
 * digits, `.`, `_` and `-`, at most 63 characters.
 */
export function createNamer() {
  const given = new Map<string, string>();
  const taken = new Set<string>();
  return (text: string): string => {
    const known = given.get(text);
    if (known) return known;
    const base =
      text
        .replace(/[^A-Za-z0-9._-]+/g, "-")
        .replace(/^[^A-Za-z0-9]+/, "")
        .slice(0, 59)
        .replace(/[^A-Za-z0-9]+$/, "") || "imported";
    let name = NAME_PATTERN.test(base) ? base : "imported";
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}-${suffix}`;
    given.set(text, name);
    taken.add(name);
    return name;
  };
}

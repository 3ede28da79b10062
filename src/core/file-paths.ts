// How a file an object names must be written; pure, so validation runs in the browser too.

/**
 * What is wrong with `name` as a path inside the files directory, judged on its text alone so
 * offline validation can say it: relative, forward slashes, no `..`, nothing a file system treats
 * specially.
 */
export function describeFilePathProblem(name: string): string | undefined {
  if (name === "") return "is empty";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name))
    return "must be relative to the files directory (--files-dir), not absolute";
  if (name.includes("\\")) return "must use / between directories, not \\";
  if (name.split("/").some((segment) => segment === ".."))
    return "must stay inside the files directory (--files-dir): `..` is not allowed";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f]/.test(name)) return "must not contain control characters";
  return undefined;
}

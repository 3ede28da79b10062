/**
 * Rows per statement for inserts and `in (...)` lists: 500 rows of up to 60 columns stay under
 * SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
 */
export const ROWS_PER_INSERT = 500;

/** `items` in order, in runs of at most `size`. */
export function chunks<T>(items: readonly T[], size = ROWS_PER_INSERT): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * JSON columns: text on SQLite, jsonb on PostgreSQL. Both accept a JSON string on write
 * (PostgreSQL casts text to jsonb), and the pg driver returns jsonb already parsed.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

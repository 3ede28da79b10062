import { randomBytes } from "node:crypto";
import type { Kysely, KyselyPlugin } from "kysely";
import { afterEach, beforeEach } from "vitest";
import { openStore, type Store } from "../../src/store/database.js";
import type { Database } from "../../src/store/schema.js";

/**
 * The backends every store test runs on: SQLite always, PostgreSQL when DATABASE_URL is set.
 * Without it the PostgreSQL cases skip with a visible reason, except under NINES_REQUIRE_ALL=1
 * (CI), where a missing database is a failure. Each store gets its own PostgreSQL schema, so test
 * files and concurrent runs never see each other's rows.
 */
export interface Backend {
  name: "sqlite" | "postgres";
  /** Why this backend is skipped, or undefined when it runs. */
  skip: string | undefined;
  open(): Promise<Store>;
}

const databaseUrl = process.env.DATABASE_URL;
const requireAll = process.env.NINES_REQUIRE_ALL === "1";

if (!databaseUrl && requireAll) {
  throw new Error("NINES_REQUIRE_ALL=1 but DATABASE_URL is not set: the PostgreSQL tests cannot run");
}

export const backends: Backend[] = [
  { name: "sqlite", skip: undefined, open: () => openStore({ dataDir: ":memory:" }) },
  {
    name: "postgres",
    skip: databaseUrl ? undefined : "DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)",
    open: async () => {
      const schema = `nines_test_${randomBytes(6).toString("hex")}`;
      return openStore({ databaseUrl, schema });
    },
  },
];

/**
 * Kept for the files that call it from afterAll: the schemas are dropped at the end of the run
 * (`global-setup.ts`), since dropping one while another worker migrates makes that migration fail.
 */
export async function dropTestSchemas(): Promise<void> {}

/**
 * Opens a fresh store on `backend` before each test of the calling `describe` (skipping, with the
 * reason, when the backend is not available) and closes it after; `use` receives each new store.
 */
export function openStoreForEachTest(backend: Backend, use: (store: Store) => void): void {
  let store: Store | undefined;
  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    store = await backend.open();
    use(store);
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
}

/** `db` through a plugin that counts the queries it executes, for tests that bound them. */
export function countQueries(db: Kysely<Database>): { db: Kysely<Database>; readonly count: number; reset(): void } {
  let count = 0;
  const counting: KyselyPlugin = {
    transformQuery: (args) => args.node,
    // Called once per executed query; transformQuery also sees subqueries.
    transformResult: async (args) => {
      count++;
      return args.result;
    },
  };
  return {
    db: db.withPlugin(counting),
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
  };
}

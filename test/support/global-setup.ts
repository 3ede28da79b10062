import pg from "pg";

/**
 * Drops the PostgreSQL schemas the tests made, once every file has finished. Not per file: Kysely's
 * migrator introspects the tables of every schema (`has_schema_privilege` on each), so a schema
 * dropped by one worker while another migrates fails the other's migration with "schema does not
 * exist". Every `nines_test_` schema goes, including those a crashed earlier run left behind.
 */
export async function teardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>(
      "select nspname as name from pg_namespace where nspname like 'nines\\_test\\_%'",
    );
    for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`);
  } catch (error) {
    console.warn(`could not drop the test schemas: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

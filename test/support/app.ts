import { type Logger, pino } from "pino";
import { createToken } from "../../src/auth/tokens.js";
import { createManualClock, type ManualClock } from "../../src/core/clock.js";
import { type AppDeps, createNines, type Nines } from "../../src/server/app.js";
import { openStore, type Store } from "../../src/store/database.js";

export interface TestApp {
  nines: Nines;
  store: Store;
  clock: ManualClock;
  token: string;
  /** Authorization header for writes. */
  auth: { authorization: string };
  close(): Promise<void>;
}

/** A whole Nines on in-memory SQLite and a manual clock, for `app.inject()` tests. */
export async function createTestApp(
  options: {
    store?: Store;
    demo?: boolean;
    webDir?: string;
    /** Where the log goes; silent when absent. */
    logger?: Logger;
  } & Pick<AppDeps, "env" | "filesDir" | "keyring"> = {},
): Promise<TestApp> {
  const store = options.store ?? (await openStore({ dataDir: ":memory:" }));
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));
  const nines = await createNines({
    store,
    clock,
    logger: options.logger ?? pino({ level: "silent" }),
    ...(options.env && { env: options.env }),
    ...(options.filesDir && { filesDir: options.filesDir }),
    ...(options.keyring && { keyring: options.keyring }),
    demo: options.demo ?? false,
    webDir: options.webDir ?? "/nonexistent",
  });
  const { token } = await createToken(store.db, "test", clock.now());
  return {
    nines,
    store,
    clock,
    token,
    auth: { authorization: `Bearer ${token}` },
    async close() {
      await nines.stop();
      await store.close();
    },
  };
}

export const monitorDocument = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: { type: "http", url: `https://${name}.example/health`, interval: "30s", ...spec },
});

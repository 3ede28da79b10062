import { type Logger, pino } from "pino";
import type { FailureLimitOptions } from "../../src/auth/rate-limit.js";
import { createToken } from "../../src/auth/tokens.js";
import type { Role } from "../../src/core/access.js";
import { createManualClock, type ManualClock } from "../../src/core/clock.js";
import { type AppDeps, createNines, type Nines } from "../../src/server/app.js";
import { openStore, type Store } from "../../src/store/database.js";

export interface TestApp {
  nines: Nines;
  store: Store;
  clock: ManualClock;
  /** An admin token: it may do everything. */
  token: string;
  /** Authorization header of the admin token. */
  auth: { authorization: string };
  /** Authorization header of a new token of `role` (each call makes another). */
  tokenFor(role: Role, options?: { expiresAt?: number }): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  store?: Store;
  demo?: boolean;
  webDir?: string;
  /** Where the log goes; silent when absent. */
  logger?: Logger;
  filesDir?: string;
  env?: AppDeps["env"];
  keyring?: AppDeps["keyring"];
  /**
   * Reads without a token. On by default here, so a test about something else reads as the UI of
   * the demo does; the access tests turn it off, as a server is by default.
   */
  anonymousRead?: boolean;
  metricsPublic?: boolean;
  outbound?: AppDeps["outbound"];
  allowedHosts?: string[];
  failedLoginLimit?: FailureLimitOptions;
  onFailedLoginBurst?: (address: string, count: number) => void;
  alertIngestAllow?: string[];
}

/** A whole Nines on in-memory SQLite and a manual clock, for `app.inject()` tests. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const store = options.store ?? (await openStore({ dataDir: ":memory:" }));
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));
  const nines = await createNines({
    store,
    clock,
    logger: options.logger ?? pino({ level: "silent" }),
    ...(options.env && { env: options.env }),
    ...(options.keyring && { keyring: options.keyring }),
    demo: options.demo ?? false,
    webDir: options.webDir ?? "/nonexistent",
    ...(options.filesDir !== undefined && { filesDir: options.filesDir }),
    anonymousRead: options.anonymousRead ?? true,
    metricsPublic: options.metricsPublic ?? false,
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.failedLoginLimit ? { failedLoginLimit: options.failedLoginLimit } : {}),
    ...(options.onFailedLoginBurst ? { onFailedLoginBurst: options.onFailedLoginBurst } : {}),
    ...(options.alertIngestAllow ? { alertIngestAllow: options.alertIngestAllow } : {}),
  });
  const { token } = await createToken(store.db, "test", clock.now(), { role: "admin" });
  let made = 0;
  return {
    nines,
    store,
    clock,
    token,
    auth: { authorization: `Bearer ${token}` },
    async tokenFor(role, { expiresAt } = {}) {
      made += 1;
      const created = await createToken(store.db, `test-${role}-${made}`, clock.now(), { role, expiresAt });
      return { authorization: `Bearer ${created.token}` };
    },
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

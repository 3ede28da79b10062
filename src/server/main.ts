import os from "node:os";
import path from "node:path";
import { type Logger, pino } from "pino";
import { defaultAllowedHosts } from "../auth/hosts.js";
import { loadFiles } from "../config/load.js";
import { systemClock } from "../core/clock.js";
import { NinesError } from "../core/errors.js";
import { KINDS } from "../kinds.js";
import { loadKeyring } from "../secrets/keyring.js";
import { openStore } from "../store/database.js";
import { createNines, type Nines } from "./app.js";
import { resolveStoreOptions, type Settings } from "./settings.js";

export interface RunningServer {
  nines: Nines;
  url: string;
  /** Graceful stop: no new requests, in-flight checks finish, buffered results are written. */
  shutdown(reason: string): Promise<void>;
}

/** `nines server`: opens the store, applies `-f` files, starts the engines and listens. */
export async function startServer(
  settings: Settings,
  options: { logger?: Logger; handleSignals?: boolean; webDir?: string } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: settings.logLevel, base: { service: "nines" } });
  const store = await openStore(resolveStoreOptions(settings));
  logger.info({ database: store.dialect, location: store.location }, "database ready");

  const keyFile = settings.secretKeyFile ?? path.join(settings.dataDir, "secret.key");
  if (store.dialect === "postgres" && !settings.secretKey)
    logger.warn(
      { keyFile },
      "Secret values are encrypted with a key file: every server of this database needs the same one",
    );
  const nines = await createNines({
    store,
    keyring: loadKeyring({ key: settings.secretKey, keyFile }),
    env: process.env,
    clock: systemClock,
    logger,
    demo: settings.demo,
    probeConcurrency: settings.probeConcurrency,
    rawRetentionMs: settings.rawRetention,
    rollupRetentionMs: settings.rollupRetention,
    filesDir: settings.filesDir ?? path.join(settings.dataDir, "files"),
    outbound: {
      probe: { allow: settings.probeAllow, deny: settings.probeDeny },
      notify: { allow: settings.notifyAllow, deny: settings.notifyDeny },
    },
    anonymousRead: settings.anonymousRead || settings.demo,
    metricsPublic: settings.metricsPublic,
    alertIngestAllow: settings.alertIngestAllow,
    alertResolveTimeoutMs: settings.alertResolveTimeout,
    externalUrl:
      settings.externalUrl ??
      `http://${settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host}:${settings.port}`,
    allowedHosts: settings.allowedHosts ?? defaultAllowedHosts(settings.host, machineNames()),
    ...(options.webDir ? { webDir: options.webDir } : {}),
  });
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    shuttingDown ??= (async () => {
      logger.info({ reason }, "shutting down");
      const timer = setTimeout(() => {
        logger.error({ timeoutMs: settings.shutdownTimeoutMs }, "shutdown took too long; exiting");
        process.exit(1);
      }, settings.shutdownTimeoutMs);
      timer.unref();
      await nines.stop();
      await store.close();
      clearTimeout(timer);
      logger.info("stopped");
    })();
    return shuttingDown;
  };

  try {
    await nines.start();
    const address = await nines.app.listen({ port: settings.port, host: settings.host });
    const port = new URL(address).port;
    const url = `http://${settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host}:${port}`;
    if (settings.configFiles.length) await applyStartupFiles(nines, settings.configFiles, url, logger);
    if (options.handleSignals !== false) {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => {
          void shutdown(signal).then(() => process.exit(0));
        });
      }
    }
    logger.info({ url }, "Nines is listening");
    return { nines, url, shutdown };
  } catch (error) {
    await shutdown("start failed");
    throw error;
  }
}

/** The addresses of this machine's interfaces and its host name: what clients may call it. */
function machineNames() {
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .flatMap((entry) => (entry ? [entry.address] : []));
  return { addresses, hostname: os.hostname() };
}

/** `-f` files at start; `${NINES_URL}` in them is this server's own address (the demo uses it). */
async function applyStartupFiles(nines: Nines, files: string[], url: string, logger: Logger) {
  const { documents, issues } = loadFiles(files, { env: { ...process.env, NINES_URL: url }, kinds: KINDS });
  if (issues.length) {
    throw new NinesError(
      "Invalid",
      `the files given with -f have ${issues.length} problem${issues.length === 1 ? "" : "s"}:`,
      issues,
    );
  }
  const plan = await nines.config.apply(documents.map((loaded) => loaded.document));
  logger.info({ files, ...plan.summary }, "applied configuration files");
}

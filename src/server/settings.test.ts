import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { NinesError } from "../core/errors.js";
import { readSettingsFile, resolveSettings, resolveStoreOptions, settingsFromEnv } from "./settings.js";

describe("server settings", () => {
  it("has defaults that start the embedded demo-ready server", () => {
    expect(resolveSettings({})).toMatchObject({
      port: 9999,
      host: "127.0.0.1",
      dataDir: "data",
      configFiles: [],
      demo: false,
    });
  });

  it("layers flags over environment over file", () => {
    const settings = resolveSettings({
      file: { port: 1000, dataDir: "/from-file", logLevel: "debug" },
      env: settingsFromEnv({
        NINES_PORT: "2000",
        NINES_DATA: "/from-env",
        NINES_FILES: "a.yaml, b/",
        NINES_DEMO: "true",
      }),
      flags: { port: "3000" },
    });
    expect(settings).toMatchObject({
      port: 3000,
      dataDir: "/from-env",
      logLevel: "debug",
      configFiles: ["a.yaml", "b/"],
      demo: true,
    });
  });

  it("reads the access settings from flags and the environment, closed by default", () => {
    expect(resolveSettings({})).toMatchObject({ anonymousRead: false, metricsPublic: false });
    expect(resolveSettings({}).allowedHosts).toBeUndefined();
    const settings = resolveSettings({
      env: settingsFromEnv({
        NINES_ANONYMOUS_READ: "yes",
        NINES_METRICS_PUBLIC: "false",
        NINES_ALLOWED_HOSTS: "nines.example.com, .internal",
      }),
    });
    expect(settings).toMatchObject({
      anonymousRead: true,
      metricsPublic: false,
      allowedHosts: ["nines.example.com", ".internal"],
    });
    expect(resolveSettings({ flags: { metricsPublic: true, allowedHosts: ["*"] } })).toMatchObject({
      metricsPublic: true,
      allowedHosts: ["*"],
    });
  });

  it("names the source of a bad value", () => {
    const attempt = (layers: Parameters<typeof resolveSettings>[0]) => {
      try {
        resolveSettings(layers);
      } catch (error) {
        return (error as NinesError).message;
      }
      return "no error";
    };
    expect(attempt({ env: settingsFromEnv({ NINES_PORT: "http" }) })).toMatch(
      /environment variable NINES_PORT: .*number/,
    );
    expect(attempt({ flags: { port: "70000" } })).toMatch(/flag --port: .*65535/);
    expect(attempt({ file: { prot: 1 }, fileName: "nines.yaml" })).toMatch(/unknown settings: prot/);
    expect(attempt({ env: settingsFromEnv({ DATABASE_URL: "mysql://x" }) })).toMatch(
      /DATABASE_URL: expected a postgres/,
    );
  });

  it("puts the tables in a PostgreSQL schema only when a URL and a schema are set", () => {
    const url = "postgres://nines@db/nines";
    const settings = resolveSettings({ env: settingsFromEnv({ DATABASE_URL: url, NINES_DATABASE_SCHEMA: "team_a" }) });
    expect(resolveStoreOptions(settings)).toEqual({ databaseUrl: url, schema: "team_a" });
    expect(resolveStoreOptions(resolveSettings({ env: { databaseUrl: url } }))).toEqual({ databaseUrl: url });
    expect(resolveStoreOptions(resolveSettings({ flags: { databaseSchema: "team_a" } }))).toEqual({ dataDir: "data" });
    expect(() => resolveSettings({ flags: { databaseSchema: "Team-A; drop" } })).toThrow(
      /flag --database-schema: expected a schema name/,
    );
  });

  it("reads retention as durations, in milliseconds, an hour at least", () => {
    expect(resolveSettings({})).toMatchObject({ rawRetention: 7 * 86_400_000, rollupRetention: 400 * 86_400_000 });
    expect(
      resolveSettings({ env: settingsFromEnv({ NINES_RAW_RETENTION: "2d" }), flags: { rollupRetention: "90d" } }),
    ).toMatchObject({ rawRetention: 2 * 86_400_000, rollupRetention: 90 * 86_400_000 });
    expect(() => resolveSettings({ flags: { rawRetention: "30m" } })).toThrow(
      /flag --raw-retention: expected a duration of an hour or more/,
    );
  });

  it("reads a YAML settings file and rejects one that is not a mapping", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "nines-settings-"));
    try {
      const good = path.join(dir, "nines.yaml");
      writeFileSync(good, "port: 8080\nconfigFiles: [examples/demo]\n");
      expect(readSettingsFile(good)).toEqual({ port: 8080, configFiles: ["examples/demo"] });
      const bad = path.join(dir, "bad.yaml");
      writeFileSync(bad, "- port\n");
      expect(() => readSettingsFile(bad)).toThrow(/expected a mapping/);
      expect(() => readSettingsFile(path.join(dir, "missing.yaml"))).toThrow(/cannot read the settings file .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

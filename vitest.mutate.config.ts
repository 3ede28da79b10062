import { defineConfig } from "vitest/config";

// The unit tests of the files under mutation testing (stryker.config.json), so that one mutant
// runs a few hundred fast tests instead of the whole suite with its servers and browsers.
export default defineConfig({
  test: {
    include: [
      "src/probes/state.test.ts",
      "src/probes/engine-state.test.ts",
      "src/probes/rollups.test.ts",
      "src/probes/uptime-store.test.ts",
      "src/probes/scheduler.test.ts",
      "src/probes/maintenance.test.ts",
      "src/probes/checks/http-assertions.test.ts",
      "src/config/plan*.test.ts",
      "test/store/config.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "web/src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser and PostgreSQL tests start servers; two workers fit the 2-core machines.
    maxWorkers: 2,
    globalSetup: ["test/support/global-setup.ts"],
  },
});

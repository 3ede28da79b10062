import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "web/src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser and PostgreSQL tests start servers; two workers fit the 2-core machines.
    maxWorkers: 2,
    globalSetup: ["test/support/global-setup.ts"],
    // The fuzz test measures the heap after a full collection; setting the flag at run time instead
    // is unsupported by V8 and has crashed a worker.
    execArgv: ["--expose-gc"],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites share one stack; files run one at a time so load tests do not starve each other on 2 cores.
    fileParallelism: false,
    allowOnly: false,
  },
});

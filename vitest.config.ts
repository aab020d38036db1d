import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // The end-to-end tests each start Chromium; two cores do not gain from running them at once.
    fileParallelism: false,
  },
});

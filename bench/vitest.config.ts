import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // Core's internals are not published: the benchmarks take them from source.
    alias: {
      "#core-internal": fileURLToPath(new URL("../packages/core/src/internal.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
})

import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    alias: {
      "@mlskit/delivery/testing/contract": fileURLToPath(
        new URL("./src/testing/contract.ts", import.meta.url),
      ),
      "@mlskit/delivery/testing": fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)),
      "@mlskit/delivery": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
  },
})

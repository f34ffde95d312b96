import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/testing/index.ts", "src/testing/contract.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // The contract suites run inside the consumer's Vitest: never bundle a copy
  // (vitest is a devDependency here, which tsup would otherwise inline).
  external: ["vitest"],
})

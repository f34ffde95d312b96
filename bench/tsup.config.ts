import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/run-all.ts", "src/run-one.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
})

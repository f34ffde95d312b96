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
  // ts-mls's JavaScript is bundled: the copy pnpm installed carries
  // patches/ts-mls@1.6.4.patch, and npm users must run the code the tests ran
  // (THIRD_PARTY_NOTICES; README "The workspace's ts-mls patch"). Its own imports
  // (@hpke/*, @noble/*) stay external: they are core's dependencies or peers.
  // The .d.ts files still import ts-mls's types, which the patch leaves alone.
  noExternal: [/^ts-mls(\/|$)/],
})

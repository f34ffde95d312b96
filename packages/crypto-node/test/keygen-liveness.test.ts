/**
 * Regression: on Node 20, exporting keys made by generateKeyPairSync in a
 * tight loop deadlocks the main thread for good (within a few thousand
 * iterations here). The provider makes keys from random bytes and imports
 * them instead; this makes and exports 100,000 keys that way in a child
 * process, which must finish.
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "tsup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let dir: string

beforeAll(async () => {
  // Inside the package, so the bundle resolves ts-mls from its node_modules.
  const cache = fileURLToPath(new URL("../node_modules/.cache", import.meta.url))
  mkdirSync(cache, { recursive: true })
  dir = mkdtempSync(join(cache, "keygen-loop-"))
  await build({
    entry: { "keygen-loop": fileURLToPath(new URL("./fixtures/keygen-loop.ts", import.meta.url)) },
    outDir: dir,
    format: ["esm"],
    target: "node20",
    silent: true,
    noExternal: [/^(?!ts-mls|@hpke|@noble)/],
  })
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("key generation", () => {
  it("never deadlocks while making and exporting keys", () => {
    const child = spawnSync(process.execPath, [join(dir, "keygen-loop.js"), "50000"], {
      encoding: "utf8",
      timeout: 120_000,
    })
    expect(child.signal, "the child was killed: it hung").toBeNull()
    expect(child.status).toBe(0)
    expect(child.stdout).toContain("generated 50000")
  }, 150_000)
})

/**
 * Run inside a scratch project where every publishable mlskit package was
 * installed from its packed tarball with npm: loads every export with
 * import() and require(), checks that the contract suites name Vitest when it
 * is missing, that core's internals are not reachable, that each package
 * ships the root LICENSE, and that SQLite really works (native build).
 * Usage (copied into the project): node check-exports.mjs <repo root> <name>...
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"

const [root, ...names] = process.argv.slice(2)
const require = createRequire(join(process.cwd(), "package.json"))
const license = readFileSync(join(root, "LICENSE"), "utf8")
const failures = []
const fail = (message) => failures.push(message)

/** Runs `load` and checks that it fails with a message matching `pattern`. */
async function expectFailure(what, load, pattern) {
  try {
    await load()
    fail(`${what}: loaded, expected a failure matching ${pattern}`)
  } catch (error) {
    if (!pattern.test(String(error?.message))) fail(`${what}: ${error?.message}`)
  }
}

for (const name of names) {
  const dir = join(process.cwd(), "node_modules", name)
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  if (readFileSync(join(dir, "LICENSE"), "utf8") !== license)
    fail(`${name}: LICENSE differs from the root LICENSE`)
  for (const field of ["repository", "homepage", "bugs"])
    if (!pkg[field]) fail(`${name}: no ${field}`)
  const loaded = []
  for (const subpath of Object.keys(pkg.exports)) {
    if (subpath.endsWith(".json")) continue
    const specifier = name + subpath.slice(1)
    if (subpath === "./testing/contract") {
      // Contract suites declare Vitest tests: without vitest they name it.
      await expectFailure(`import ${specifier}`, () => import(specifier), /'vitest'/)
      await expectFailure(`require ${specifier}`, () => require(specifier), /'vitest'/)
      continue
    }
    try {
      const esm = await import(specifier)
      const cjs = require(specifier)
      if (Object.keys(esm).length === 0) fail(`${specifier}: no exports`)
      if (
        Object.keys(cjs).join() !==
          Object.keys(esm)
            .filter((k) => k !== "default")
            .join() &&
        Object.keys(cjs).join() !== Object.keys(esm).join()
      )
        fail(`${specifier}: require() and import() differ`)
      loaded.push(specifier)
    } catch (error) {
      fail(`${specifier}: ${error.message}`)
    }
  }
  console.log(`import() and require() load ${loaded.join(", ")}`)
}

await expectFailure(
  "import @mlskit/core/internal",
  () => import("@mlskit/core/internal"),
  /not exported|not defined by "exports"/,
)

// The native SQLite build works: the service opens its default store.
const { loadServiceConfig, startMlsService } = await import("@mlskit/service")
const dataDir = mkdtempSync(join(tmpdir(), "mlskit-packed-"))
try {
  const config = loadServiceConfig({
    toml: `[storage]\ndata_dir = "${dataDir}"\n[logging]\nlevel = "warn"`,
    env: {},
  })
  const service = await startMlsService(config, { processMetrics: false })
  const alice = await service.createIdentity("alice")
  await service.createGroup(alice.id, "team")
  await service.shutdown.shutdown("check done")
  console.log("@mlskit/service started on SQLite with @mlskit/crypto-node and created a group")
} catch (error) {
  fail(`service on SQLite: ${error.message}`)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}

if (failures.length > 0) {
  console.error(failures.map((f) => `FAIL ${f}`).join("\n"))
  process.exit(1)
}

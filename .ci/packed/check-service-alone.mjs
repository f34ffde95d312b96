/**
 * Run inside a scratch project where only @mlskit/service and
 * @mlskit/store-postgres were installed (from packed tarballs, with npm):
 * neither SQLite driver nor crypto-node was installed, the service imports,
 * starts on the memory store with ts-mls's provider, and names the package
 * to install when the config asks for SQLite or the node provider.
 */
import { existsSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"

const require = createRequire(join(process.cwd(), "package.json"))
const failures = []
const fail = (message) => failures.push(message)

for (const absent of ["better-sqlite3", "@mlskit/store-sqlite", "@mlskit/crypto-node"]) {
  if (existsSync(join("node_modules", absent))) fail(`${absent} was installed`)
}

const service = await import("@mlskit/service")
if (typeof require("@mlskit/service").startMlsService !== "function")
  fail("require(@mlskit/service)")
await import("@mlskit/store-postgres")

const { loadServiceConfig, startMlsService } = service
const config = (toml) => loadServiceConfig({ toml: `${toml}\n[logging]\nlevel = "warn"`, env: {} })

const started = await startMlsService(
  config('[storage]\ndriver = "memory"\n[mls]\ncrypto_provider = "default"'),
  { processMetrics: false },
)
const alice = await started.createIdentity("alice")
await started.createGroup(alice.id, "team")
await started.shutdown.shutdown("check done")

for (const [toml, packageName] of [
  [
    '[storage]\ndriver = "sqlite"\ndata_dir = "./data"\n[mls]\ncrypto_provider = "default"',
    "@mlskit/store-sqlite",
  ],
  ['[storage]\ndriver = "memory"\n[mls]\ncrypto_provider = "node"', "@mlskit/crypto-node"],
]) {
  try {
    await startMlsService(config(toml), { processMetrics: false })
    fail(`started without ${packageName}`)
  } catch (error) {
    if (
      error.code !== "MISSING_DEPENDENCY" ||
      error.packageName !== packageName ||
      !error.message.includes(`npm install ${packageName}`)
    )
      fail(`without ${packageName}: ${error.code} ${error.message}`)
  }
}

if (failures.length > 0) {
  console.error(failures.map((f) => `FAIL ${f}`).join("\n"))
  process.exit(1)
}
console.log(
  "@mlskit/service installs without better-sqlite3, @mlskit/store-sqlite and @mlskit/crypto-node, starts on memory, and names the package for sqlite and the node provider",
)

/**
 * Store drivers and the node crypto provider are optional peers, loaded when
 * the configuration names them. (That the service installs and starts without
 * them is proven from packed tarballs by .ci/check-packed-install.)
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import type { MissingDependencyError } from "@mlskit/core"
import { expectMlskitError } from "@mlskit/core/testing"
import { afterEach, describe, expect, it } from "vitest"
import { loadOptionalPackage } from "../src/optional-package.js"

describe("optional packages", () => {
  const dirs: string[] = []
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })

  it("rejects a package that is not installed with MissingDependencyError naming what to install", async () => {
    const error = await expectMlskitError(
      loadOptionalPackage("@mlskit/store-not-installed", 'storage.driver = "x"'),
      "MISSING_DEPENDENCY",
    )
    expect((error as MissingDependencyError).packageName).toBe("@mlskit/store-not-installed")
    expect(error.message).toBe(
      'storage.driver = "x" needs the package "@mlskit/store-not-installed": ' +
        "install it with `npm install @mlskit/store-not-installed`",
    )
    expect(error.retryable).toBe(false)
  })

  it("lets a failure inside an installed package through unchanged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlskit-optional-"))
    dirs.push(dir)
    const broken = join(dir, "broken.mjs")
    await writeFile(broken, 'import "@mlskit/dependency-of-a-driver"\n')
    const load = loadOptionalPackage(pathToFileURL(broken).href, 'storage.driver = "x"')
    await expect(load).rejects.toMatchObject({ code: "ERR_MODULE_NOT_FOUND" })
    await expect(load).rejects.toThrow(/@mlskit\/dependency-of-a-driver/)
  })

  it("returns the module of an installed package", async () => {
    const mod = await loadOptionalPackage<typeof import("@mlskit/crypto-node")>(
      "@mlskit/crypto-node",
      'mls.crypto_provider = "node"',
    )
    expect(typeof mod.createNodeCryptoProvider).toBe("function")
    expect(mod.nodeCryptoProvider).toBeDefined()
  })
})

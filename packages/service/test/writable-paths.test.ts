/**
 * Every directory the service will write to is checked at start. The tests
 * run as root, which ignores file modes (a chmod 0555 directory is still
 * writable for root), so an unwritable directory is made the way that fails
 * for every user: a path below a regular file, where mkdir and open fail
 * with ENOTDIR, as they fail with EROFS on a read-only root file system.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { generateStateKey } from "@mlskit/core"
import { afterAll, describe, expect, it } from "vitest"
import { checkWritableDir, loadServiceConfig, startMlsService } from "../src/index.js"

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A directory path nobody, root included, can create: below a regular file. */
function unwritableDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-writable-"))
  dirs.push(dir)
  writeFileSync(join(dir, "a-file"), "")
  return join(dir, "a-file", "below")
}

const start = (toml: string) =>
  startMlsService(
    loadServiceConfig({
      env: {},
      toml: `${toml}\n[logging]\nlevel = "silent"\n`,
    }),
    { processMetrics: false },
  )

describe("directories the service writes to, checked at start", () => {
  it("refuses to start when shutdown.snapshot_dir cannot be written, naming the key and the path", async () => {
    const dir = unwritableDir()
    const stateKey = generateStateKey()
    await expect(
      start(
        `[storage]\ndriver = "memory"\nstate_key = "${stateKey}"\n[shutdown]\nsnapshot_dir = ${JSON.stringify(dir)}`,
      ),
    ).rejects.toMatchObject({
      code: "CONFIG_ERROR",
      key: "shutdown.snapshot_dir",
      message: expect.stringContaining(`${dir} is not writable (ENOTDIR)`),
    })
  })

  it("refuses to start on SQLite when storage.data_dir cannot be written", async () => {
    const dir = unwritableDir()
    await expect(
      start(
        `[storage]\ndriver = "sqlite"\ndata_dir = ${JSON.stringify(dir)}\nstate_key = "${generateStateKey()}"`,
      ),
    ).rejects.toMatchObject({
      code: "CONFIG_ERROR",
      key: "storage.data_dir",
      message: expect.stringContaining(`${dir} is not writable`),
    })
  })

  it("names storage.state_key_file when the state key file cannot be generated", async () => {
    const dir = unwritableDir()
    await expect(
      start(
        `[storage]\ndriver = "memory"\nstate_key_file = ${JSON.stringify(join(dir, "state-key"))}`,
      ),
    ).rejects.toMatchObject({ code: "CONFIG_ERROR", key: "storage.state_key_file" })
  })

  it("checkWritableDir creates a missing directory and leaves nothing else in it", () => {
    const parent = mkdtempSync(join(tmpdir(), "mlskit-writable-"))
    dirs.push(parent)
    const dir = join(parent, "new", "snapshots")
    checkWritableDir({ key: "shutdown.snapshot_dir", dir, purpose: "snapshots" })
    expect(readdirSync(dir)).toEqual([])
  })
})

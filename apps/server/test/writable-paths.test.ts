/**
 * A server that cannot write where its configuration says it will refuses to
 * start, as a process: exit 1 before listening, naming the config key and
 * the path. Before, it started, served, and failed only at shutdown (the
 * snapshot) with exit code 1 and no word why.
 *
 * The tests run as root, and root ignores file modes: a chmod 0555 directory
 * is still writable for it. So the unwritable directory is a path below a
 * regular file, where mkdir and open fail with ENOTDIR for every user, or a
 * new file in /sys, which root cannot create either: the way they fail with
 * EROFS on a read-only root file system.
 */
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { removeDir, tempDir } from "./helpers.js"
import { writeProcessConfig } from "./process-config.js"
import { runServerToExit } from "./server-process.js"

describe("unwritable configured paths", () => {
  const dirs: string[] = []
  /** A data directory, and a path below a regular file in it that nobody can create. */
  const setup = () => {
    const dir = tempDir()
    dirs.push(dir)
    writeFileSync(join(dir, "a-file"), "")
    return { dir, unwritable: join(dir, "a-file", "below") }
  }
  afterAll(() => {
    for (const dir of dirs) removeDir(dir)
  })

  const env = {
    MLSKIT_STORAGE_STATE_KEY: randomBytes(32).toString("hex"),
    MLSKIT_AUTH_ADMIN_TOKEN: randomBytes(32).toString("base64url"),
  }

  it("refuses to start when the snapshot directory cannot be written: exit 1, naming shutdown.snapshot_dir and the path", async () => {
    const { dir, unwritable } = setup()
    const config = writeProcessConfig(
      dir,
      `[shutdown]\nsnapshot_dir = ${JSON.stringify(unwritable)}\n`,
    )
    const { code, output } = await runServerToExit(config, env)
    expect(code).toBe(1)
    expect(output).toContain(`shutdown.snapshot_dir: ${unwritable} is not writable (ENOTDIR)`)
    expect(output).not.toContain("listening on")
  })

  it("refuses to start when the admin token file cannot be generated, naming auth.admin_token_file", async () => {
    const { dir } = setup()
    // In /sys a missing file reads as ENOENT (so the server goes on to
    // generate it) and creating it fails with EACCES, for root too.
    const file = `/sys/mlskit-${randomBytes(6).toString("hex")}-admin-token`
    const config = writeProcessConfig(dir, `[auth]\nadmin_token_file = ${JSON.stringify(file)}\n`)
    const { code, output } = await runServerToExit(config, {
      MLSKIT_STORAGE_STATE_KEY: env.MLSKIT_STORAGE_STATE_KEY,
    })
    expect(code).toBe(1)
    expect(output).toMatch(
      new RegExp(`auth\\.admin_token_file: cannot write ${file} \\(E[A-Z]+\\)`),
    )
  })
})

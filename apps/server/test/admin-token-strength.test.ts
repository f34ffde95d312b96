/**
 * The admin token must be a real secret: the server, run as a process,
 * refuses to start on the placeholder that deploy/kubernetes/secret.yaml
 * ships, on other placeholders, and on tokens too short to carry 32 random
 * bytes, naming the config key and never the token.
 */
import { randomBytes } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { checkTokenStrength } from "../src/auth/token-strength.js"
import { removeDir, tempDir } from "./helpers.js"
import { writeProcessConfig } from "./process-config.js"
import { runServerToExit, startServerProcess } from "./server-process.js"

const SECRET_YAML = fileURLToPath(
  new URL("../../../deploy/kubernetes/secret.yaml", import.meta.url),
)

/** The admin-token value as written in the manifest. */
function manifestAdminToken(): string {
  const value = /^\s*admin-token:\s*"([^"]+)"/m.exec(readFileSync(SECRET_YAML, "utf8"))?.[1]
  if (!value) throw new Error(`no admin-token in ${SECRET_YAML}`)
  return value
}

const stateKey = () => randomBytes(32).toString("hex")

describe("an admin token that is a placeholder or too short", () => {
  const dirs: string[] = []
  const newDir = () => {
    const dir = tempDir()
    dirs.push(dir)
    return dir
  }
  afterAll(() => {
    for (const dir of dirs) removeDir(dir)
  })

  it("refuses to start on the Kubernetes Secret's placeholder, exit 1, naming auth.admin_token", async () => {
    const placeholder = manifestAdminToken()
    expect(placeholder).toMatch(/^REPLACE-/)
    const { code, output } = await runServerToExit(writeProcessConfig(newDir()), {
      MLSKIT_STORAGE_STATE_KEY: stateKey(),
      MLSKIT_AUTH_ADMIN_TOKEN: placeholder,
    })
    expect(code).toBe(1)
    expect(output).toContain("auth.admin_token: looks like a placeholder")
    expect(output).not.toContain(placeholder)
    expect(output).not.toContain("listening on")
  })

  it("refuses a token of 24 random bytes (32 base64url characters) at start", async () => {
    const { code, output } = await runServerToExit(writeProcessConfig(newDir()), {
      MLSKIT_STORAGE_STATE_KEY: stateKey(),
      MLSKIT_AUTH_ADMIN_TOKEN: randomBytes(24).toString("base64url"),
    })
    expect(code).toBe(1)
    expect(output).toContain("auth.admin_token: must carry at least 32 random bytes")
  })

  it("refuses a placeholder in the admin token file, naming auth.admin_token_file", async () => {
    const dir = newDir()
    const file = join(dir, "admin-token")
    writeFileSync(file, "CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME\n", { mode: 0o600 })
    const { code, output } = await runServerToExit(writeProcessConfig(dir), {
      MLSKIT_STORAGE_STATE_KEY: stateKey(),
    })
    expect(code).toBe(1)
    expect(output).toContain("auth.admin_token_file: looks like a placeholder")
  })

  it("starts with a token made as the README says (openssl rand -base64 32)", async () => {
    const server = await startServerProcess(writeProcessConfig(newDir()), {
      MLSKIT_STORAGE_STATE_KEY: stateKey(),
      MLSKIT_AUTH_ADMIN_TOKEN: randomBytes(32).toString("base64"),
    })
    server.child.kill("SIGTERM")
    expect(await server.exited).toBe(0)
  })
})

describe("checkTokenStrength", () => {
  it.each([
    ["REPLACE-with-openssl-rand-base64-32", "placeholder"],
    ["change_me_please_0123456789abcdefghijklmnopqrstuvwxyz", "placeholder"],
    ["this-is-an-Example-token-0123456789abcdefghijklmnop", "placeholder"],
    ["<your placeholder token here, at least 43 characters>", "placeholder"],
    ["a".repeat(64), "repeated"],
    [randomBytes(31).toString("hex"), "32 random bytes"],
    [randomBytes(31).toString("base64url"), "32 random bytes"],
  ])("refuses %s (%s)", (token, reason) => {
    expect(() => checkTokenStrength(token, "auth.admin_token")).toThrow(
      expect.objectContaining({ code: "CONFIG_ERROR", key: "auth.admin_token" }),
    )
    expect(() => checkTokenStrength(token, "auth.admin_token")).toThrow(reason)
  })

  it.each([
    randomBytes(32).toString("hex"),
    randomBytes(32).toString("base64"),
    randomBytes(32).toString("base64url"),
  ])("accepts 32 random bytes: %s", (token) => {
    expect(() => checkTokenStrength(token, "auth.admin_token")).not.toThrow()
  })
})

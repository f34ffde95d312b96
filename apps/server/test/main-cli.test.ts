import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { MAIN_JS } from "./server-process.js"

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [MAIN_JS, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe("mlskit-server (dist/main.js)", () => {
  it("prints its usage for --help", () => {
    const { code, stdout } = run(["--help"])
    expect(code).toBe(0)
    expect(stdout).toContain("usage: mlskit-server [--config path]")
  })

  it("exits 1 naming the problem for an unknown argument or a missing config file", () => {
    expect(run(["--verbose"])).toMatchObject({
      code: 1,
      stderr: "mlskit-server: unknown argument --verbose\n",
    })
    const missing = run(["--config", "/nonexistent/mlskit.toml"])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("config_file: cannot read /nonexistent/mlskit.toml")
  })

  it("exits 1 naming the key of a bad environment override", () => {
    const { code, stderr } = run(["--config", "/dev/null"], { MLSKIT_SERVER_PORT: "eighty" })
    expect(code).toBe(1)
    expect(stderr).toContain("server.port")
  })
})

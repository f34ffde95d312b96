import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { configFile, parseCliArgs } from "../src/cli-args.js"

describe("mlskit-server's command line", () => {
  const cwd = process.cwd()
  afterEach(() => {
    process.chdir(cwd)
  })

  it("reads --config path, --config=path and --help", () => {
    expect(parseCliArgs(["--config", "a.toml"])).toEqual({ config: "a.toml", help: false })
    expect(parseCliArgs(["--config=b.toml"])).toEqual({ config: "b.toml", help: false })
    expect(parseCliArgs(["--help"])).toEqual({ config: undefined, help: true })
  })

  it("refuses unknown arguments and a --config without a path", () => {
    expect(() => parseCliArgs(["--port", "1"])).toThrow("unknown argument --port")
    expect(() => parseCliArgs(["--config"])).toThrow("--config needs a path")
  })

  it("takes --config first, then MLSKIT_CONFIG, then ./mlskit.toml when present, else none", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlskit-cli-"))
    process.chdir(dir)
    expect(configFile({ config: undefined, help: false }, {})).toBeUndefined()
    writeFileSync(join(dir, "mlskit.toml"), "")
    expect(configFile({ config: undefined, help: false }, {})).toBe("mlskit.toml")
    expect(configFile({ config: undefined, help: false }, { MLSKIT_CONFIG: "env.toml" })).toBe(
      "env.toml",
    )
    expect(configFile({ config: "arg.toml", help: false }, { MLSKIT_CONFIG: "env.toml" })).toBe(
      "arg.toml",
    )
    process.chdir(cwd)
    rmSync(dir, { recursive: true })
  })
})

/**
 * Finds an external binary (promtool, prometheus) and applies the repo's
 * policy for missing services: tests skip with a printed reason, unless
 * MLSKIT_REQUIRE_SERVICES=1 (CI), where they run and fail.
 */
import { spawnSync } from "node:child_process"
import { accessSync, constants } from "node:fs"
import { delimiter, join } from "node:path"

/** A binary the tests need, found or not. */
export interface ExternalTool {
  name: string
  /** Absolute path, when found on PATH. */
  path: string | undefined
  /** True when tests should skip (missing and not required). */
  skip: boolean
  /** The path, or an error explaining how to install the tool. */
  require(): string
}

/** Look `name` up on PATH; `install` says how to get it. */
export function externalTool(name: string, install: string): ExternalTool {
  const path = whichSync(name)
  const required = process.env.MLSKIT_REQUIRE_SERVICES === "1"
  const reason = `${name} not found on PATH (${install})`
  if (!path && !required) console.warn(`skipping tests that need ${name}: ${reason}`)
  return {
    name,
    path,
    skip: !path && !required,
    require() {
      if (!path) throw new Error(`${reason}; MLSKIT_REQUIRE_SERVICES=1 requires it`)
      return path
    },
  }
}

/** Result of running a tool to completion. */
export interface ToolRun {
  status: number | null
  output: string
}

/** Run `binary args` synchronously, capturing stdout and stderr together. */
export function runTool(binary: string, args: string[], cwd?: string): ToolRun {
  const result = spawnSync(binary, args, { cwd, encoding: "utf8", timeout: 60_000 })
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}` }
}

function whichSync(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  return undefined
}

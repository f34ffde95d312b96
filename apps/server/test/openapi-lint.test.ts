/**
 * The served OpenAPI document passes `redocly lint` (recommended rules and the
 * repository's redocly.yaml) with no errors and no warnings.
 */
import { execFile } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { removeDir, startTestServer, type TestServer, tempDir } from "./helpers.js"

const run = promisify(execFile)
const here = fileURLToPath(new URL(".", import.meta.url))
const redocly = join(here, "..", "node_modules", ".bin", "redocly")
const config = join(here, "..", "..", "..", "redocly.yaml")

interface LintReport {
  totals: { errors: number; warnings: number }
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[]
}

/** Lint `document` with redocly; the JSON report whatever the exit code. */
async function lint(document: unknown): Promise<LintReport> {
  const dir = tempDir()
  try {
    const file = join(dir, "openapi.json")
    writeFileSync(file, JSON.stringify(document))
    const args = ["lint", file, "--config", config, "--format=json"]
    const { stdout } = await run(redocly, args, { cwd: dir }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
    )
    return JSON.parse(stdout) as LintReport
  } finally {
    removeDir(dir)
  }
}

const findings = (report: LintReport) =>
  report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)

describe("redocly lint of GET /openapi.json", () => {
  let t: TestServer
  let document: Record<string, unknown>

  beforeAll(async () => {
    t = await startTestServer()
    const response = await fetch(`${t.server.url}/openapi.json`)
    document = (await response.json()) as Record<string, unknown>
  })
  afterAll(async () => {
    await t.stop()
  })

  it("finds no errors and no warnings", async () => {
    const report = await lint(document)
    expect(findings(report)).toEqual([])
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
  }, 60_000)

  it("reports a document without servers and security schemes (the check can fail)", async () => {
    const { servers: _servers, components: _components, ...broken } = document
    const report = await lint(broken)
    expect(report.totals.errors + report.totals.warnings).toBeGreaterThan(0)
    expect(report.problems.map((p) => p.ruleId)).toEqual(
      expect.arrayContaining(["no-empty-servers", "security-defined"]),
    )
  }, 60_000)
})

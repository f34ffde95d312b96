/**
 * Validates PromQL expressions with promtool, which has no expression-only
 * check: each expression becomes a recording rule in a temporary rule file
 * and `promtool check rules` parses them all.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { stringify } from "yaml"
import { runTool, type ToolRun } from "../../src/external-tool.js"

/** Run `promtool check rules` on `exprs`, recorded as `name` (a valid metric name) each. */
export function checkPromql(promtool: string, exprs: { name: string; expr: string }[]): ToolRun {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-promql-"))
  try {
    const file = join(dir, "exprs.yml")
    const rules = exprs.map(({ name, expr }) => ({ record: name, expr }))
    writeFileSync(file, stringify({ groups: [{ name: "exprs", rules }] }))
    return runTool(promtool, ["check", "rules", file])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

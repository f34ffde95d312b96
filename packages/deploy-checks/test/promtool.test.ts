import { readdirSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { ALERTS_FILE, RECORDING_RULES_FILE } from "../src/deploy-queries.js"
import { runTool } from "../src/external-tool.js"
import { deployPath } from "../src/repo-paths.js"
import { promtool } from "./helpers/tools.js"

const testFiles = readdirSync(deployPath("prometheus", "tests"))
  .filter((f) => f.endsWith(".yml"))
  .sort()

describe.skipIf(promtool.skip)("deploy/prometheus passes promtool", () => {
  const run = (...args: string[]) => runTool(promtool.require(), args, deployPath("prometheus"))

  it("accepts the recording rules", () => {
    const { status, output } = run("check", "rules", RECORDING_RULES_FILE)
    expect(output).toContain("SUCCESS")
    expect(status, output).toBe(0)
  })

  it("accepts the alerting rules", () => {
    const { status, output } = run("check", "rules", ALERTS_FILE)
    expect(output).toContain("SUCCESS")
    expect(status, output).toBe(0)
  })

  it("accepts prometheus.yml and the rule files it loads", () => {
    const { status, output } = run("check", "config", "prometheus.yml")
    expect(output).toContain("SUCCESS: 2 rule files found")
    expect(status, output).toBe(0)
  })

  it.each(testFiles)("passes the rule unit tests in tests/%s", (file) => {
    const { status, output } = run("test", "rules", `tests/${file}`)
    expect(output).toContain("SUCCESS")
    expect(status, output).toBe(0)
  })
})

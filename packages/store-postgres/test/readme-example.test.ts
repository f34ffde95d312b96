/** The README example is examples/basic.ts word for word, and it runs against the test server. */
import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it, vi } from "vitest"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./pg-service.js"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")

describe("README example", () => {
  it("is the code of examples/basic.ts, word for word", () => {
    expect(read("../README.md")).toContain(`\`\`\`ts\n${read("../examples/basic.ts")}\`\`\``)
  })

  it("shows the group log example of examples/group-log.ts, word for word", () => {
    expect(read("../README.md")).toContain(`\`\`\`ts\n${read("../examples/group-log.ts")}\`\`\``)
  })
})

describeWithPostgres("README example on PostgreSQL", () => {
  const schema = randomSchema()

  afterEach(async () => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
    await dropSchema(schema)
  })

  it("runs, and the second instance sees the group the first one wrote", async () => {
    vi.stubEnv("MLSKIT_PG_URL", PG_URL)
    vi.stubEnv("MLSKIT_PG_SCHEMA", schema)
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line)
    })
    await import("../examples/basic.js")
    expect(lines).toStrictEqual(["team: epoch 0, version 2"])
  })

  it("runs the group log example: B wakes for A's append and bob's racing commit loses", async () => {
    vi.stubEnv("MLSKIT_PG_URL", PG_URL)
    vi.stubEnv("MLSKIT_PG_SCHEMA", schema)
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line)
    })
    await import("../examples/group-log.js")
    expect(lines).toStrictEqual([
      "B woke up: true; alice's commit is seq 2",
      "bob's commit lost to seq 2: apply it, then update again",
    ])
  })
})

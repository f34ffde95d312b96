/** The README example is examples/group-log.ts word for word, and it runs against the test server. */
import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it, vi } from "vitest"
import { deleteStream, describeWithNats, NATS_URL, randomStream } from "./nats-service.js"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")

describe("README example", () => {
  it("is the code of examples/group-log.ts, word for word", () => {
    expect(read("../README.md")).toContain(`\`\`\`ts\n${read("../examples/group-log.ts")}\`\`\``)
  })
})

describeWithNats("README example on NATS JetStream", () => {
  const names = randomStream()

  afterEach(async () => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
    await deleteStream(names.stream)
  })

  it("runs: B wakes for A's append, bob's racing commit loses, alice's retry is a duplicate", async () => {
    vi.stubEnv("MLSKIT_NATS_URL", NATS_URL)
    vi.stubEnv("MLSKIT_NATS_STREAM", names.stream)
    vi.stubEnv("MLSKIT_NATS_PREFIX", names.subjectPrefix)
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line)
    })
    await import("../examples/group-log.js")
    expect(lines).toStrictEqual([
      "B woke up: true; alice's commit is seq 2",
      "bob's commit lost to seq 2: apply it, then update again",
      "retry: seq 2, duplicate true",
    ])
  })
})

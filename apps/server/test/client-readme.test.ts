import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { startTestServer, type TestServer } from "./helpers.js"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")

/** Run an example file of packages/client with the server's URL and admin token; what it printed. */
async function runExample(t: TestServer, file: string): Promise<string[]> {
  vi.stubEnv("MLSKIT_URL", t.server.url)
  vi.stubEnv("MLSKIT_ADMIN_TOKEN", t.server.adminToken.token)
  const lines: string[] = []
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => {
    lines.push(line)
  })
  try {
    // A computed specifier keeps the example out of this package's type-check (it has its own).
    await import(
      fileURLToPath(new URL(`../../../packages/client/examples/${file}`, import.meta.url))
    )
  } finally {
    log.mockRestore()
    vi.unstubAllEnvs()
  }
  return lines
}

describe("the @mlskit/client README example", () => {
  let t: TestServer

  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(async () => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
    await t.stop()
  })

  it("is the code of packages/client/examples/basic.ts, word for word", () => {
    const readme = read("../../../packages/client/README.md")
    const example = read("../../../packages/client/examples/basic.ts")
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })

  it("runs against a real server with delivery off and prints the message bob decrypted", async () => {
    expect(await runExample(t, "basic.ts")).toEqual(["hello bob"])
  })
})

describe("the @mlskit/client README delivery example", () => {
  let t: TestServer

  beforeAll(async () => {
    t = await startTestServer({ env: { MLSKIT_DELIVERY_DRIVER: "store" } })
  })
  afterAll(async () => {
    await t.stop()
  })

  it("is the code of packages/client/examples/delivery.ts, word for word", () => {
    const readme = read("../../../packages/client/README.md")
    const example = read("../../../packages/client/examples/delivery.ts")
    expect(readme).toContain(`## Delivery`)
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })

  it("runs against a real server with delivery on: bob joins by himself and reads alice's message", async () => {
    const lines = await runExample(t, "delivery.ts")
    expect(lines).toEqual([
      "alice sent epoch 1, seq 2",
      "1: bob joined alice, bob",
      "2: alice says hello bob",
    ])
    // What the README promises it prints.
    const readme = read("../../../packages/client/README.md")
    for (const line of lines) expect(readme).toContain(`\`${line}\``)
  })
})

describe("the @mlskit/client README example of a member whose keys live elsewhere", () => {
  let t: TestServer

  beforeAll(async () => {
    t = await startTestServer({ env: { MLSKIT_DELIVERY_DRIVER: "store" } })
  })
  afterAll(async () => {
    await t.stop()
  })

  it("is the code of packages/client/examples/external-member.ts, word for word", () => {
    const readme = read("../../../packages/client/README.md")
    const example = read("../../../packages/client/examples/external-member.ts")
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })

  it("runs ts-mls in this process as eve against a real server: both read each other", async () => {
    const lines = await runExample(t, "external-member.ts")
    expect(lines).toEqual(["eve read: hello eve", "alice read: hi alice (from eve)"])
    const readme = read("../../../packages/client/README.md")
    for (const line of lines) expect(readme).toContain(`\`${line}\``)
  })
})

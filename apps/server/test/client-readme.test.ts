import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { startTestServer, type TestServer } from "./helpers.js"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")

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

  it("runs against a real server and prints the message bob decrypted", async () => {
    vi.stubEnv("MLSKIT_URL", t.server.url)
    vi.stubEnv("MLSKIT_ADMIN_TOKEN", t.server.adminToken.token)
    const lines: string[] = []
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line)
    })
    // A computed specifier keeps the example out of this package's type-check (it has its own).
    const example = fileURLToPath(
      new URL("../../../packages/client/examples/basic.ts", import.meta.url),
    )
    await import(example)
    expect(lines).toEqual(["hello bob"])
  })
})

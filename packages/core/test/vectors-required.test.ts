import { afterEach, describe, expect, it, vi } from "vitest"

/** vectors.ts as a run with these variables would load it. */
async function loadVectorsModule(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
  vi.resetModules()
  return import("./vectors.js")
}

describe("the MLS vector tests when the vectors are absent", () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it("run and fail, naming the directory, under MLSKIT_REQUIRE_SERVICES=1", async () => {
    const vectors = await loadVectorsModule({
      MLS_VECTORS_DIR: "/nonexistent/mls-vectors",
      MLSKIT_REQUIRE_SERVICES: "1",
    })
    expect(vectors.VECTOR_TESTS_RUN).toBe(true)
    expect(() => vectors.readVectors("messages.json")).toThrow(
      "MLS test vectors are required (MLSKIT_REQUIRE_SERVICES=1) but /nonexistent/mls-vectors does not exist",
    )
  })

  it("skip with a printed reason otherwise", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {})
    const vectors = await loadVectorsModule({
      MLS_VECTORS_DIR: "/nonexistent/mls-vectors",
      MLSKIT_REQUIRE_SERVICES: undefined,
    })
    expect(vectors.VECTOR_TESTS_RUN).toBe(false)
    expect(warn).toHaveBeenCalledWith(
      "skipping the MLS vector tests: no vectors at /nonexistent/mls-vectors; set MLSKIT_REQUIRE_SERVICES=1 to fail instead",
    )
  })
})

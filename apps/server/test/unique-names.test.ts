import { ApiError } from "@mlskit/client"
import { InMemoryStore } from "@mlskit/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestServer, type TestServer } from "./helpers.js"

/** The outcome of a create: "201" or "<status> <code>". */
const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => "201",
    (e: unknown) => (e instanceof ApiError ? `${e.status} ${e.code}` : String(e)),
  )

describe("identity names are unique", () => {
  const store = new InMemoryStore()
  let a: TestServer
  let b: TestServer

  beforeAll(async () => {
    // Two servers on one store: what one creates, the other must see.
    a = await startTestServer({ store })
    b = await startTestServer({ store })
  })
  afterAll(async () => {
    await a.stop()
    await b.stop()
  })

  const named = async (name: string) =>
    (await a.admin.listIdentities({ limit: 100 })).identities.filter((i) => i.name === name)

  it("refuses a second identity with a taken name with 409 CONFLICT, on either instance", async () => {
    await a.admin.createIdentity("alice")
    expect(await outcome(a.admin.createIdentity("alice"))).toBe("409 CONFLICT")
    expect(await outcome(b.admin.createIdentity("alice"))).toBe("409 CONFLICT")
    expect(await named("alice")).toHaveLength(1)
  })

  it("says the name is taken without echoing it", async () => {
    const error = await b.admin.createIdentity("alice").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toBe("an identity with this name exists")
  })

  it("never lets racing creates of one name on two instances both succeed", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => outcome((i % 2 ? a : b).admin.createIdentity("bob"))),
    )
    const created = outcomes.filter((o) => o === "201").length
    expect(created).toBeLessThanOrEqual(1)
    expect(outcomes.filter((o) => o !== "201").every((o) => o === "409 CONFLICT")).toBe(true)
    expect(await named("bob")).toHaveLength(created)
    // Racers that all backed off left the name free for a retry.
    expect(await outcome(a.admin.createIdentity("bob"))).toBe(created ? "409 CONFLICT" : "201")
    expect(await named("bob")).toHaveLength(1)
  })

  it("frees a name when its identity is deleted", async () => {
    const carol = await a.admin.createIdentity("carol")
    await b.admin.deleteIdentity(carol.id)
    expect(await outcome(b.admin.createIdentity("carol"))).toBe("201")
  })
})

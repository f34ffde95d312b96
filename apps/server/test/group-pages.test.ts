import { ApiError } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createUsers, startTestServer, type TestServer, type User } from "./helpers.js"

const GROUPS = 7

describe("GET /v1/groups pages", () => {
  let t: TestServer
  let alice: User
  let bob: User
  let all: string[]

  beforeAll(async () => {
    t = await startTestServer()
    const users = await createUsers(t.admin, "alice", "bob")
    alice = users.alice
    bob = users.bob
    for (let i = 0; i < GROUPS; i++) await alice.client.createGroup(`g${i}`)
    await bob.client.createGroup("bob's")
    all = (await alice.client.listGroups()).map((g) => g.groupId)
  })
  afterAll(async () => {
    await t.stop()
  })

  /** GET /v1/groups with a raw query string as alice. */
  async function get(query: string) {
    const response = await fetch(`${t.server.url}/v1/groups${query}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    })
    return {
      status: response.status,
      body: (await response.json()) as {
        groups?: { groupId: string }[]
        nextCursor?: string
        error?: { code: string; message: string }
      },
    }
  }

  it("walks every group exactly once, in groupId order, with limit and cursor", async () => {
    expect(all).toHaveLength(GROUPS)
    expect([...all].sort()).toEqual(all)
    const seen: string[] = []
    const sizes: number[] = []
    let cursor: string | undefined
    do {
      const page = await alice.client.listGroupsPage({ limit: 3, ...(cursor ? { cursor } : {}) })
      seen.push(...page.groups.map((g) => g.groupId))
      sizes.push(page.groups.length)
      cursor = page.nextCursor
    } while (cursor)
    expect(sizes).toEqual([3, 3, 1])
    expect(seen).toEqual(all)
  })

  it("gives no nextCursor on the last page, even when it is exactly full", async () => {
    const page = await get(`?limit=${GROUPS}`)
    expect(page.body.groups).toHaveLength(GROUPS)
    expect(page.body).not.toHaveProperty("nextCursor")
  })

  it("shows only the caller's groups", async () => {
    const bobs = await bob.client.listGroups()
    expect(bobs.map((g) => g.name)).toEqual(["bob's"])
  })

  it.each([
    ["limit 0", "?limit=0"],
    ["limit above the maximum", "?limit=1001"],
    ["a negative limit", "?limit=-1"],
    ["a fractional limit", "?limit=1.5"],
    ["a huge limit", `?limit=${"9".repeat(40)}`],
    ["a cursor that is not base64url", "?cursor=a%2Bb"],
    [
      "a cursor this server did not issue",
      `?cursor=${Buffer.from("after:../x").toString("base64url")}`,
    ],
    ["a truncated cursor", "?cursor=YWZ0ZXI6"],
    ["an oversized cursor", `?cursor=${"A".repeat(600)}`],
    ["an unknown parameter", "?offset=3"],
  ])("refuses %s with 400 INVALID_INPUT", async (_, query) => {
    const answer = await get(query)
    expect(answer.status).toBe(400)
    expect(answer.body.error?.code).toBe("INVALID_INPUT")
  })

  it("lets the client surface a refused cursor as an ApiError", async () => {
    const error = await alice.client.listGroupsPage({ cursor: "bm9wZQ" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(400)
  })
})

import type { ServerEvent } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createUsers, startTestServer, type TestServer, type User } from "./helpers.js"

/** Read events until one matches `last`, then stop the stream. */
async function collectUntil(
  user: User,
  act: () => Promise<void>,
  last: (event: ServerEvent) => boolean,
): Promise<ServerEvent[]> {
  const controller = new AbortController()
  const stream = await user.client.events({ signal: controller.signal })
  const seen: ServerEvent[] = []
  const reading = (async () => {
    for await (const event of stream) {
      seen.push(event)
      if (last(event)) break
    }
  })()
  await act()
  await reading
  controller.abort()
  return seen
}

describe("GET /v1/events", () => {
  let t: TestServer
  let alice: User
  let bob: User

  beforeAll(async () => {
    t = await startTestServer({ heartbeatMs: 25 })
    ;({ alice, bob } = await createUsers(t.admin, "alice", "bob"))
  })
  afterAll(async () => {
    expect((await t.stop()).ok).toBe(true)
  })

  it("streams the caller's own events and none of another identity's", async () => {
    const aliceStream = await alice.client.events()
    let groupId = ""
    const bobEvents = await collectUntil(
      bob,
      async () => {
        groupId = await alice.client.createGroup("team")
        const keyPackages = await bob.client.generateKeyPackages(bob.id, 1)
        const { welcome } = await alice.client.addMembers(groupId, keyPackages)
        await bob.client.joinGroup(welcome)
        const message = await alice.client.sendMessage(groupId, "hi bob")
        await bob.client.processMessage(groupId, message)
        // A last event of bob's own: everything emitted before it has been streamed.
        await bob.client.generateKeyPackages(bob.id, 2)
      },
      (e) => e.type === "KeyPackagesGenerated" && e.count === 2,
    )

    expect(bobEvents.map((e) => e.type)).toEqual([
      "KeyPackagesGenerated",
      "GroupJoined",
      "MessageReceived",
      "KeyPackagesGenerated",
    ])
    expect(bobEvents.every((e) => e.identity === bob.id)).toBe(true)
    const received = bobEvents.find((e) => e.type === "MessageReceived")
    expect(received).toMatchObject({ groupId, epoch: 1, senderLeafIndex: 0 })
    expect(JSON.stringify(bobEvents)).not.toContain("hi bob")

    const aliceEvents: ServerEvent[] = []
    await alice.client.generateKeyPackages(alice.id, 3)
    for await (const event of aliceStream) {
      aliceEvents.push(event)
      if (event.type === "KeyPackagesGenerated" && event.count === 3) break
    }
    expect(aliceEvents.map((e) => e.type)).toEqual([
      "GroupCreated",
      "MemberAdded",
      "EpochAdvanced",
      "MessageSent",
      "KeyPackagesGenerated",
    ])
    expect(
      aliceEvents.every((e) => e.identity === alice.id && (e.groupId ?? groupId) === groupId),
    ).toBe(true)
  })

  it("sends heartbeat comments while idle", async () => {
    const controller = new AbortController()
    const response = await fetch(`${t.server.url}/v1/events`, {
      headers: { authorization: `Bearer ${alice.token}` },
      signal: controller.signal,
    })
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/)
    const decoder = new TextDecoder()
    let text = ""
    for await (const chunk of response.body ?? []) {
      text += decoder.decode(chunk as Uint8Array, { stream: true })
      if (text.includes(": heartbeat\n\n")) break
    }
    controller.abort()
    expect(text.startsWith(": connected\n\n")).toBe(true)
    expect(text).toContain(": heartbeat\n\n")
  })

  it("ends every stream at shutdown, and the shutdown completes", async () => {
    const local = await startTestServer()
    const { carol } = await createUsers(local.admin, "carol")
    const stream = await carol.client.events()
    const ended = (async () => {
      const seen: string[] = []
      for await (const event of stream) seen.push(event.type)
      return seen
    })()
    const result = await local.stop()
    expect(await ended).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.hooks.map((h) => [h.name, h.ok])).toEqual([
      ["http-server", true],
      ["mls-service", true],
    ])
  })
})

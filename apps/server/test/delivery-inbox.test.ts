/**
 * The inbox over real sockets (SQLite): a long poll returns as soon as an
 * entry arrives; the event stream carries the same entries with `id` = cursor
 * and resumes after `Last-Event-ID` without repeats; entries are sealed at
 * rest (no plaintext in the database file); with auto-join off the Welcome
 * waits in the newcomer's inbox.
 */
import { randomBytes } from "node:crypto"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DeliveryApi, statusOf, type WireInboxEntry } from "./delivery-api.js"
import { createUsers, startTestServer, type TestServer } from "./helpers.js"

/** Read server-sent events from `res` until `count` events arrived. */
async function readEvents(
  res: Response,
  count: number,
): Promise<{ id: string; event: string; data: WireInboxEntry }[]> {
  const reader = res.body?.getReader()
  if (!reader) throw new Error("no body")
  const decoder = new TextDecoder()
  const out: { id: string; event: string; data: WireInboxEntry }[] = []
  let buffer = ""
  while (out.length < count) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    let end = buffer.indexOf("\n\n")
    while (end >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const fields = Object.fromEntries(
        block
          .split("\n")
          .filter((line) => !line.startsWith(":") && line.includes(": "))
          .map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]),
      )
      if (fields.data)
        out.push({ id: fields.id ?? "", event: fields.event ?? "", data: JSON.parse(fields.data) })
      end = buffer.indexOf("\n\n")
    }
  }
  await reader.cancel()
  return out
}

describe("the inbox: long polls, the event stream, sealing at rest (SQLite)", () => {
  let server: TestServer
  let alice: DeliveryApi
  let bob: DeliveryApi
  let groupId: string

  beforeAll(async () => {
    server = await startTestServer({
      env: { MLSKIT_DELIVERY_DRIVER: "store", MLSKIT_STORAGE_DRIVER: "sqlite" },
    })
    const users = await createUsers(server.admin, "alice", "bob")
    alice = new DeliveryApi(server.server.url, users.alice.token)
    bob = new DeliveryApi(server.server.url, users.bob.token)
    groupId = (await alice.createGroup("inbox")).groupId
    await alice.add(groupId, { identities: ["bob"] })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("a long poll returns once an entry arrives", async () => {
    const { next } = await bob.inbox(0)
    const poll = bob.inbox(next, { wait: 20 })
    await new Promise((r) => setTimeout(r, 200))
    await alice.send(groupId, "wake up")
    const page = await poll
    expect(page.entries.map((e) => e.text)).toContain("wake up")
    expect(page.next).toBe(page.entries.at(-1)?.cursor)
    // Nothing new: a poll without wait answers at once with no entries.
    expect((await bob.inbox(page.next)).entries).toEqual([])
  })

  it("streams entries with id = cursor and resumes after Last-Event-ID", async () => {
    const { next } = await bob.inbox(0)
    for (const text of ["one", "two", "three"]) await alice.send(groupId, text)
    const headers = { authorization: `Bearer ${bob.token}` }
    const first = await fetch(`${server.server.url}/v1/inbox/events?after=${next}`, { headers })
    expect(first.headers.get("content-type")).toMatch(/text\/event-stream/)
    const events = await readEvents(first, 3)
    expect(events.map((e) => e.data.text)).toEqual(["one", "two", "three"])
    expect(events.map((e) => Number(e.id))).toEqual(events.map((e) => e.data.cursor))
    expect(events.every((e) => e.event === "message")).toBe(true)
    await alice.send(groupId, "four")
    const resumed = await fetch(`${server.server.url}/v1/inbox/events`, {
      headers: { ...headers, "last-event-id": events[1]?.id ?? "" },
    })
    const again = await readEvents(resumed, 2)
    expect(again.map((e) => e.data.text)).toEqual(["three", "four"])
    const bad = await fetch(`${server.server.url}/v1/inbox/events`, {
      headers: { ...headers, "last-event-id": "not-a-cursor" },
    })
    expect(bad.status).toBe(400)
    await bad.body?.cancel()
  })

  it("keeps inbox entries sealed at rest", async () => {
    const secret = `secret-${randomBytes(8).toString("hex")}`
    await alice.send(groupId, secret)
    expect((await bob.allInbox()).some((e) => e.text === secret)).toBe(true)
    const files = readdirSync(server.dataDir).filter((f) => f.startsWith("mlskit.db"))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const bytes = readFileSync(join(server.dataDir, file))
      expect(bytes.includes(Buffer.from(secret)), file).toBe(false)
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString("base64url"))), file).toBe(
        false,
      )
    }
  })

  it("reads only the caller's own inbox; a bad cursor is refused", async () => {
    const aliceSees = await alice.allInbox()
    expect(aliceSees.some((e) => e.text === "wake up")).toBe(false)
    expect(await statusOf(bob.call("GET", "/v1/inbox?after=1.5"))).toBe(400)
    expect(await statusOf(new DeliveryApi(server.server.url, "x".repeat(43)).inbox(0))).toBe(401)
  })
})

describe("with auto_join off the Welcome waits in the newcomer's inbox", () => {
  let server: TestServer
  afterAll(async () => {
    await server?.stop()
  })

  it("bob joins from the welcome entry himself and then receives", async () => {
    server = await startTestServer({
      env: { MLSKIT_DELIVERY_DRIVER: "store", MLSKIT_DELIVERY_AUTO_JOIN: "false" },
    })
    const users = await createUsers(server.admin, "alice", "bob")
    const alice = new DeliveryApi(server.server.url, users.alice.token)
    const bob = new DeliveryApi(server.server.url, users.bob.token)
    const { groupId } = await alice.createGroup("manual join")
    await alice.add(groupId, { identities: ["bob"] })
    const welcome = (await bob.allInbox()).find((e) => e.type === "welcome")
    expect(welcome?.groupId).toBe(groupId)
    expect(await statusOf(bob.group(groupId))).toBe(404)
    const joined = await bob.call<{ groupId: string }>("POST", "/v1/groups/join", {
      welcome: (welcome as { welcome?: string }).welcome,
    })
    expect(joined.groupId).toBe(groupId)
    await alice.send(groupId, "hello manual")
    await server.service.delivery?.idle()
    expect((await bob.allInbox()).map((e) => e.text)).toContain("hello manual")
  })
})

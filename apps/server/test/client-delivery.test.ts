/**
 * @mlskit/client's delivery calls against the real server with delivery on
 * (memory store): alice adds bob and carol by name, everyone's messages
 * reach every other inbox exactly once, the inbox stream carries cursors
 * and resumes after a Last-Event-ID without repeats, the group log is for
 * members only, and claiming an unknown name is a 404.
 */
import { ApiError, type InboxEntry, type MlskitClient } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createUsers, startTestServer, type TestServer, type User } from "./helpers.js"

type Name = "alice" | "bob" | "carol"
const NAMES: Name[] = ["alice", "bob", "carol"]

/** The next `count` entries of a stream, failing after 10 s. */
async function take(
  stream: AsyncGenerator<InboxEntry, void, undefined>,
  count: number,
): Promise<InboxEntry[]> {
  const out: InboxEntry[] = []
  const timeout = setTimeout(() => void stream.return(), 10_000)
  try {
    while (out.length < count) {
      const next = await stream.next()
      if (next.done) throw new Error(`the stream ended after ${out.length} of ${count} entries`)
      out.push(next.value)
    }
    return out
  } finally {
    clearTimeout(timeout)
  }
}

/** Every inbox entry of `client`, page by page. */
async function wholeInbox(client: MlskitClient): Promise<InboxEntry[]> {
  const out: InboxEntry[] = []
  for (let after = 0; ; ) {
    const page = await client.inbox({ after, limit: 2 })
    if (page.entries.length === 0) return out
    out.push(...page.entries)
    after = page.next
  }
}

describe("@mlskit/client with hosted delivery", () => {
  let t: TestServer
  let users: Record<Name, User>
  let groupId: string
  const settle = () => t.service.delivery?.idle()

  beforeAll(async () => {
    t = await startTestServer({
      env: { MLSKIT_DELIVERY_DRIVER: "store", MLSKIT_LOGGING_LEVEL: "warn" },
    })
    users = await createUsers(t.admin, ...NAMES)
    groupId = await users.alice.client.createGroup("trio")
    const added = await users.alice.client.addMembersByName(groupId, ["bob", "carol"])
    expect(added).toMatchObject({ epoch: 1, seq: expect.any(Number) })
    expect(added.commit).toBeInstanceOf(Uint8Array)
    expect(added.welcome.length).toBeGreaterThan(0)
  }, 60_000)

  afterAll(async () => {
    await t?.stop()
  })

  it("adds by name: bob and carol join by themselves at alice's epoch", async () => {
    await settle()
    for (const name of ["bob", "carol"] as const) {
      const joined = (await users[name].client.inbox()).entries.filter(
        (e) => e.type === "joined" && e.groupId === groupId,
      )
      expect(joined).toHaveLength(1)
      expect(joined[0]?.members?.map((m) => m.identity).sort()).toEqual(NAMES)
    }
    const groups = await Promise.all(NAMES.map((n) => users[n].client.getGroup(groupId)))
    expect(groups.map((g) => g.epoch)).toEqual([1, 1, 1])
    expect(new Set(groups.map((g) => g.epochAuthenticator)).size).toBe(1)
  })

  it("puts every member's messages in every other inbox exactly once, as bytes and text", async () => {
    const sent = new Map<string, Name>()
    for (const round of [1, 2]) {
      for (const name of NAMES) {
        const text = `${name} says ${round}`
        const result = await users[name].client.send(groupId, text)
        expect(result).toMatchObject({ epoch: 1, seq: expect.any(Number) })
        sent.set(text, name)
      }
    }
    await settle()
    for (const name of NAMES) {
      const messages = (await wholeInbox(users[name].client)).filter((e) => e.type === "message")
      const expected = [...sent].filter(([, from]) => from !== name).map(([text]) => text)
      expect(messages.map((e) => e.text)).toEqual(expected)
      for (const m of messages) {
        expect(m.sender?.identity).toBe(sent.get(m.text ?? ""))
        expect(new TextDecoder().decode(m.plaintext)).toBe(m.text)
      }
    }
  })

  it("long-polls the inbox with wait until an entry arrives", async () => {
    const { bob, carol } = users
    const { next } = await carol.client.inbox({ after: 0, limit: 1000 })
    const waiting = carol.client.inbox({ after: next, wait: 10 })
    await bob.client.send(groupId, "are you there, carol?")
    const page = await waiting
    expect(page.entries.map((e) => e.text)).toEqual(["are you there, carol?"])
    expect(page.next).toBe(page.entries[0]?.cursor)
  })

  it("streams inbox entries with cursors and resumes after lastEventId without repeats", async () => {
    const { alice, bob } = users
    await settle()
    const before = await wholeInbox(bob.client)
    const first = new AbortController()
    const stream = await bob.client.inboxEvents({ signal: first.signal })
    const replayed = await take(stream, before.length)
    expect(replayed.map((e) => e.cursor)).toEqual(before.map((e) => e.cursor))
    await alice.client.send(groupId, "live 1")
    const [live] = await take(stream, 1)
    expect(live).toMatchObject({ type: "message", text: "live 1", sender: { identity: "alice" } })
    first.abort()
    expect(await stream.next()).toEqual({ done: true, value: undefined })

    // Sent while bob is not listening: the resumed stream starts right after `live`.
    await alice.client.send(groupId, "while away 1")
    await alice.client.send(groupId, "while away 2")
    const second = new AbortController()
    const resumed = await bob.client.inboxEvents({
      lastEventId: String(live?.cursor),
      signal: second.signal,
    })
    const missed = await take(resumed, 2)
    await alice.client.send(groupId, "live 2")
    const [after] = await take(resumed, 1)
    second.abort()
    expect([...missed, after].map((e) => e?.text)).toEqual([
      "while away 1",
      "while away 2",
      "live 2",
    ])
    const cursors = [...replayed, live, ...missed, after].map((e) => e?.cursor ?? -1)
    expect(cursors).toEqual([...cursors].sort((x, y) => x - y))
    expect(new Set(cursors).size).toBe(cursors.length)

    // `after` does the same without the header.
    const third = new AbortController()
    const fromAfter = await bob.client.inboxEvents({
      after: missed[1]?.cursor ?? 0,
      signal: third.signal,
    })
    const [again] = await take(fromAfter, 1)
    third.abort()
    expect(again?.cursor).toBe(after?.cursor)
  })

  it("lets members read the group log and answers 404 to a non-member", async () => {
    const { alice, carol } = users
    const page = await carol.client.groupLog(groupId, { limit: 1000 })
    // A log entry's epoch is the one its framing names: the add commit was made in epoch 0.
    expect(page.entries[0]).toMatchObject({ kind: "commit", epoch: 0 })
    const messages = page.entries.filter((e) => e.kind === "application")
    expect(messages.length).toBeGreaterThan(6)
    expect(new Set(messages.map((e) => e.epoch))).toEqual(new Set([1]))
    for (const e of page.entries) expect(e.message).toBeInstanceOf(Uint8Array)
    expect(page.next).toBe(page.entries.at(-1)?.seq)
    const rest = await alice.client.groupLog(groupId, { after: page.next })
    expect(rest).toEqual({ entries: [], next: page.next })
    const second = await alice.client.groupLog(groupId, { after: page.entries[0]?.seq, limit: 1 })
    expect(second.entries.map((e) => e.seq)).toEqual([page.entries[1]?.seq])

    const { dave } = await createUsers(t.admin, "dave")
    const err = await dave.client.groupLog(groupId).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(404)
  })

  it("claims a key package by name, and rejects an unknown name with ApiError 404", async () => {
    const { alice } = users
    const [claimed, ...more] = await alice.client.claimKeyPackages(["carol"])
    expect(more).toEqual([])
    expect(claimed?.identity).toBe("carol")
    expect(claimed?.keyPackage.length).toBeGreaterThan(100)
    const err = await alice.client.claimKeyPackages(["nobody-by-that-name"]).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(404)
  })

  it("removes by name: carol's inbox says removed and later messages do not reach her", async () => {
    const { alice, bob, carol } = users
    const removed = await alice.client.removeMembersByName(groupId, ["carol"])
    expect(removed.commit).toBeInstanceOf(Uint8Array)
    expect(removed.epoch).toBe(2)
    await bob.client.send(groupId, "just us now")
    await settle()
    const carolSees = await wholeInbox(carol.client)
    expect(carolSees.filter((e) => e.type === "removed").map((e) => e.epoch)).toEqual([2])
    expect(carolSees.map((e) => e.text)).not.toContain("just us now")
    expect((await wholeInbox(alice.client)).map((e) => e.text)).toContain("just us now")
    const err = await carol.client.groupLog(groupId).catch((e: unknown) => e)
    expect((err as ApiError).status).toBe(404)
  })
})

describe("@mlskit/client with delivery off", () => {
  let t: TestServer
  let alice: User

  beforeAll(async () => {
    t = await startTestServer({ env: { MLSKIT_LOGGING_LEVEL: "warn" } })
    ;({ alice } = await createUsers(t.admin, "alice"))
  })

  afterAll(async () => {
    await t?.stop()
  })

  const statusOf = (call: Promise<unknown>) =>
    call.then(
      () => 200,
      (e: unknown) => (e instanceof ApiError ? e.status : 0),
    )

  it("refuses the delivery calls with 409, the stream included, and by-name changes with 400", async () => {
    const groupId = await alice.client.createGroup("solo")
    expect(await statusOf(alice.client.inbox())).toBe(409)
    expect(await statusOf(alice.client.inboxEvents())).toBe(409)
    expect(await statusOf(alice.client.groupLog(groupId))).toBe(409)
    expect(await statusOf(alice.client.claimKeyPackages(["alice"]))).toBe(409)
    expect(await statusOf(alice.client.addMembersByName(groupId, ["bob"]))).toBe(400)
    expect(await statusOf(alice.client.removeMembersByName(groupId, ["bob"]))).toBe(400)
    expect(t.logs.filter((l) => l.includes("inbox stream failed"))).toEqual([])
  })

  it("answers send and update without epoch or seq: the bytes are the caller's to deliver", async () => {
    const groupId = await alice.client.createGroup("hand")
    const sent = await alice.client.send(groupId, "note to self")
    expect(Object.keys(sent)).toEqual(["message"])
    expect(sent.message.length).toBeGreaterThan(0)
    const updated = await alice.client.update(groupId)
    expect(Object.keys(updated)).toEqual(["commit"])
  })
})

/**
 * The delivery calls against a stub server: what goes on the wire (paths,
 * queries, bodies, the Last-Event-ID header) and how answers are decoded.
 * apps/server/test/client-delivery.test.ts runs them against the real server.
 */
import { ApiError, MlskitClient, toBase64Url } from "@mlskit/client"
import { afterEach, describe, expect, it } from "vitest"
import { json, stubServer } from "./stub-server.js"

type Stub = Awaited<ReturnType<typeof stubServer>>
let stub: Stub | undefined

afterEach(async () => {
  await stub?.close()
  stub = undefined
})

const utf8 = (text: string) => new TextEncoder().encode(text)

const wireEntry = (cursor: number, text: string) => ({
  cursor,
  type: "message",
  groupId: "g1",
  epoch: 1,
  time: 1000 + cursor,
  seq: cursor + 10,
  sender: { identity: "bob", leafIndex: 1 },
  plaintext: toBase64Url(utf8(text)),
  text,
  authenticatedData: "",
  generation: cursor,
})

describe("MlskitClient delivery calls", () => {
  it("adds by name or key package and keeps the epoch and seq of the answer", async () => {
    stub = await stubServer((_req, res) =>
      json(res, 200, { commit: "AQI", welcome: "Aw", epoch: 4, seq: 9 }),
    )
    const client = new MlskitClient({ baseUrl: stub.url, token: "t" })
    const byName = await client.addMembersByName("g1", ["bob", "carol"])
    const byKeyPackage = await client.addMembers("g1", [new Uint8Array([7])])
    const both = await client.addMembers("g1", { identities: ["dave"], keyPackages: [] })
    expect(byName).toEqual({
      commit: new Uint8Array([1, 2]),
      welcome: new Uint8Array([3]),
      epoch: 4,
      seq: 9,
    })
    expect(byKeyPackage.epoch).toBe(4)
    expect(both.seq).toBe(9)
    expect(stub.seen.map((r) => [r.url, JSON.parse(r.body)])).toEqual([
      ["/v1/groups/g1/members", { identities: ["bob", "carol"] }],
      ["/v1/groups/g1/members", { keyPackages: ["Bw"] }],
      ["/v1/groups/g1/members", { keyPackages: [], identities: ["dave"] }],
    ])
  })

  it("omits epoch and seq when the server sends none (delivery off)", async () => {
    stub = await stubServer((_req, res) => json(res, 200, { message: "AQ", commit: "Ag" }))
    const client = new MlskitClient({ baseUrl: stub.url })
    expect(await client.send("g", "hi")).toEqual({ message: new Uint8Array([1]) })
    expect(await client.update("g")).toEqual({ commit: new Uint8Array([2]) })
    expect(await client.sendMessage("g", "hi")).toEqual(new Uint8Array([1]))
    expect(await client.selfUpdate("g")).toEqual(new Uint8Array([2]))
  })

  it("removes by name and claims key packages, decoding the bytes", async () => {
    const answers = [
      { commit: "BQ", epoch: 5, seq: 12 },
      { keyPackages: [{ identity: "bob", keyPackage: "CQo" }] },
    ]
    stub = await stubServer((_req, res) => json(res, 200, answers.shift()))
    const client = new MlskitClient({ baseUrl: stub.url })
    expect(await client.removeMembersByName("g", ["carol"])).toEqual({
      commit: new Uint8Array([5]),
      epoch: 5,
      seq: 12,
    })
    expect(await client.claimKeyPackages(["bob"])).toEqual([
      { identity: "bob", keyPackage: new Uint8Array([9, 10]) },
    ])
    expect(stub.seen.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ["POST", "/v1/groups/g/members/remove", { identities: ["carol"] }],
      ["POST", "/v1/key-packages/claim", { identities: ["bob"] }],
    ])
  })

  it("reads the inbox with after, limit and wait, plaintext as bytes and text kept", async () => {
    stub = await stubServer((_req, res) =>
      json(res, 200, {
        entries: [wireEntry(3, "hé"), { ...wireEntry(4, ""), type: "epoch" }],
        next: 4,
      }),
    )
    const client = new MlskitClient({ baseUrl: stub.url })
    const page = await client.inbox({ after: 2, limit: 50, wait: 5 })
    await client.inbox()
    expect(stub.seen.map((r) => r.url)).toEqual(["/v1/inbox?after=2&limit=50&wait=5", "/v1/inbox"])
    expect(page.next).toBe(4)
    expect(page.entries[0]).toEqual({
      ...wireEntry(3, "hé"),
      plaintext: utf8("hé"),
      authenticatedData: new Uint8Array(),
    })
    expect(page.entries[0]?.plaintext).toBeInstanceOf(Uint8Array)
  })

  it("reads a group's log page with its messages as bytes", async () => {
    stub = await stubServer((_req, res) =>
      json(res, 200, {
        entries: [{ seq: 8, kind: "commit", epoch: 2, time: 5, message: "AAE" }],
        next: 8,
      }),
    )
    const client = new MlskitClient({ baseUrl: stub.url })
    const page = await client.groupLog("a/b", { after: 7, limit: 1 })
    expect(stub.seen[0]?.url).toBe("/v1/groups/a%2Fb/log?after=7&limit=1")
    expect(page).toEqual({
      entries: [{ seq: 8, kind: "commit", epoch: 2, time: 5, message: new Uint8Array([0, 1]) }],
      next: 8,
    })
  })

  it("streams inbox entries and resumes with Last-Event-ID when given one", async () => {
    stub = await stubServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" })
      res.write(": connected\n\n")
      for (const entry of [wireEntry(5, "one"), wireEntry(6, "two")])
        res.write(`id: ${entry.cursor}\nevent: message\ndata: ${JSON.stringify(entry)}\n\n`)
      res.end()
    })
    const client = new MlskitClient({ baseUrl: stub.url, token: "t" })
    const seen = []
    for await (const entry of await client.inboxEvents({ lastEventId: 4 })) seen.push(entry)
    await client.inboxEvents({ after: 2 })
    expect(seen.map((e) => [e.cursor, e.text, e.plaintext])).toEqual([
      [5, "one", utf8("one")],
      [6, "two", utf8("two")],
    ])
    const [resumed, fresh] = stub.seen
    expect(resumed?.url).toBe("/v1/inbox/events")
    expect(resumed?.headers["last-event-id"]).toBe("4")
    expect(resumed?.headers.accept).toBe("text/event-stream")
    expect(fresh?.url).toBe("/v1/inbox/events?after=2")
    expect(fresh?.headers["last-event-id"]).toBeUndefined()
  })

  it("rejects a refused inbox stream with the server's ApiError", async () => {
    stub = await stubServer((_req, res) =>
      json(res, 404, { error: { code: "NOT_FOUND", message: "delivery is off" } }),
    )
    const err = await new MlskitClient({ baseUrl: stub.url }).inboxEvents().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 404, code: "NOT_FOUND" })
  })
})

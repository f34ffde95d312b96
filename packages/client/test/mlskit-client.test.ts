import type { AddressInfo } from "node:net"
import { createServer } from "node:net"
import { ApiError, ConnectionError, fromBase64Url, MlskitClient, toBase64Url } from "@mlskit/client"
import { afterEach, describe, expect, it } from "vitest"
import { json, stubServer } from "./stub-server.js"

type Stub = Awaited<ReturnType<typeof stubServer>>
let stub: Stub | undefined

afterEach(async () => {
  await stub?.close()
  stub = undefined
})

const bytes = (...values: number[]) => new Uint8Array(values)

describe("MlskitClient", () => {
  it("sends the bearer token and JSON with bytes as base64url, and decodes bytes in the answer", async () => {
    stub = await stubServer((_req, res) => json(res, 200, { message: toBase64Url(bytes(9, 8, 7)) }))
    const client = new MlskitClient({ baseUrl: `${stub.url}/`, token: "tok-1" })

    const message = await client.sendMessage("grp_-1", bytes(0xfb, 0xff))

    expect(message).toEqual(bytes(9, 8, 7))
    const [seen] = stub.seen
    expect(seen).toMatchObject({ method: "POST", url: "/v1/groups/grp_-1/messages" })
    expect(seen?.headers.authorization).toBe("Bearer tok-1")
    expect(seen?.headers["content-type"]).toBe("application/json")
    expect(JSON.parse(seen?.body ?? "")).toEqual({ plaintext: "-_8" })
  })

  it("sends a string as text, bytes as base64url plaintext, and aad as base64url", async () => {
    stub = await stubServer((_req, res) => json(res, 200, { message: "" }))
    const client = new MlskitClient({ baseUrl: stub.url })
    await client.sendMessage("g", "héllo")
    await client.sendMessage("g", new Uint8Array([0xff]), { aad: new Uint8Array([1, 2]) })
    expect(stub.seen.map((r) => JSON.parse(r.body))).toEqual([
      { text: "héllo" },
      { plaintext: "_w", aad: "AQI" },
    ])
    expect([...fromBase64Url("AQI")]).toEqual([1, 2])
  })

  it("decodes a processed application message and a commit", async () => {
    const answers = [
      {
        kind: "application",
        epoch: 3,
        plaintext: "aGk",
        authenticatedData: "",
        generation: 7,
        sender: { leafIndex: 1, identity: "bob" },
      },
      {
        kind: "commit",
        epoch: 4,
        membersAdded: [],
        membersRemoved: [{ leafIndex: 2, identity: "carol", credentialType: "basic" }],
      },
    ]
    stub = await stubServer((_req, res) => json(res, 200, answers.shift()))
    const client = new MlskitClient({ baseUrl: stub.url })

    const app = await client.processMessage("g", bytes(1))
    const commit = await client.processMessage("g", bytes(2))

    expect(app).toEqual({
      kind: "application",
      epoch: 3,
      plaintext: new TextEncoder().encode("hi"),
      authenticatedData: new Uint8Array(),
      sender: { leafIndex: 1, identity: "bob" },
      generation: 7,
    })
    expect(commit).toMatchObject({
      kind: "commit",
      epoch: 4,
      membersRemoved: [{ identity: "carol" }],
    })
  })

  it("throws ApiError with the status, the server's code and message, and Retry-After", async () => {
    stub = await stubServer((_req, res) =>
      json(
        res,
        503,
        { error: { code: "SERVICE_UNAVAILABLE", message: "shutting down" } },
        { "retry-after": "5" },
      ),
    )
    const error = await new MlskitClient({ baseUrl: stub.url })
      .createGroup("g")
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      message: "shutting down",
      retryAfterSeconds: 5,
      retryable: true,
      reason: undefined,
    })
  })

  it("carries the error body's reason on ApiError when the server sends one", async () => {
    stub = await stubServer((_req, res) =>
      json(res, 400, {
        error: {
          code: "INVALID_MESSAGE",
          message: "message is from a future epoch",
          reason: "future_epoch",
        },
      }),
    )
    const error = await new MlskitClient({ baseUrl: stub.url })
      .processMessage("g", bytes(1))
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 400,
      code: "INVALID_MESSAGE",
      message: "message is from a future epoch",
      reason: "future_epoch",
      retryAfterSeconds: undefined,
      retryable: false,
    })
  })

  it("leaves reason undefined when the error body's reason is not a string", async () => {
    stub = await stubServer((_req, res) =>
      json(res, 404, { error: { code: "NOT_FOUND", message: "no such group", reason: 7 } }),
    )
    await expect(new MlskitClient({ baseUrl: stub.url }).getGroup("g")).rejects.toMatchObject({
      status: 404,
      code: "NOT_FOUND",
      reason: undefined,
    })
  })

  it("names the status when an error answer has no JSON body", async () => {
    stub = await stubServer((_req, res) => res.writeHead(502).end("bad gateway"))
    await expect(new MlskitClient({ baseUrl: stub.url }).listGroups()).rejects.toMatchObject({
      status: 502,
      code: "HTTP_502",
      retryable: false,
    })
  })

  it("reports a refused connection as ConnectionError 'refused'", async () => {
    const port = await closedPort()
    const error = await new MlskitClient({ baseUrl: `http://127.0.0.1:${port}` })
      .listGroups()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as ConnectionError).failure).toBe("refused")
  })

  it("reports a connection closed before the answer as ConnectionError 'reset'", async () => {
    stub = await stubServer((_req, res) => res.socket?.destroy())
    const error = await new MlskitClient({ baseUrl: stub.url })
      .listGroups()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as ConnectionError).failure).toBe("reset")
  })

  it("lists, deletes and rotates identities on the identity management routes", async () => {
    const answers: [number, unknown][] = [
      [200, { identities: [], nextCursor: "YWZ0ZXI6eA" }],
      [204, undefined],
      [200, { id: "id/1", token: "new-token" }],
    ]
    stub = await stubServer((_req, res) => {
      const [status, body] = answers.shift() ?? [500, undefined]
      if (body === undefined) res.writeHead(status).end()
      else json(res, status, body)
    })
    const client = new MlskitClient({ baseUrl: stub.url, token: "admin" })

    expect(await client.listIdentities({ limit: 2, cursor: "YWZ0ZXI6eA" })).toEqual({
      identities: [],
      nextCursor: "YWZ0ZXI6eA",
    })
    expect(await client.deleteIdentity("id/1")).toBeUndefined()
    expect(await client.rotateToken("id/1")).toEqual({ id: "id/1", token: "new-token" })
    expect(stub.seen.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      "GET /v1/identities?limit=2&cursor=YWZ0ZXI6eA ",
      "DELETE /v1/identities/id%2F1 ",
      "POST /v1/identities/id%2F1/token {}",
    ])
  })

  it("returns a 503 readiness answer instead of throwing", async () => {
    const report = { status: "unhealthy", components: [], checkedAt: "now" }
    stub = await stubServer((_req, res) => json(res, 503, report))
    expect(await new MlskitClient({ baseUrl: stub.url }).ready()).toEqual({
      status: 503,
      body: report,
    })
  })

  it("streams the events of GET /v1/events until the server ends the stream", async () => {
    stub = await stubServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" })
      res.write(": connected\n\n")
      res.write(
        'id: 1\nevent: GroupCreated\ndata: {"type":"GroupCreated","identity":"a","time":1,"groupId":"g"}\n\n',
      )
      res.end('event: MessageSent\ndata: {"type":"MessageSent","identity":"a","time":2}\n\n')
    })
    const events = await new MlskitClient({ baseUrl: stub.url, token: "t" }).events()
    const seen = []
    for await (const event of events) seen.push(event.type)
    expect(seen).toEqual(["GroupCreated", "MessageSent"])
    expect(stub.seen[0]?.headers.accept).toBe("text/event-stream")
  })

  it("ends the event stream quietly when the signal aborts", async () => {
    stub = await stubServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" })
      res.write('data: {"type":"MessageSent","identity":"a","time":1}\n\n')
    })
    const controller = new AbortController()
    const events = await new MlskitClient({ baseUrl: stub.url }).events({
      signal: controller.signal,
    })
    const first = await events.next()
    controller.abort()
    expect(first.value?.type).toBe("MessageSent")
    expect(await events.next()).toEqual({ done: true, value: undefined })
  })
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

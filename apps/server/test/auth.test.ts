import { statSync } from "node:fs"
import { join } from "node:path"
import { ApiError, MlskitClient } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  createGroupWith,
  createUsers,
  removeDir,
  startTestServer,
  type TestServer,
  tempDir,
  type User,
} from "./helpers.js"

async function failure(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`)
  return { status: error.status, code: error.code }
}

describe("bearer-token authentication", () => {
  let t: TestServer
  let users: Record<"alice" | "bob" | "mallory", User>
  let groupId: string

  beforeAll(async () => {
    t = await startTestServer()
    users = await createUsers(t.admin, "alice", "bob", "mallory")
    groupId = await createGroupWith(users.alice, [users.bob])
  })
  afterAll(async () => {
    await t.stop()
  })

  /** Every identity route, called through `client` against alice's group and alice's identity. */
  function identityCalls(client: MlskitClient): [string, () => Promise<unknown>][] {
    return [
      ["generate key packages", () => client.generateKeyPackages(users.alice.id, 1)],
      ["create group", () => client.createGroup("x")],
      ["join group", () => client.joinGroup(new Uint8Array([1, 2, 3]))],
      ["list groups", () => client.listGroups()],
      ["get group", () => client.getGroup(groupId)],
      ["send message", () => client.sendMessage(groupId, "forged")],
      ["process message", () => client.processMessage(groupId, new Uint8Array([1]))],
      ["add members", () => client.addMembers(groupId, [new Uint8Array([1])])],
      ["remove members", () => client.removeMembers(groupId, [1])],
      ["self-update", () => client.selfUpdate(groupId)],
      ["events", () => client.events()],
    ]
  }

  async function aliceView() {
    const group = await users.alice.client.getGroup(groupId)
    return { epoch: group.epoch, version: group.version, members: group.members }
  }

  it("refuses every route without a token with 401 UNAUTHORIZED, changing nothing", async () => {
    const before = await aliceView()
    const anonymous = new MlskitClient({ baseUrl: t.server.url })
    for (const [name, call] of [
      ...identityCalls(anonymous),
      ["create identity", () => anonymous.createIdentity("eve")] as const,
    ]) {
      expect({ name, ...(await failure(call())) }).toEqual({
        name,
        status: 401,
        code: "UNAUTHORIZED",
      })
    }
    expect(await aliceView()).toEqual(before)
  })

  it("refuses an unknown token with 401, and says so in WWW-Authenticate", async () => {
    const before = await aliceView()
    const stranger = new MlskitClient({
      baseUrl: t.server.url,
      token: "not-a-token-anyone-was-given",
    })
    for (const [name, call] of identityCalls(stranger)) {
      expect({ name, ...(await failure(call())) }).toEqual({
        name,
        status: 401,
        code: "UNAUTHORIZED",
      })
    }
    const response = await fetch(`${t.server.url}/v1/groups`, {
      headers: { authorization: "Bearer nope" },
    })
    expect(response.status).toBe(401)
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/)
    expect(await aliceView()).toEqual(before)
  })

  it("refuses malformed Authorization headers with 401", async () => {
    for (const authorization of [
      users.alice.token,
      `Basic ${users.alice.token}`,
      "Bearer",
      `Bearer ${"a".repeat(600)}`,
    ]) {
      const response = await fetch(`${t.server.url}/v1/groups`, { headers: { authorization } })
      expect(response.status).toBe(401)
    }
  })

  it("refuses another identity's key packages with 403 FORBIDDEN", async () => {
    expect(await failure(users.mallory.client.generateKeyPackages(users.alice.id, 1))).toEqual({
      status: 403,
      code: "FORBIDDEN",
    })
    expect(await failure(users.mallory.client.generateKeyPackages("no-such-identity", 1))).toEqual({
      status: 403,
      code: "FORBIDDEN",
    })
  })

  it("gives another identity no way into alice's group: it is not found from their side, and unchanged", async () => {
    const before = await aliceView()
    const { mallory } = users
    for (const call of [
      () => mallory.client.getGroup(groupId),
      () => mallory.client.sendMessage(groupId, "forged"),
      () => mallory.client.addMembers(groupId, [new Uint8Array([1])]),
      () => mallory.client.removeMembers(groupId, [1]),
      () => mallory.client.selfUpdate(groupId),
    ]) {
      expect(await failure(call())).toEqual({ status: 404, code: "GROUP_NOT_FOUND" })
    }
    expect(await mallory.client.listGroups()).toEqual([])
    expect(await aliceView()).toEqual(before)
  })

  it("lets only the admin token create identities: an identity's token gets 403", async () => {
    expect(await failure(users.alice.client.createIdentity("eve"))).toEqual({
      status: 403,
      code: "FORBIDDEN",
    })
  })

  it("does not let the admin token act as an identity (403)", async () => {
    const before = await aliceView()
    for (const [name, call] of identityCalls(t.admin)) {
      expect({ name, ...(await failure(call())) }).toEqual({ name, status: 403, code: "FORBIDDEN" })
    }
    expect(await aliceView()).toEqual(before)
  })

  it("stores only a SHA-256 of each token, in the identity's metadata", async () => {
    const identities = await t.service.listIdentities()
    const metadata = JSON.stringify(identities.map((i) => i.metadata))
    for (const user of Object.values(users)) expect(metadata).not.toContain(user.token)
    expect(identities.every((i) => /^[0-9a-f]{64}$/.test(i.metadata.token_sha256 ?? ""))).toBe(true)
  })
})

describe("the admin token", () => {
  it("is generated on first start into <data_dir>/admin-token with mode 0600, and reused after", async () => {
    const dataDir = tempDir()
    const first = await startTestServer({ dataDir })
    const file = join(dataDir, "admin-token")
    expect(first.server.adminToken).toMatchObject({ file, created: true })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    await first.stop()
    const second = await startTestServer({ dataDir })
    expect(second.server.adminToken).toMatchObject({
      token: first.server.adminToken.token,
      created: false,
    })
    await second.stop()
    removeDir(dataDir)
  })

  it("comes from [auth] admin_token (MLSKIT_AUTH_ADMIN_TOKEN) when set, and no file is written", async () => {
    const token = "configured-admin-token-0123456789-abcdefghijklmnop"
    const t = await startTestServer({ env: { MLSKIT_AUTH_ADMIN_TOKEN: token } })
    expect(t.server.adminToken).toEqual({ token, file: undefined, created: false })
    expect(() => statSync(join(t.dataDir, "admin-token"))).toThrow()
    expect((await t.admin.createIdentity("alice")).id).toBeTruthy()
    await t.stop()
  })

  it("refuses a configured admin token shorter than 43 characters", async () => {
    await expect(
      startTestServer({ env: { MLSKIT_AUTH_ADMIN_TOKEN: "short" } }),
    ).rejects.toMatchObject({
      code: "CONFIG_ERROR",
      key: "auth.admin_token",
    })
  })
})

describe("identity tokens across restarts", () => {
  it("keeps working after a restart on the same SQLite store", async () => {
    const dataDir = tempDir()
    const env = { MLSKIT_STORAGE_DRIVER: "sqlite" }
    const first = await startTestServer({ dataDir, env })
    const { alice } = await createUsers(first.admin, "alice")
    const groupId = await alice.client.createGroup("kept")
    await first.stop()

    const second = await startTestServer({ dataDir, env })
    const client = new MlskitClient({ baseUrl: second.server.url, token: alice.token })
    expect((await client.getGroup(groupId)).name).toBe("kept")
    await second.stop()
    removeDir(dataDir)
  })
})

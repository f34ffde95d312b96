/**
 * Two server processes (dist/main.js) on one PostgreSQL schema, as the
 * deploy README runs them: an identity's token works on every instance at
 * once, and rotating or deleting it through one instance stops the old
 * token on the other within `[auth] token_refresh_interval_ms`.
 */
import { randomBytes } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { ApiError, MlskitClient } from "@mlskit/client"
import { afterAll, beforeAll, expect, it } from "vitest"
import { removeDir, tempDir } from "./helpers.js"
import { describeWithPostgres, dropSchema, PG_URL, randomSchema } from "./postgres.js"
import { type ServerProcess, startServerProcess } from "./server-process.js"

/** The refresh interval both instances run with: the documented bound on revocation. */
const REFRESH_MS = 1000
/** Allowance on top of the bound for one store read and the polling below. */
const SLACK_MS = 750

/** The status and code of a failed call (throws when the call succeeds). */
async function failure(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`)
  return { status: error.status, code: error.code }
}

/**
 * Milliseconds until `client`'s token is refused with 401, failing past the
 * bound. Until then the call must succeed or end as `meanwhile` (a deleted
 * identity's calls find no identity: 404 NOT_FOUND).
 */
async function msUntilRefused(client: MlskitClient, meanwhile = "accepted"): Promise<number> {
  const started = performance.now()
  for (;;) {
    const outcome = await client.listGroups().then(
      () => "accepted",
      (e: unknown) => (e instanceof ApiError ? `${e.status} ${e.code}` : String(e)),
    )
    const elapsed = performance.now() - started
    if (outcome === "401 UNAUTHORIZED") return elapsed
    expect({ outcome, withinBound: elapsed < REFRESH_MS + SLACK_MS }).toEqual({
      outcome: meanwhile,
      withinBound: true,
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describeWithPostgres("identities across two server processes on one PostgreSQL schema", () => {
  const schema = randomSchema()
  const adminToken = randomBytes(32).toString("base64url")
  const dirs = [tempDir(), tempDir()]
  const processes: ServerProcess[] = []
  let adminA: MlskitClient
  let adminB: MlskitClient
  let a: ServerProcess
  let b: ServerProcess

  beforeAll(async () => {
    const env = {
      MLSKIT_STORAGE_STATE_KEY: randomBytes(32).toString("hex"),
      MLSKIT_AUTH_ADMIN_TOKEN: adminToken,
    }
    for (const dir of dirs) {
      writeFileSync(
        join(dir, "mlskit.toml"),
        `[server]
port = 0
[metrics]
port = 0
[delivery]
driver = "none"
[storage]
driver = "postgres"
postgres_url = ${JSON.stringify(PG_URL)}
postgres_schema = ${JSON.stringify(schema)}
data_dir = ${JSON.stringify(dir)}
[logging]
level = "warn"
[auth]
token_refresh_interval_ms = ${REFRESH_MS}
`,
      )
    }
    // One after the other: the first creates the schema.
    for (const dir of dirs) processes.push(await startServerProcess(join(dir, "mlskit.toml"), env))
    ;[a, b] = processes as [ServerProcess, ServerProcess]
    adminA = new MlskitClient({ baseUrl: a.url, token: adminToken })
    adminB = new MlskitClient({ baseUrl: b.url, token: adminToken })
  }, 60_000)

  afterAll(async () => {
    for (const p of processes) {
      p.child.kill("SIGTERM")
      await p.exited
    }
    for (const dir of dirs) removeDir(dir)
    await dropSchema(schema)
  }, 60_000)

  const on = (server: ServerProcess, token: string) =>
    new MlskitClient({ baseUrl: server.url, token })

  it("never creates two identities of one name from racing creates on A and B", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? adminA : adminB).createIdentity("racer").then(
          () => "201",
          (e: unknown) => (e instanceof ApiError ? `${e.status} ${e.code}` : String(e)),
        ),
      ),
    )
    const created = outcomes.filter((o) => o === "201").length
    expect(created).toBeLessThanOrEqual(1)
    expect(outcomes.filter((o) => o !== "201").every((o) => o === "409 CONFLICT")).toBe(true)
    const stored = (await adminB.listIdentities({ limit: 1000 })).identities
    expect(stored.filter((i) => i.name === "racer")).toHaveLength(created)
  })

  it("accepts on B at once the token of an identity just created on A", async () => {
    const alice = await adminA.createIdentity("alice")
    const keyPackages = await on(b, alice.token).generateKeyPackages(alice.id, 1)
    expect(keyPackages).toHaveLength(1)
    expect(await on(b, alice.token).listGroups()).toEqual([])
  })

  it("rotates a token on A: the new one works on B at once, the old one is refused on A at once and on B within the bound", async () => {
    const bob = await adminA.createIdentity("bob")
    expect(await on(b, bob.token).listGroups()).toEqual([])

    const rotated = await on(a, bob.token).rotateToken(bob.id)
    expect(rotated.id).toBe(bob.id)
    expect(rotated.token).not.toBe(bob.token)

    expect(await on(b, rotated.token).listGroups()).toEqual([])
    expect(await failure(on(a, bob.token).listGroups())).toEqual({
      status: 401,
      code: "UNAUTHORIZED",
    })
    const refusedAfter = await msUntilRefused(on(b, bob.token))
    expect(refusedAfter).toBeLessThan(REFRESH_MS + SLACK_MS)
    console.info(`old token refused on B ${Math.round(refusedAfter)} ms after rotation on A`)
  })

  it("ends event streams opened with a token rotated on A: at once on A, within the bound on B", async () => {
    const heidi = await adminA.createIdentity("heidi")
    const streams = await Promise.all([a, b].map((server) => on(server, heidi.token).events()))
    const rotatedAt = performance.now()
    await adminA.rotateToken(heidi.id)
    const endedAfter = await Promise.all(
      streams.map(async (stream) => {
        for await (const event of stream) throw new Error(`unexpected event ${event.type}`)
        return performance.now() - rotatedAt
      }),
    )
    const [onA, onB] = endedAfter as [number, number]
    expect(onA).toBeLessThan(500)
    expect(onB).toBeLessThan(REFRESH_MS + SLACK_MS)
    console.info(
      `event streams ended ${Math.round(onA)} ms (A), ${Math.round(onB)} ms (B) after rotation`,
    )
  })

  it("refuses a replayed rotation with the old token with 401 on both instances", async () => {
    const carol = await adminB.createIdentity("carol")
    const rotated = await on(b, carol.token).rotateToken(carol.id)
    await msUntilRefused(on(a, carol.token))
    for (const server of [a, b]) {
      expect(await failure(on(server, carol.token).rotateToken(carol.id))).toEqual({
        status: 401,
        code: "UNAUTHORIZED",
      })
    }
    // The replay changed nothing: the token from the rotation still works everywhere.
    for (const server of [a, b]) expect(await on(server, rotated.token).listGroups()).toEqual([])
  })

  it("lets the admin rotate any identity's token, and an identity only its own", async () => {
    const dave = await adminA.createIdentity("dave")
    const erin = await adminA.createIdentity("erin")
    expect(await failure(on(b, erin.token).rotateToken(dave.id))).toEqual({
      status: 403,
      code: "FORBIDDEN",
    })
    expect(await on(b, dave.token).listGroups()).toEqual([])

    const byAdmin = await adminB.rotateToken(dave.id)
    expect(byAdmin.id).toBe(dave.id)
    expect(await on(a, byAdmin.token).listGroups()).toEqual([])
    expect(await failure(on(b, dave.token).listGroups())).toEqual({
      status: 401,
      code: "UNAUTHORIZED",
    })
  })

  it("deletes an identity on A: 204, then its token is refused on B within the bound and it is gone from the list", async () => {
    const frank = await adminA.createIdentity("frank")
    expect(await on(b, frank.token).listGroups()).toEqual([])

    await adminA.deleteIdentity(frank.id)

    expect(await failure(on(a, frank.token).listGroups())).toEqual({
      status: 401,
      code: "UNAUTHORIZED",
    })
    const refusedAfter = await msUntilRefused(on(b, frank.token), "404 NOT_FOUND")
    expect(refusedAfter).toBeLessThan(REFRESH_MS + SLACK_MS)
    console.info(
      `deleted identity's token refused on B ${Math.round(refusedAfter)} ms after delete`,
    )
    expect(await failure(adminB.deleteIdentity(frank.id))).toEqual({
      status: 404,
      code: "NOT_FOUND",
    })
    expect(await failure(adminB.rotateToken(frank.id))).toEqual({
      status: 404,
      code: "NOT_FOUND",
    })
    const listed = await listAll(adminB)
    expect(listed.map((i) => i.id)).not.toContain(frank.id)
  })

  it("lists every identity created on either instance, page by page, without tokens or hashes", async () => {
    const created = [
      await adminA.createIdentity("page-1"),
      await adminB.createIdentity("page-2"),
      await adminA.createIdentity("page-3"),
    ]
    const firstPage = await adminB.listIdentities({ limit: 2 })
    expect(firstPage.identities).toHaveLength(2)
    expect(firstPage.nextCursor).toEqual(expect.any(String))

    const listed = await listAll(adminB, 2)
    const ids = listed.map((i) => i.id)
    expect(ids).toEqual([...ids].sort())
    expect(new Set(ids).size).toBe(ids.length)
    for (const identity of created) {
      expect(listed).toContainEqual({
        id: identity.id,
        name: identity.name,
        ciphersuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      })
    }
    const raw = JSON.stringify(await adminA.listIdentities({ limit: 1000 }))
    for (const identity of created) expect(raw).not.toContain(identity.token)
    expect(raw).not.toMatch(/token|sha256|[0-9a-f]{64}/)
  })

  it("lets only the admin list and delete identities", async () => {
    const grace = await adminA.createIdentity("grace")
    const asGrace = on(b, grace.token)
    const anonymous = new MlskitClient({ baseUrl: b.url })
    expect(await failure(asGrace.listIdentities())).toEqual({ status: 403, code: "FORBIDDEN" })
    expect(await failure(asGrace.deleteIdentity(grace.id))).toEqual({
      status: 403,
      code: "FORBIDDEN",
    })
    expect(await failure(anonymous.listIdentities())).toEqual({
      status: 401,
      code: "UNAUTHORIZED",
    })
    expect(await failure(anonymous.deleteIdentity(grace.id))).toEqual({
      status: 401,
      code: "UNAUTHORIZED",
    })
    expect(await failure(anonymous.rotateToken(grace.id))).toEqual({
      status: 401,
      code: "UNAUTHORIZED",
    })
    // Nothing changed: grace still works on both instances.
    for (const server of [a, b]) expect(await on(server, grace.token).listGroups()).toEqual([])
  })

  it("rejects malformed ids, unknown ids and bad page parameters with typed errors", async () => {
    const unknown = "AAAAAAAAAAAAAAAAAAAAAA"
    const invalid = { status: 400, code: "INVALID_INPUT" }
    const notFound = { status: 404, code: "NOT_FOUND" }
    expect(await failure(adminA.deleteIdentity("not an id!"))).toEqual(invalid)
    expect(await failure(adminA.rotateToken("x".repeat(65)))).toEqual(invalid)
    expect(await failure(adminA.deleteIdentity(unknown))).toEqual(notFound)
    expect(await failure(adminA.rotateToken(unknown))).toEqual(notFound)
    for (const limit of [0, 1001]) {
      expect(await failure(adminA.listIdentities({ limit }))).toEqual(invalid)
    }
    expect(await failure(adminA.listIdentities({ cursor: "bm90LWEtY3Vyc29y" }))).toEqual(invalid)
    const extra = await fetch(`${a.url}/v1/identities?offset=3`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    expect(extra.status).toBe(400)
  })
})

/** Every identity, following `nextCursor` from page to page. */
async function listAll(admin: MlskitClient, limit?: number) {
  const out = []
  let cursor: string | undefined
  do {
    const page = await admin.listIdentities({
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    })
    out.push(...page.identities)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return out
}

/**
 * Contract section: bad arguments get InvalidInputError and change nothing.
 * Every case runs against stores holding inbox entries and key packages of
 * two identities, and everything a caller can see of them must be the same
 * afterwards.
 */
import { type MlsStore, toBase64Url } from "@mlskit/core"
import { groupFixture, keyPackageFixture } from "@mlskit/core/testing"
import { describe, expect, it } from "vitest"
import type { DeliveryStore, NewInboxRecord } from "../delivery-store.js"
import { MAX_INBOX_READ_LIMIT } from "../delivery-store-arguments.js"
import { MAX_GROUP_ID_BYTES } from "../group-key.js"
import {
  createIdentities,
  type DeliveryContractContext,
  inboxRecord,
  localGroupIdOf,
  mlsGroupIdOf,
  T0,
} from "./delivery-contract-context.js"
import { expectMlskitError } from "./expect-error.js"

const A = "alice"
const B = "bob"
const M = mlsGroupIdOf(1)

async function seeded(ctx: DeliveryContractContext) {
  const opened = await ctx.open()
  const { store, delivery } = opened
  await createIdentities(store, A, B)
  for (const id of [A, B]) {
    for (let n = 1; n <= 3; n++) await delivery.appendInbox(inboxRecord(id, n))
    await store.addKeyPackages([
      keyPackageFixture(id, `${id}-1`, { createdAt: T0 }),
      keyPackageFixture(id, `${id}-2`, { createdAt: T0 + 1 }),
      keyPackageFixture(id, `${id}-last`, { lastResort: true }),
    ])
    await store.createGroup(groupFixture(id, localGroupIdOf(id, M), { mlsGroupId: M }))
  }
  await delivery.claimKeyPackage(A, T0)
  return opened
}

/** Everything a caller can see of both identities, as one comparable string. */
async function snapshot(store: MlsStore, delivery: DeliveryStore): Promise<string> {
  const parts = []
  for (const id of [A, B]) {
    const entries = (await delivery.readInbox(id, { limit: MAX_INBOX_READ_LIMIT })).map((e) => ({
      ...e,
      payload: toBase64Url(e.payload),
    }))
    parts.push({
      entries,
      head: await delivery.inboxHead(id),
      depth: await delivery.inboxDepth(id),
      stock: await delivery.keyPackageStock(id),
      packages: (await store.listKeyPackages(id)).map((p) => p.ref),
    })
  }
  parts.push(await delivery.listHostedMembers(M))
  return JSON.stringify(parts)
}

/** Inbox records that must be refused, each with what is wrong with it. */
function badRecords(): [string, unknown][] {
  const good = inboxRecord(A, 9)
  const bad = (field: keyof NewInboxRecord, value: unknown): [string, unknown] => [
    `${field} ${typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : String(value)}`,
    { ...good, [field]: value },
  ]
  const { payload: _, ...withoutPayload } = good
  return [
    ["null", null],
    ["a string", "record"],
    ["no payload", withoutPayload],
    bad("identityId", ""),
    bad("identityId", 7),
    bad("identityId", "a\0b"),
    bad("identityId", "a".repeat(256)),
    bad("groupId", ""),
    bad("groupId", undefined),
    bad("groupId", "g".repeat(601)),
    bad("seq", -1),
    bad("seq", 1.5),
    bad("seq", Number.NaN),
    bad("seq", "1"),
    bad("seq", 2 ** 53),
    bad("part", -1),
    bad("part", 0.5),
    bad("part", undefined),
    bad("type", ""),
    bad("type", "t".repeat(33)),
    bad("type", 3),
    bad("epoch", -1),
    bad("epoch", 2.5),
    bad("time", -1),
    bad("time", Number.POSITIVE_INFINITY),
    bad("payload", "bytes"),
    bad("payload", [1, 2, 3]),
    bad("payload", new ArrayBuffer(4)),
    bad("payload", new Uint16Array(2)),
    bad("payload", null),
  ]
}

/** Declares the bad-input tests of the DeliveryStore contract. */
export function badInputContract(ctx: DeliveryContractContext): void {
  describe("bad input changes nothing", () => {
    it("refuses malformed inbox records with INVALID_INPUT", async () => {
      const { store, delivery } = await seeded(ctx)
      const before = await snapshot(store, delivery)
      for (const [what, record] of badRecords()) {
        const attempt = delivery.appendInbox(record as NewInboxRecord)
        await expectMlskitError(attempt, "INVALID_INPUT").catch((error: Error) => {
          throw new Error(`appendInbox with ${what}: ${error.message}`)
        })
      }
      expect(await snapshot(store, delivery)).toBe(before)
    })

    it("refuses bad identity ids, cursors and limits of the inbox reads with INVALID_INPUT", async () => {
      const { store, delivery } = await seeded(ctx)
      const before = await snapshot(store, delivery)
      const calls: [string, () => Promise<unknown>][] = []
      for (const id of ["", 5, "x\0y", "i".repeat(256), undefined]) {
        const bad = id as string
        calls.push(
          [`readInbox ${String(id)}`, () => delivery.readInbox(bad)],
          [`inboxHead ${String(id)}`, () => delivery.inboxHead(bad)],
          [`inboxDepth ${String(id)}`, () => delivery.inboxDepth(bad)],
          [`deleteInbox ${String(id)}`, () => delivery.deleteInbox(bad)],
          [`claimKeyPackage ${String(id)}`, () => delivery.claimKeyPackage(bad, T0)],
          [`keyPackageStock ${String(id)}`, () => delivery.keyPackageStock(bad)],
        )
      }
      for (const after of [-1, 0.5, Number.NaN, 2 ** 53]) {
        calls.push([`after ${after}`, () => delivery.readInbox(A, { after })])
      }
      for (const limit of [0, -1, 1.5, MAX_INBOX_READ_LIMIT + 1]) {
        calls.push([`limit ${limit}`, () => delivery.readInbox(A, { limit })])
      }
      for (const [what, call] of calls) {
        await expectMlskitError(call(), "INVALID_INPUT").catch((error: Error) => {
          throw new Error(`${what}: ${error.message}`)
        })
      }
      expect(await snapshot(store, delivery)).toBe(before)
    })

    it("refuses bad retention, clock readings and group ids with INVALID_INPUT", async () => {
      const { store, delivery } = await seeded(ctx)
      const before = await snapshot(store, delivery)
      const calls: [string, () => Promise<unknown>][] = [
        ["maxEntries 0", () => delivery.trimInboxes({ maxEntries: 0 }, T0)],
        ["maxEntries -1", () => delivery.trimInboxes({ maxEntries: -1 }, T0)],
        ["maxEntries 1.5", () => delivery.trimInboxes({ maxEntries: 1.5 }, T0)],
        ["maxAgeMs 0", () => delivery.trimInboxes({ maxAgeMs: 0 }, T0)],
        ["maxAgeMs NaN", () => delivery.trimInboxes({ maxAgeMs: Number.NaN }, T0)],
        ["trim now -1", () => delivery.trimInboxes({ maxEntries: 1 }, -1)],
        ["trim now 1.5", () => delivery.trimInboxes({ maxEntries: 1 }, 1.5)],
        ["claim now -1", () => delivery.claimKeyPackage(A, -1)],
        ["claim now NaN", () => delivery.claimKeyPackage(A, Number.NaN)],
        ["claim now text", () => delivery.claimKeyPackage(A, "1" as unknown as number)],
        ["group id text", () => delivery.listHostedMembers("abc" as unknown as Uint8Array)],
        ["group id empty", () => delivery.listHostedMembers(new Uint8Array(0))],
        [
          "group id too long",
          () => delivery.listHostedMembers(new Uint8Array(MAX_GROUP_ID_BYTES + 1)),
        ],
        ["group id array", () => delivery.listHostedMembers([1, 2] as unknown as Uint8Array)],
      ]
      for (const [what, call] of calls) {
        await expectMlskitError(call(), "INVALID_INPUT").catch((error: Error) => {
          throw new Error(`${what}: ${error.message}`)
        })
      }
      expect(await snapshot(store, delivery)).toBe(before)
    })
  })
}

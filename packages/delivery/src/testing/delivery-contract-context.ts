/**
 * What each section of the DeliveryStore contract needs: a fresh pair of an
 * MlsStore and the DeliveryStore on the same storage, and small builders
 * for the records the sections store.
 */
import { type MlsStore, toBase64Url } from "@mlskit/core"
import { identityFixture } from "@mlskit/core/testing"
import type { DeliveryStore, NewInboxRecord } from "../delivery-store.js"
import { seededBytes } from "./messages.js"

/** What a factory returns: both stores over fresh, empty storage and how to dispose of them. */
export interface DeliveryStoreUnderTest {
  /** Core's store: the suite creates identities, key packages and groups through it. */
  store: MlsStore
  /** The DeliveryStore over the same storage as `store`. */
  delivery: DeliveryStore
  /** Runs after the test (close both, drop the schema, delete the file). */
  cleanup?: () => Promise<void>
}

/** Creates both stores over fresh, empty storage for one test. */
export type DeliveryStoreFactory = () => Promise<DeliveryStoreUnderTest> | DeliveryStoreUnderTest

/** Accessors the contract sections use inside their tests. */
export interface DeliveryContractContext {
  /** Open both stores for the running test; the suite disposes of them afterwards. */
  open(): Promise<DeliveryStoreUnderTest>
}

/** The time of the first test entry; entry n is made n ms later. */
export const T0 = 1_700_000_000_000

/** An MLS group id for tests, 16 bytes spelling `n`. */
export function mlsGroupIdOf(n: number): Uint8Array {
  return seededBytes(10_000 + n, 16)
}

/** Core's local group id of `identityId` in the MLS group `mlsGroupId`. */
export function localGroupIdOf(identityId: string, mlsGroupId: Uint8Array): string {
  return `${identityId}.${toBase64Url(mlsGroupId)}`
}

/** Inbox entry n of `identityId`: from seq n of group 1, part 0, a distinct payload. */
export function inboxRecord(
  identityId: string,
  n: number,
  overrides: Partial<NewInboxRecord> = {},
): NewInboxRecord {
  return {
    identityId,
    groupId: localGroupIdOf(identityId, mlsGroupIdOf(1)),
    seq: n,
    part: 0,
    type: "message",
    epoch: 1 + (n % 3),
    time: T0 + n,
    payload: seededBytes(n * 31 + identityId.length, 24 + (n % 7)),
    ...overrides,
  }
}

/** Creates identities by id in the MlsStore (fixture fields). */
export async function createIdentities(store: MlsStore, ...ids: string[]): Promise<void> {
  for (const id of ids) await store.createIdentity(identityFixture(id))
}

/** 1, 2, ..., n. */
export const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1)

/** True when `bytes` is a plain Uint8Array (not a Buffer or another subclass). */
export const isPlainBytes = (bytes: unknown): boolean =>
  bytes instanceof Uint8Array && Object.getPrototypeOf(bytes) === Uint8Array.prototype

/**
 * True when `bytes` holds exactly `expected`: for large values, which
 * vitest's deep equality compares byte by byte, slowly.
 */
export const sameBytes = (bytes: unknown, expected: Uint8Array): boolean =>
  bytes instanceof Uint8Array && Buffer.from(bytes).equals(Buffer.from(expected))

/**
 * Runs `n` cheap reads at once, so a driver with a connection pool has its
 * connections open before a concurrency test: otherwise the first call can
 * finish while the others still connect, and nothing really overlaps.
 */
export async function warmUp(delivery: DeliveryStore, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, (_, i) => delivery.inboxDepth(`warm-up-${i}`)))
}

/**
 * Record builders for store tests: small, valid records with distinct bytes,
 * so a test states only the fields it is about.
 */
import type { GroupRecord, IdentityRecord, KeyPackageRecord } from "../store.js"

/** A group as passed to `MlsStore.createGroup`. */
export type NewGroupRecord = Omit<GroupRecord, "version" | "updatedAt">

/** Deterministic pseudo-random bytes: the same seed always gives the same bytes. */
export function fixtureBytes(seed: number, length = 32): Uint8Array {
  const out = new Uint8Array(length)
  let x = (seed * 2654435761 + 1) >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

/** An identity record with the given id; other fields derived from it. */
export function identityFixture(
  id: string,
  overrides: Partial<IdentityRecord> = {},
): IdentityRecord {
  return {
    id,
    name: `name of ${id}`,
    ciphersuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
    signaturePublicKey: fixtureBytes(seedOf(`spk:${id}`), 32),
    sealedSignatureKey: fixtureBytes(seedOf(`ssk:${id}`), 76),
    metadata: { role: "test" },
    createdAt: 1_700_000_000_123,
    ...overrides,
  }
}

/** A normal (not last-resort) key package of `identityId`. */
export function keyPackageFixture(
  identityId: string,
  ref: string,
  overrides: Partial<KeyPackageRecord> = {},
): KeyPackageRecord {
  return {
    ref,
    identityId,
    keyPackage: fixtureBytes(seedOf(`kp:${ref}`), 300),
    sealedPrivateKeys: fixtureBytes(seedOf(`kpk:${ref}`), 140),
    lastResort: false,
    createdAt: 1_700_000_000_456,
    ...overrides,
  }
}

/** A new group of `identityId` at epoch 0. */
export function groupFixture(
  identityId: string,
  id: string,
  overrides: Partial<NewGroupRecord> = {},
): NewGroupRecord {
  return {
    id,
    identityId,
    mlsGroupId: fixtureBytes(seedOf(`gid:${id}`), 16),
    epoch: 0,
    state: fixtureBytes(seedOf(`state:${id}`), 512),
    metadata: { name: `group ${id}` },
    ...overrides,
  }
}

function seedOf(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

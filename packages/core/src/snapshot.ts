/**
 * Snapshot export/import: every identity, key package and group of a store
 * in one versioned, checksummed file, sealed with the state key. Use it for
 * backups, for the shutdown hook of a service, and to move to another store.
 * Records inside stay sealed as they were; importing needs the same key.
 */
import { createHash } from "node:crypto"
import { BlobKind, createAtRestCipher } from "./at-rest.js"
import { ConflictError, CryptoError, InvalidInputError } from "./errors.js"
import { TS_MLS_VERSION } from "./mls-adapter.js"
import type { GroupRecord, IdentityRecord, KeyPackageRecord, MlsStore } from "./store.js"

const MAGIC = Buffer.from("MLSKSNAP", "ascii")
const SNAPSHOT_VERSION = 1
const CONTEXT = "mlskit-snapshot"

/** Counts of what a snapshot holds. */
export interface SnapshotSummary {
  identities: number
  keyPackages: number
  groups: number
  createdAt: number
}

type Encoded<T> = { [K in keyof T]: T[K] extends Uint8Array ? string : T[K] }

interface SnapshotPayload {
  createdAt: number
  tsMlsVersion: string
  identities: Encoded<IdentityRecord>[]
  keyPackages: Encoded<KeyPackageRecord>[]
  groups: Encoded<GroupRecord>[]
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64")
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"))

/** Export everything in `store` as one sealed snapshot. */
export async function exportSnapshot(
  store: MlsStore,
  stateKey: Uint8Array | string,
): Promise<{ bytes: Uint8Array; summary: SnapshotSummary }> {
  const identities = await store.listIdentities()
  const keyPackages: KeyPackageRecord[] = []
  for (const identity of identities) keyPackages.push(...(await store.listKeyPackages(identity.id)))
  const groups = await store.listGroups()
  const payload: SnapshotPayload = {
    createdAt: Date.now(),
    tsMlsVersion: TS_MLS_VERSION,
    identities: identities.map((r) => ({
      ...r,
      signaturePublicKey: b64(r.signaturePublicKey),
      sealedSignatureKey: b64(r.sealedSignatureKey),
    })),
    keyPackages: keyPackages.map((r) => ({
      ...r,
      keyPackage: b64(r.keyPackage),
      sealedPrivateKeys: b64(r.sealedPrivateKeys),
    })),
    groups: groups.map((r) => ({ ...r, mlsGroupId: b64(r.mlsGroupId), state: b64(r.state) })),
  }
  const body = Buffer.from(JSON.stringify(payload), "utf8")
  const checksum = createHash("sha256").update(body).digest()
  const plaintext = Buffer.concat([MAGIC, Buffer.from([SNAPSHOT_VERSION]), checksum, body])
  const cipher = createAtRestCipher(stateKey, TS_MLS_VERSION)
  const bytes = cipher.seal(plaintext, {
    kind: BlobKind.Snapshot,
    ciphersuiteId: 0,
    context: CONTEXT,
  })
  return { bytes, summary: summarize(payload) }
}

/** Import a snapshot into an empty store. ConflictError if the store holds anything. */
export async function importSnapshot(
  store: MlsStore,
  stateKey: Uint8Array | string,
  bytes: Uint8Array,
): Promise<SnapshotSummary> {
  if (!(bytes instanceof Uint8Array)) throw new InvalidInputError("snapshot must be a Uint8Array")
  const payload = readSnapshot(stateKey, bytes)
  if ((await store.listIdentities()).length > 0 || (await store.listGroups()).length > 0) {
    throw new ConflictError("snapshots are imported into an empty store only")
  }
  for (const r of payload.identities) {
    await store.createIdentity({
      ...r,
      signaturePublicKey: unb64(r.signaturePublicKey),
      sealedSignatureKey: unb64(r.sealedSignatureKey),
    })
  }
  await store.addKeyPackages(
    payload.keyPackages.map((r) => ({
      ...r,
      keyPackage: unb64(r.keyPackage),
      sealedPrivateKeys: unb64(r.sealedPrivateKeys),
    })),
  )
  for (const r of payload.groups) {
    await store.createGroup({
      id: r.id,
      identityId: r.identityId,
      mlsGroupId: unb64(r.mlsGroupId),
      epoch: r.epoch,
      state: unb64(r.state),
      metadata: r.metadata,
    })
  }
  return summarize(payload)
}

/** Open and verify a snapshot without importing it. */
export function inspectSnapshot(stateKey: Uint8Array | string, bytes: Uint8Array): SnapshotSummary {
  return summarize(readSnapshot(stateKey, bytes))
}

function readSnapshot(stateKey: Uint8Array | string, bytes: Uint8Array): SnapshotPayload {
  const cipher = createAtRestCipher(stateKey, TS_MLS_VERSION)
  const { plaintext } = cipher.open(bytes, { kind: BlobKind.Snapshot, context: CONTEXT })
  const buf = Buffer.from(plaintext)
  if (buf.length < 41 || !buf.subarray(0, 8).equals(MAGIC))
    throw new CryptoError("not an mlskit snapshot")
  if (buf[8] !== SNAPSHOT_VERSION)
    throw new CryptoError(`snapshot version ${buf[8]} is not supported`)
  const body = buf.subarray(41)
  if (!createHash("sha256").update(body).digest().equals(buf.subarray(9, 41))) {
    throw new CryptoError("snapshot checksum mismatch")
  }
  return JSON.parse(body.toString("utf8")) as SnapshotPayload
}

function summarize(p: SnapshotPayload): SnapshotSummary {
  return {
    identities: p.identities.length,
    keyPackages: p.keyPackages.length,
    groups: p.groups.length,
    createdAt: p.createdAt,
  }
}

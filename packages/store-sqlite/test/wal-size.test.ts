import { randomBytes } from "node:crypto"
import { statSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import { freshDatabasePath } from "./temp-dir.js"

const MiB = 1024 * 1024

describe("the write-ahead log", () => {
  it("stays bounded while many groups are created and updated (checkpoints run)", async () => {
    const path = freshDatabasePath()
    const store = await openSqliteStore({ path })
    await store.createIdentity({
      id: "alice",
      name: "alice",
      ciphersuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
      signaturePublicKey: new Uint8Array(32),
      sealedSignatureKey: new Uint8Array(64),
      metadata: {},
      createdAt: 0,
    })
    const state = new Uint8Array(randomBytes(8 * 1024))
    // 3,000 groups of 8 KiB, then as many updates: about 48 MiB written in all.
    for (let i = 0; i < 3000; i++) {
      await store.createGroup({
        id: `alice.g${i}`,
        identityId: "alice",
        mlsGroupId: Uint8Array.of(i & 0xff, i >> 8),
        epoch: 0,
        state,
        metadata: {},
      })
    }
    for (let i = 0; i < 3000; i++) await store.updateGroup(`alice.g${i}`, 1, { epoch: 1, state })
    const wal = statSync(`${path}-wal`).size
    await store.close()
    expect(wal).toBeLessThan(12 * MiB)
  })
})

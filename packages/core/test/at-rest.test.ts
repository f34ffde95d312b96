import { createDecipheriv, randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import {
  BlobKind,
  createAtRestCipher,
  InMemoryStore,
  MlsClient,
  readBlobHeader,
} from "../src/index.js"
import { STATE_KEY, text } from "./helpers.js"

describe("at-rest encryption", () => {
  const cipher = createAtRestCipher(STATE_KEY, "1.6.4")

  it("round-trips and records format version, kind, suite, key id and ts-mls version in the header", () => {
    const blob = cipher.seal(text("state"), {
      kind: BlobKind.GroupState,
      ciphersuiteId: 1,
      context: "group:x",
    })
    expect(readBlobHeader(blob)).toEqual({
      formatVersion: 1,
      kind: BlobKind.GroupState,
      ciphersuiteId: 1,
      keyId: cipher.keyId,
      tsMlsVersion: "1.6.4",
    })
    expect(
      new TextDecoder().decode(
        cipher.open(blob, { kind: BlobKind.GroupState, context: "group:x" }).plaintext,
      ),
    ).toBe("state")
  })

  it("lays a blob out as documented, in an ArrayBuffer of its own, with a fresh nonce each time", () => {
    const plaintext = randomBytes(5000)
    const meta = { kind: BlobKind.GroupState, ciphersuiteId: 0x0102, context: "group:y" }
    const blob = cipher.seal(plaintext, meta)
    // "MLSK" | format | kind | suite u16 | key id (4) | version length | version | nonce | ciphertext | tag
    const version = Buffer.from("1.6.4", "ascii")
    const headerLength = 13 + version.length
    expect([...blob.subarray(0, 8)]).toEqual([0x4d, 0x4c, 0x53, 0x4b, 1, BlobKind.GroupState, 1, 2])
    expect(Buffer.from(blob.subarray(8, 12)).toString("hex")).toBe(cipher.keyId)
    expect(blob[12]).toBe(version.length)
    expect(Buffer.from(blob.subarray(13, headerLength))).toEqual(version)
    expect(blob.length).toBe(headerLength + 12 + plaintext.length + 16)
    // An independent AES-256-GCM open of that layout gets the plaintext back.
    const decipher = createDecipheriv(
      "aes-256-gcm",
      STATE_KEY,
      blob.subarray(headerLength, headerLength + 12),
    )
    decipher.setAAD(Buffer.concat([blob.subarray(0, headerLength), Buffer.from(meta.context)]))
    decipher.setAuthTag(blob.subarray(blob.length - 16))
    const opened = Buffer.concat([
      decipher.update(blob.subarray(headerLength + 12, blob.length - 16)),
      decipher.final(),
    ])
    expect(opened.equals(plaintext)).toBe(true)
    expect(blob.byteOffset).toBe(0)
    expect(blob.buffer.byteLength).toBe(blob.length)
    expect(Buffer.isBuffer(blob)).toBe(false)
    const again = cipher.seal(plaintext, meta)
    expect(Buffer.from(again.subarray(headerLength, headerLength + 12))).not.toEqual(
      Buffer.from(blob.subarray(headerLength, headerLength + 12)),
    )
  })

  it("refuses a blob moved to another record, a flipped byte and a different kind", () => {
    const blob = cipher.seal(text("state"), {
      kind: BlobKind.GroupState,
      ciphersuiteId: 1,
      context: "group:x",
    })
    expect(() => cipher.open(blob, { kind: BlobKind.GroupState, context: "group:y" })).toThrow(
      /authentication/,
    )
    const flipped = new Uint8Array(blob)
    flipped[flipped.length - 1]! ^= 1
    expect(() => cipher.open(flipped, { kind: BlobKind.GroupState, context: "group:x" })).toThrow(
      /authentication/,
    )
    expect(() => cipher.open(blob, { kind: BlobKind.SignatureKey, context: "group:x" })).toThrow(
      /kind/,
    )
  })

  it("reports a group state sealed with another key as STATE_UNREADABLE without key ids", async () => {
    const store = new InMemoryStore()
    const right = new MlsClient({ store, stateKey: STATE_KEY })
    const a = await right.createIdentity("a")
    const g = await right.createGroup(a.id, "g")
    const otherKey = randomBytes(32)
    const wrong = new MlsClient({ store, stateKey: otherKey })
    const error = await wrong.sendMessage(g, text("x")).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: "STATE_UNREADABLE",
      retryable: false,
      record: "group_state",
      fault: "another_key",
      message: "stored group state was sealed with another state key",
    })
    const keyIds = [cipher.keyId, createAtRestCipher(otherKey, "1.6.4").keyId]
    for (const keyId of keyIds) expect((error as Error).message).not.toContain(keyId)
  })

  it("never stores plaintext keys or group secrets unsealed", async () => {
    const store = new InMemoryStore()
    const client = new MlsClient({ store, stateKey: STATE_KEY })
    const a = await client.createIdentity("a")
    await client.generateKeyPackages(a.id, 1)
    await client.createGroup(a.id, "g")
    const [identity] = await store.listIdentities()
    const [kp] = await store.listKeyPackages(a.id)
    const [group] = await store.listGroups()
    for (const blob of [identity!.sealedSignatureKey, kp!.sealedPrivateKeys, group!.state]) {
      expect(Buffer.from(blob.subarray(0, 4)).toString("ascii")).toBe("MLSK")
    }
  })

  it("accepts keys as hex or base64 and rejects other lengths", () => {
    expect(() => createAtRestCipher(randomBytes(32).toString("hex"), "1")).not.toThrow()
    expect(() => createAtRestCipher(randomBytes(32).toString("base64"), "1")).not.toThrow()
    expect(() => createAtRestCipher(randomBytes(16), "1")).toThrow(/32 bytes/)
  })
})

/** readFraming on real messages of a ts-mls group, and its refusals. */
import { beforeAll, describe, expect, it } from "vitest"
import { DEFAULT_MAX_MESSAGE_BYTES, readFraming } from "../src/index.js"
import { expectMlskitError } from "../src/testing/expect-error.js"
import { publicMessage, testGroupId } from "../src/testing/index.js"
import { makeRealMessages, type RealMessages } from "./real-messages.js"

let real: RealMessages
beforeAll(async () => {
  real = await makeRealMessages()
})

const refuse = (bytes: Uint8Array, code: "INVALID_MESSAGE" | "INVALID_INPUT", maxBytes?: number) =>
  expectMlskitError(
    Promise.resolve().then(() => readFraming(bytes, maxBytes === undefined ? {} : { maxBytes })),
    code,
  )

describe("readFraming on a real group's messages", () => {
  it("reads a public commit: group, epoch, content type and the member sender", () => {
    expect(readFraming(real.publicAddCommit)).toEqual({
      version: "mls10",
      wireFormat: "public_message",
      groupId: real.groupId,
      epoch: 0,
      contentType: "commit",
      sender: { type: "member", leafIndex: 0 },
    })
  })

  it("reads a private application message without its (encrypted) sender", () => {
    expect(readFraming(real.application)).toEqual({
      version: "mls10",
      wireFormat: "private_message",
      groupId: real.groupId,
      epoch: 1,
      contentType: "application",
    })
  })

  it("reads a public proposal and private commits", () => {
    expect(readFraming(real.proposal)).toMatchObject({
      wireFormat: "public_message",
      epoch: 1,
      contentType: "proposal",
      sender: { type: "member", leafIndex: 0 },
    })
    for (const commit of real.privateCommits) {
      expect(readFraming(commit)).toEqual({
        version: "mls10",
        wireFormat: "private_message",
        groupId: real.groupId,
        epoch: 1,
        contentType: "commit",
      })
    }
  })

  it("reads the wire format of a Welcome and a key package, and a GroupInfo's group and epoch", () => {
    expect(readFraming(real.welcome)).toEqual({ version: "mls10", wireFormat: "welcome" })
    expect(readFraming(real.keyPackage)).toEqual({ version: "mls10", wireFormat: "key_package" })
    expect(readFraming(real.groupInfo)).toEqual({
      version: "mls10",
      wireFormat: "group_info",
      groupId: real.groupId,
      epoch: 1,
    })
  })

  it("returns a group id that does not alias the input", () => {
    const bytes = real.application.slice()
    const framing = readFraming(bytes)
    bytes.fill(0)
    expect("groupId" in framing && framing.groupId).toEqual(real.groupId)
  })

  it("reads external and new-member senders of public messages", () => {
    const g = testGroupId(1)
    const external = publicMessage(g, 4, "proposal", 1, { senderType: "external", senderIndex: 3 })
    const joiner = publicMessage(g, 4, "commit", 1, { senderType: "new_member_commit" })
    const newcomer = publicMessage(g, 4, "proposal", 1, { senderType: "new_member_proposal" })
    expect(readFraming(external)).toMatchObject({ sender: { type: "external", senderIndex: 3 } })
    expect(readFraming(joiner)).toMatchObject({ sender: { type: "new_member_commit" } })
    expect(readFraming(newcomer)).toMatchObject({ sender: { type: "new_member_proposal" } })
  })
})

describe("readFraming refusals", () => {
  it("refuses every truncation of each real message with INVALID_MESSAGE", async () => {
    for (const message of [real.publicAddCommit, real.application, real.welcome, real.keyPackage]) {
      for (let n = 0; n < message.length; n++) {
        await refuse(message.subarray(0, n), "INVALID_MESSAGE")
      }
    }
  })

  it("refuses a trailing byte, naming only lengths", async () => {
    const bytes = new Uint8Array([...real.application, 0x42])
    const error = await refuse(bytes, "INVALID_MESSAGE")
    expect(error.message).toBe(
      `1 trailing bytes after a ${real.application.length}-byte private_message`,
    )
  })

  it("refuses another protocol version and an unknown wire format", async () => {
    const version = real.application.slice()
    version[1] = 2
    expect((await refuse(version, "INVALID_MESSAGE")).message).toBe(
      "unsupported protocol version: only mls10 is accepted",
    )
    const wire = real.application.slice()
    wire[3] = 6
    expect((await refuse(wire, "INVALID_MESSAGE")).message).toBe("unknown wire format")
  })

  it("refuses input over the limit with INVALID_INPUT, by default over 1 MiB", async () => {
    const error = await refuse(real.publicAddCommit, "INVALID_INPUT", 64)
    expect(error.message).toBe(`message is ${real.publicAddCommit.length} bytes; the limit is 64`)
    const huge = new Uint8Array(DEFAULT_MAX_MESSAGE_BYTES + 1)
    await refuse(huge, "INVALID_INPUT")
    expect(
      readFraming(real.publicAddCommit, { maxBytes: real.publicAddCommit.length }),
    ).toMatchObject({ contentType: "commit" })
  })

  it("refuses a non-Uint8Array and a bad limit with INVALID_INPUT", async () => {
    await refuse("bytes" as unknown as Uint8Array, "INVALID_INPUT")
    await refuse(real.application, "INVALID_INPUT", 2)
    await refuse(real.application, "INVALID_INPUT", Number.NaN)
  })

  it("refuses an epoch beyond 2^53 - 1 instead of rounding it", async () => {
    const bytes = real.application.slice()
    const at = 4 + 1 + real.groupId.length // header, group id length byte, group id
    bytes.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], at)
    expect((await refuse(bytes, "INVALID_MESSAGE")).message).toBe("epoch exceeds 2^53 - 1")
  })
})

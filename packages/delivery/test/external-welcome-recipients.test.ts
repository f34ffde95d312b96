/** welcomeRecipients on a real Welcome: the added members' KeyPackageRefs as ts-mls computes them. */
import { encodeMlsMessage } from "ts-mls"
import { makeKeyPackageRef } from "ts-mls/keyPackage.js"
import { describe, expect, it } from "vitest"
import { welcomeRecipients } from "../src/index.js"
import { expectMlskitError } from "../src/testing/expect-error.js"
import { RealGroup } from "./external-group.js"

const refuse = (bytes: Uint8Array) =>
  expectMlskitError(
    Promise.resolve().then(() => welcomeRecipients(bytes)),
    "INVALID_MESSAGE",
  )

describe("welcomeRecipients", () => {
  it("lists the KeyPackageRefs of the members a commit adds, and the suite", async () => {
    const group = await RealGroup.create("alice")
    const bob = await group.invite("bob")
    const carol = await group.invite("carol")
    const commit = await group.commit("alice", [
      { proposalType: "add", add: { keyPackage: bob } },
      { proposalType: "add", add: { keyPackage: carol } },
    ])
    if (commit.welcome === undefined) throw new Error("no Welcome")
    const welcome = encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_welcome",
      welcome: commit.welcome,
    })
    const expected = await Promise.all(
      [bob, carol].map(async (kp) =>
        Buffer.from(await makeKeyPackageRef(kp, group.cs.hash)).toString("hex"),
      ),
    )
    const recipients = welcomeRecipients(welcome)
    expect(recipients.suite).toBe(1)
    expect([...recipients.refs].sort()).toEqual([...expected].sort())
    expect(recipients.refs.every((ref) => /^[0-9a-f]{64}$/.test(ref))).toBe(true)

    // The refs open the Welcome: each invited member joins from it.
    await group.accept(commit)
    expect(group.realLeaves()).toEqual(["alice", "bob", "carol"])
  })

  it("refuses garbage, truncations and messages that are not Welcomes with INVALID_MESSAGE", async () => {
    const group = await RealGroup.create("alice")
    const commit = await group.commit("alice", [
      { proposalType: "add", add: { keyPackage: await group.invite("bob") } },
    ])
    if (commit.welcome === undefined) throw new Error("no Welcome")
    const welcome = encodeMlsMessage({
      version: "mls10",
      wireformat: "mls_welcome",
      welcome: commit.welcome,
    })
    await refuse(new Uint8Array())
    await refuse(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))
    for (let length = 0; length < welcome.length; length += 7)
      await refuse(welcome.subarray(0, length))
    const longer = new Uint8Array(welcome.length + 2)
    longer.set(welcome)
    await refuse(longer)
    await refuse(commit.bytes)
  })
})

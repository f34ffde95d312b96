import { describe, expect, it, vi } from "vitest"
import { makeService, text } from "./helpers.js"

async function twoMembers() {
  const made = await makeService()
  const { service } = made
  const alice = await service.createIdentity("alice")
  const bob = await service.createIdentity("bob")
  const groupId = await service.createGroup(alice.id, "g")
  const { welcome } = await service.addMembers(
    groupId,
    await service.generateKeyPackages(bob.id, 1),
  )
  const bobGroup = await service.joinGroup(bob.id, welcome)
  return { ...made, groupId, bobGroup, alice }
}

describe("MlsService events nobody listens to", () => {
  it("emits no event for a message nobody subscribed to", async () => {
    const { service, groupId, bobGroup } = await twoMembers()
    const emitted = service.events.stats().emitted
    await service.processMessage(bobGroup, await service.sendMessage(groupId, text("hi")))
    expect(service.events.stats().emitted).toBe(emitted)
  })

  it("still announces the message with its epoch to a subscriber of that type", async () => {
    const { service, groupId, bobGroup, alice } = await twoMembers()
    const sent: { identity: string; groupId: string; epoch: number; bytes: number }[] = []
    const received: string[] = []
    service.subscribe("MessageSent", (e) => {
      sent.push({ identity: e.identity, groupId: e.groupId, epoch: e.epoch, bytes: e.bytes })
    })
    service.subscribe("MessageReceived", (e) => {
      received.push(e.groupId)
    })
    // The epoch comes from the send itself: no second read of the group.
    const peekEpoch = vi.spyOn(service.client, "peekEpoch")
    const peekGroup = vi.spyOn(service.client, "peekGroup")
    const ciphertext = await service.sendMessage(groupId, text("hi"))
    await service.processMessage(bobGroup, ciphertext)
    await service.events.idle()
    expect(sent).toEqual([{ identity: alice.id, groupId, epoch: 1, bytes: ciphertext.length }])
    expect(received).toEqual([bobGroup])
    expect(peekEpoch).not.toHaveBeenCalled()
    expect(peekGroup).not.toHaveBeenCalled()
  })

  it("announces no MessageSent for a send that failed", async () => {
    const { service, groupId } = await twoMembers()
    const sent: number[] = []
    service.subscribe("MessageSent", (e) => {
      sent.push(e.epoch)
    })
    const tooBig = new Uint8Array(2 * 1024 * 1024)
    await expect(service.sendMessage(groupId, tooBig)).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
    await expect(service.sendMessage(`${groupId}x`, text("hi"))).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: "malformed group id",
    })
    await service.events.idle()
    expect(sent).toEqual([])
  })
})

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
  it("emits no event and reads no epoch for a message nobody subscribed to", async () => {
    const { service, groupId, bobGroup } = await twoMembers()
    const emitted = service.events.stats().emitted
    const peekEpoch = vi.spyOn(service.client, "peekEpoch")
    await service.processMessage(bobGroup, await service.sendMessage(groupId, text("hi")))
    expect(service.events.stats().emitted).toBe(emitted)
    expect(peekEpoch).not.toHaveBeenCalled()
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
    const ciphertext = await service.sendMessage(groupId, text("hi"))
    await service.processMessage(bobGroup, ciphertext)
    await service.events.idle()
    expect(sent).toEqual([{ identity: alice.id, groupId, epoch: 1, bytes: ciphertext.length }])
    expect(received).toEqual([bobGroup])
  })
})

import { describe, expect, expectTypeOf, it } from "vitest"
import {
  createMlsEventBroadcaster,
  isMlsEventType,
  type MemberAddedEvent,
  MLS_EVENT_TYPES,
  type MlsEvent,
  mlsEvent,
} from "../src/index.js"

describe("MLS events", () => {
  it("stamps time with Date.now() unless a time is given", () => {
    const before = Date.now()
    const stamped = mlsEvent("IdentityCreated", { identity: "alice" })
    expect(stamped.time).toBeGreaterThanOrEqual(before)
    expect(stamped.time).toBeLessThanOrEqual(Date.now())
    expect(mlsEvent("IdentityCreated", { identity: "alice" }, 42)).toEqual({
      type: "IdentityCreated",
      identity: "alice",
      time: 42,
    })
  })

  it("lists every event type of the map, including the issue's twelve", () => {
    for (const name of [
      "GroupCreated",
      "GroupJoined",
      "MemberAdded",
      "MemberRemoved",
      "MessageSent",
      "MessageReceived",
      "ProposalReceived",
      "CommitReceived",
      "EpochAdvanced",
      "RemovedFromGroup",
      "KeyPackagesGenerated",
      "IdentityCreated",
    ]) {
      expect(MLS_EVENT_TYPES).toContain(name)
    }
    expect(new Set(MLS_EVENT_TYPES).size).toBe(MLS_EVENT_TYPES.length)
    expect(MLS_EVENT_TYPES.every(isMlsEventType)).toBe(true)
    expect(isMlsEventType("toString")).toBe(false)
    expect(isMlsEventType("*")).toBe(false)
  })

  it("delivers MLS events through the preset broadcaster, narrowed by type", async () => {
    const events = createMlsEventBroadcaster()
    const sizes: number[] = []
    events.subscribe("MessageSent", (e) => {
      expectTypeOf(e.bytes).toEqualTypeOf<number>()
      sizes.push(e.bytes)
    })
    events.emit(mlsEvent("MessageSent", { identity: "a", groupId: "g", epoch: 3, bytes: 120 }))
    await events.idle()
    expect(sizes).toEqual([120])
  })

  it("types handlers and streams by their selector", () => {
    const events = createMlsEventBroadcaster()
    events.subscribe("MemberAdded", (e) => {
      expectTypeOf(e).toEqualTypeOf<MemberAddedEvent>()
    })
    events.subscribe("*", (e) => {
      expectTypeOf(e).toEqualTypeOf<MlsEvent>()
    })
    expectTypeOf(events.iterate("MemberAdded").next()).resolves.toMatchTypeOf<
      IteratorResult<MemberAddedEvent, undefined>
    >()
    // @ts-expect-error: not an MLS event type
    events.subscribe("MemberJoined", () => {})
    // @ts-expect-error: a MemberAdded event needs its leaf indices
    events.emit(mlsEvent("MemberAdded", { identity: "a", groupId: "g", epoch: 1, memberCount: 2 }))
    events.close()
  })
})

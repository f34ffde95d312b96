import { describe, expect, it } from "vitest"
import type { OperationHooks, OperationName } from "../src/index.js"
import { makeClient, text } from "./helpers.js"

describe("operation hooks", () => {
  it("reports start, steps and end with attributes, and never plaintext", async () => {
    const events: string[] = []
    const ends: { op: OperationName; attributes: Record<string, unknown>; error?: string }[] = []
    const hooks: OperationHooks = {
      onStart: (op) => {
        events.push(`start ${op}`)
        return op
      },
      onStep: (_op, step, ctx) => events.push(`${ctx} ${step}`),
      onEnd: (op, outcome) =>
        ends.push({ op, attributes: { ...outcome.attributes }, error: outcome.error?.code }),
      runInContext: (_ctx, body) => body(),
    }
    const client = makeClient({ hooks })
    const a = await client.createIdentity("a")
    const b = await client.createIdentity("b")
    const ga = await client.createGroup(a.id, "g")
    const { welcome } = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
    const gb = await client.joinGroup(b.id, welcome)
    await client.processMessage(gb, await client.sendMessage(ga, text("top secret plaintext")))
    await client.processMessage(gb, new Uint8Array([1, 2, 3])).catch(() => undefined)

    expect(events).toContain("send_message encrypt")
    expect(events).toContain("send_message state_persisted")
    expect(events).toContain("add_members commit_created")
    const send = ends.find((e) => e.op === "send_message")!
    expect(send.attributes).toMatchObject({ groupId: ga, epoch: 1, inputBytes: 20 })
    expect(send.attributes.outputBytes).toBeGreaterThan(20)
    expect(ends.find((e) => e.op === "add_members")!.attributes).toMatchObject({ membersAdded: 1 })
    const processed = ends.filter((e) => e.op === "process_message")
    expect(processed[0]!.attributes).toMatchObject({ contentType: "application" })
    expect(processed[1]!.error).toBe("INVALID_MESSAGE")
    expect(JSON.stringify(ends)).not.toContain("top secret")
  })

  it("ignores hooks that throw", async () => {
    const client = makeClient({
      hooks: {
        onStart: () => {
          throw new Error("boom")
        },
        onEnd: () => {
          throw new Error("boom")
        },
      },
    })
    await expect(client.createIdentity("a")).resolves.toMatchObject({ name: "a" })
  })
})

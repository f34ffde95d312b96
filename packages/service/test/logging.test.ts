import { describe, expect, it } from "vitest"
import { makeService, text } from "./helpers.js"

describe("structured logging", () => {
  it("logs a whole lifecycle at TRACE without any plaintext, key or secret", async () => {
    const { service, logs, stateKey } = await makeService({ level: "trace" })
    const plaintext = "the eagle lands at midnight"
    const alice = await service.createIdentity("alice")
    const bob = await service.createIdentity("bob")
    const g = await service.createGroup(alice.id, "g")
    const { welcome } = await service.addMembers(g, await service.generateKeyPackages(bob.id, 1))
    const gb = await service.joinGroup(bob.id, welcome)
    const r = await service.processMessage(gb, await service.sendMessage(g, text(plaintext)))
    expect(r.kind).toBe("application")
    const secret = await service.exportSecret(g, "exporter", text("ctx"), 32)
    await service.processMessage(g, await service.selfUpdate(gb))
    await service.processMessage(gb, await service.removeMembers(g, [1])).catch(() => undefined)
    await service.processMessage(gb, text("junk")).catch(() => undefined)

    expect(logs.length).toBeGreaterThan(10)
    const all = logs.join("\n")
    const levels = new Set(logs.map((l) => (JSON.parse(l) as { level: number }).level))
    expect(levels).toContain(10) // trace
    expect(levels).toContain(20) // debug
    expect(levels).toContain(30) // info
    expect(all).toContain("group created")
    expect(all).toContain("members added")
    expect(all).not.toContain(plaintext)
    expect(all).not.toContain(Buffer.from(plaintext).toString("base64"))
    for (const enc of ["hex", "base64", "base64url"] as const) {
      expect(all).not.toContain(Buffer.from(stateKey).toString(enc))
      expect(all).not.toContain(Buffer.from(secret).toString(enc))
    }
  })

  it("logs failures at WARN with the code and never the input", async () => {
    const { service, logs } = await makeService()
    const alice = await service.createIdentity("alice")
    const g = await service.createGroup(alice.id, "g")
    await service.processMessage(g, text("not a message at all")).catch(() => undefined)
    const warn = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.level === 40 && l.msg === "operation failed")
    expect(warn).toMatchObject({
      operation: "process_message",
      code: "INVALID_MESSAGE",
      msg: "operation failed",
    })
    expect(logs.join("\n")).not.toContain("not a message at all")
  })

  it("redacts secret-looking fields even if a caller logs them", async () => {
    const { createLogger } = await import("../src/index.js")
    const { logSink } = await import("./helpers.js")
    const sink = logSink()
    createLogger({ level: "info", destination: sink.stream }).info(
      { plaintext: "eagle", token: "tok-123", nested: { key: "key-456" }, groupId: "g1" },
      "x",
    )
    expect(sink.lines).toHaveLength(1)
    expect(JSON.parse(sink.lines[0]!)).toMatchObject({
      plaintext: "[redacted]",
      token: "[redacted]",
      nested: { key: "[redacted]" },
      groupId: "g1",
      msg: "x",
    })
    for (const secret of ["eagle", "tok-123", "key-456"])
      expect(sink.lines[0]).not.toContain(secret)
  })
})

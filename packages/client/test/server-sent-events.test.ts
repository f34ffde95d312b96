import { describe, expect, it } from "vitest"
import { parseServerSentEvents, type RawServerSentEvent } from "../src/server-sent-events.js"

async function parse(...chunks: string[]): Promise<RawServerSentEvent[]> {
  const encoder = new TextEncoder()
  async function* source() {
    for (const chunk of chunks) yield encoder.encode(chunk)
  }
  const out: RawServerSentEvent[] = []
  for await (const event of parseServerSentEvents(source())) out.push(event)
  return out
}

describe("parseServerSentEvents", () => {
  it("dispatches an event at each blank line, with its type, data and id", async () => {
    expect(await parse('id: 7\nevent: A\ndata: {"x":1}\n\n')).toEqual([
      { event: "A", data: '{"x":1}', id: "7" },
    ])
  })

  it("skips comments such as heartbeats", async () => {
    expect(await parse(": heartbeat\n\n", "data: x\n\n", ": heartbeat\n\n")).toEqual([
      { event: "message", data: "x", id: undefined },
    ])
  })

  it("joins multi-line data with newlines", async () => {
    expect((await parse("data: a\ndata: b\n\n"))[0]?.data).toBe("a\nb")
  })

  it("accepts CRLF line ends, even when a chunk ends between CR and LF", async () => {
    expect(await parse("event: A\r", "\ndata: 1\r\n\r", "\n")).toEqual([
      { event: "A", data: "1", id: undefined },
    ])
  })

  it("reassembles events and multi-byte characters split across chunks", async () => {
    const bytes = new TextEncoder().encode("data: é\n\n")
    async function* source() {
      for (const byte of bytes) yield new Uint8Array([byte])
    }
    const out: RawServerSentEvent[] = []
    for await (const event of parseServerSentEvents(source())) out.push(event)
    expect(out).toEqual([{ event: "message", data: "é", id: undefined }])
  })

  it("ignores an id that contains NULL, as the event-stream format requires", async () => {
    expect(await parse("id: 1\u0000\ndata: x\n\n")).toEqual([
      { event: "message", data: "x", id: undefined },
    ])
  })

  it("drops an event the stream ended before completing", async () => {
    expect(await parse("data: complete\n\ndata: cut")).toEqual([
      { event: "message", data: "complete", id: undefined },
    ])
  })
})

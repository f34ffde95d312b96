/** A parser of the `text/event-stream` format: turns a byte stream into events, skipping comments. */

/** One dispatched server-sent event. */
export interface RawServerSentEvent {
  event: string
  data: string
  id: string | undefined
}

/** Parse `chunks` (UTF-8 bytes) into events; ends when the stream ends. */
export async function* parseServerSentEvents(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<RawServerSentEvent, void, undefined> {
  const decoder = new TextDecoder()
  let buffer = ""
  let event = ""
  let data: string[] = []
  let id: string | undefined
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true })
    for (;;) {
      const end = lineEnd(buffer)
      if (end === undefined) break
      const line = buffer.slice(0, end.index)
      buffer = buffer.slice(end.index + end.length)
      if (line === "") {
        if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id }
        event = ""
        data = []
        continue
      }
      if (line.startsWith(":")) continue
      const colon = line.indexOf(":")
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "")
      if (field === "event") event = value
      else if (field === "data") data.push(value)
      else if (field === "id") id = value
    }
  }
}

/** The first line terminator (\r\n, \n or \r) that is certainly complete. */
function lineEnd(buffer: string): { index: number; length: number } | undefined {
  const match = /\r\n|\n|\r/.exec(buffer)
  if (!match) return undefined
  // A trailing \r may be the first half of \r\n: wait for the next chunk.
  if (match[0] === "\r" && match.index === buffer.length - 1) return undefined
  return { index: match.index, length: match[0].length }
}

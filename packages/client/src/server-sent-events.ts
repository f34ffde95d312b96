/**
 * Reads a `text/event-stream` body into events with `eventsource-parser`
 * (the maintained, spec-following parser): comments are skipped, multi-line
 * data is joined with newlines, and an event the stream ended before
 * completing is dropped.
 */
import { createParser } from "eventsource-parser"

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
  const ready: RawServerSentEvent[] = []
  const parser = createParser({
    onEvent: ({ event, data, id }) => ready.push({ event: event ?? "message", data, id }),
  })
  for await (const chunk of chunks) {
    parser.feed(decoder.decode(chunk, { stream: true }))
    yield* ready.splice(0)
  }
}

/**
 * A server-sent event stream of the caller's own data (`GET /v1/events`,
 * `GET /v1/inbox/events`): the response is taken over from Fastify, sends
 * a `: connected` comment and heartbeat comments, and ends when the client
 * goes away, the server shuts down, or the token that opened it is rotated
 * or its identity deleted. The routes only say what to write.
 */
import { once } from "node:events"
import type { ServerResponse } from "node:http"
import type { FastifyReply, FastifyRequest } from "fastify"
import { bearerToken } from "./auth/authenticate.js"
import { hashToken } from "./auth/token-hash.js"
import type { RouteContext } from "./route-context.js"

/** What a route writes to its stream. */
export interface SseWriter {
  /** Aborts when the stream ends for any reason. */
  signal: AbortSignal
  /** Write one event (`text/event-stream` text), waiting while the socket is full. */
  write(text: string): Promise<void>
}

/** Open the stream, run `produce` until it returns or the stream ends, then close it. */
export async function serveEventStream(
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  what: string,
  produce: (writer: SseWriter) => Promise<void>,
): Promise<void> {
  const gone = new AbortController()
  const revoked = new AbortController()
  const signal = AbortSignal.any([ctx.service.shutdown.signal, gone.signal, revoked.signal])
  const unwatch = ctx.auth.tokens.watch(hashToken(bearerToken(request) ?? ""), () =>
    revoked.abort(),
  )
  reply.hijack()
  const res = reply.raw
  ctx.streams.add(res)
  res.on("close", () => {
    gone.abort()
    ctx.streams.delete(res)
  })
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    "x-accel-buffering": "no",
    connection: "close",
  })
  res.write(": connected\n\n")
  const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), ctx.heartbeatMs)
  heartbeat.unref()
  try {
    await produce({
      signal,
      write: async (text) => {
        if (!res.write(text)) await drained(res, signal)
      },
    })
  } catch (error) {
    if (!signal.aborted) request.log.warn({ err: error }, `${what} failed`)
  } finally {
    unwatch()
    clearInterval(heartbeat)
    // A client that went away can leave a half-open socket behind: destroy it.
    // Otherwise end the stream; `connection: close` then closes the socket, and
    // the server's close hook destroys any stream still open by then.
    if (gone.signal.aborted) res.destroy()
    else res.end()
  }
}

async function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  try {
    await once(res, "drain", { signal })
  } catch {
    // Aborted: the producer ends with the stream.
  }
}

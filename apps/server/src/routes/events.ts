/**
 * `GET /v1/events`: the caller's own MLS events as server-sent events, with
 * heartbeat comments, until the client goes away, the server shuts down, or
 * the token that opened the stream is rotated or its identity deleted.
 */
import { once } from "node:events"
import type { ServerResponse } from "node:http"
import type { MlsEvent } from "@mlskit/events"
import type { FastifyInstance } from "fastify"
import { toApiGroupId } from "../api-group-id.js"
import { bearerToken } from "../auth/authenticate.js"
import { hashToken } from "../auth/token-hash.js"
import type { RouteContext } from "../route-context.js"
import { errorResponses } from "../schemas.js"

/** Register the event stream route. */
export function eventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    "/v1/events",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "The caller's events (server-sent events; `event:` is the type, `data:` the JSON event)",
        tags: ["events"],
        security: [{ bearer: [] }],
        response: {
          200: {
            description: "an endless text/event-stream",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const identityId = request.identityId
      const gone = new AbortController()
      const revoked = new AbortController()
      const signal = AbortSignal.any([ctx.service.shutdown.signal, gone.signal, revoked.signal])
      const unwatch = ctx.auth.tokens.watch(hashToken(bearerToken(request) ?? ""), () =>
        revoked.abort(),
      )
      const events = ctx.service.events.iterate("*", { signal })
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
      let id = 0
      try {
        for await (const event of events) {
          if (event.identity !== identityId) continue
          id += 1
          if (!res.write(formatEvent(event, id))) await drained(res, signal)
        }
      } catch (error) {
        if (!signal.aborted) request.log.warn({ err: error }, "event stream failed")
      } finally {
        unwatch()
        clearInterval(heartbeat)
        // A client that went away can leave a half-open socket behind: destroy it.
        // Otherwise end the stream; `connection: close` then closes the socket, and
        // the server's close hook destroys any stream still open by then.
        if (gone.signal.aborted) res.destroy()
        else res.end()
      }
    },
  )
}

/** One event in `text/event-stream` form, with the API group id. */
function formatEvent(event: MlsEvent, id: number): string {
  const body = "groupId" in event ? { ...event, groupId: toApiGroupId(event.groupId) } : event
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(body)}\n\n`
}

async function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  try {
    await once(res, "drain", { signal })
  } catch {
    // Aborted: the loop ends with the stream.
  }
}

/**
 * `GET /v1/events`: the caller's own MLS events as server-sent events, with
 * heartbeat comments, until the client goes away, the server shuts down, or
 * the token that opened the stream is rotated or its identity deleted.
 */
import type { MlsEvent } from "@mlskit/events"
import type { FastifyInstance } from "fastify"
import { toApiGroupId } from "../api-group-id.js"
import type { RouteContext } from "../route-context.js"
import { errorResponses } from "../schemas.js"
import { serveEventStream } from "../sse-stream.js"

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
      await serveEventStream(ctx, request, reply, "event stream", async (stream) => {
        let id = 0
        for await (const event of ctx.service.events.iterate("*", { signal: stream.signal })) {
          if (event.identity !== identityId) continue
          id += 1
          await stream.write(formatEvent(event, id))
        }
      })
    },
  )
}

/** One event in `text/event-stream` form, with the API group id. */
function formatEvent(event: MlsEvent, id: number): string {
  const body = "groupId" in event ? { ...event, groupId: toApiGroupId(event.groupId) } : event
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(body)}\n\n`
}

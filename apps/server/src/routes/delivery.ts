/**
 * Hosted delivery's routes: claiming key packages from the directory, the
 * caller's inbox (paged, long-polled, and as server-sent events resuming
 * from `Last-Event-ID`). With `[delivery] driver = "none"` each answers
 * 409 CONFLICT.
 */
import { ConflictError } from "@mlskit/core"
import type { InboxEntry } from "@mlskit/delivery"
import type { FastifyInstance } from "fastify"
import {
  cursorQuery,
  DEFAULT_DELIVERY_PAGE,
  pageQuery,
  pageQuerySchemas,
  queryInt,
} from "../page-query.js"
import type { RouteContext } from "../route-context.js"
import { errorResponses, nameSchema, objectSchema } from "../schemas.js"
import { serveEventStream } from "../sse-stream.js"
import { encodeBytes } from "../wire-bytes.js"
import { inboxEntrySchema, wireInboxEntry } from "../wire-delivery.js"

/** Identities per claim. */
export const MAX_CLAIM = 100

/** Register the delivery routes. */
export function deliveryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.post<{ Body: { identities: string[] } }>(
    "/v1/key-packages/claim",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Claim one published key package of each named identity (atomically: never handed out twice)",
        tags: ["delivery"],
        security,
        body: objectSchema({
          identities: {
            type: "array",
            minItems: 1,
            maxItems: MAX_CLAIM,
            uniqueItems: true,
            items: nameSchema,
          },
        }),
        response: {
          200: objectSchema({
            keyPackages: {
              type: "array",
              items: objectSchema({
                identity: { type: "string" },
                keyPackage: { type: "string", description: "KeyPackage MLSMessage (base64url)" },
              }),
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const claimed = await ctx.service.claimKeyPackages(request.body.identities)
      return {
        keyPackages: claimed.map((c) => ({
          identity: c.identity,
          keyPackage: encodeBytes(c.keyPackage),
        })),
      }
    },
  )

  app.get<{ Querystring: { after?: string; limit?: string; wait?: string } }>(
    "/v1/inbox",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "The caller's delivered messages and group events after a cursor; `wait` long-polls",
        tags: ["delivery"],
        security,
        querystring: objectSchema(pageQuerySchemas("cursor"), []),
        response: {
          200: objectSchema({
            entries: { type: "array", items: inboxEntrySchema },
            next: { type: "integer", description: "the cursor to pass as `after` next time" },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { after, limit, waitMs } = pageQuery(request.query)
      const gone = new AbortController()
      request.raw.once("close", () => gone.abort())
      const entries = await ctx.service.readInbox(request.identityId, {
        after,
        limit,
        waitMs,
        signal: gone.signal,
      })
      const next = entries.at(-1)?.cursor ?? after
      return { entries: entries.map(wireInboxEntry), next }
    },
  )

  app.get<{ Querystring: { after?: string } }>(
    "/v1/inbox/events",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "The caller's inbox as server-sent events: `id` is the cursor, `event` the entry type; resumes after `Last-Event-ID`",
        tags: ["delivery"],
        security,
        querystring: objectSchema(
          { after: cursorQuery("start after this cursor when no Last-Event-ID is sent") },
          [],
        ),
        response: {
          200: {
            description: "an endless text/event-stream of inbox entries",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      // Refused before the stream opens, as the other delivery routes are (not a 200 that ends at once).
      if (!ctx.service.deliveryOn)
        throw new ConflictError('delivery is off ([delivery] driver = "none"): deliver by hand', {
          retryable: false,
        })
      const lastEventId = request.headers["last-event-id"]
      let cursor =
        typeof lastEventId === "string" && lastEventId !== ""
          ? queryInt(lastEventId, "Last-Event-ID", 0, Number.MAX_SAFE_INTEGER, 0)
          : queryInt(request.query.after, "after", 0, Number.MAX_SAFE_INTEGER, 0)
      const identityId = request.identityId
      await serveEventStream(ctx, request, reply, "inbox stream", async (stream) => {
        while (!stream.signal.aborted) {
          const entries = await ctx.service.readInbox(identityId, {
            after: cursor,
            limit: DEFAULT_DELIVERY_PAGE,
            waitMs: 15_000,
            signal: stream.signal,
          })
          for (const entry of entries) {
            cursor = entry.cursor
            await stream.write(formatInboxEvent(entry))
          }
        }
      })
    },
  )
}

function formatInboxEvent(entry: InboxEntry): string {
  return `id: ${entry.cursor}\nevent: ${entry.type}\ndata: ${JSON.stringify(wireInboxEntry(entry))}\n\n`
}

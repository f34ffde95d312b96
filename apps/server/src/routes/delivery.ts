/**
 * Hosted delivery's routes: claiming key packages from the directory, the
 * caller's inbox (paged, long-polled, and as server-sent events resuming
 * from `Last-Event-ID`), and a group's log for its current members. With
 * `[delivery] driver = "none"` each answers 409 CONFLICT.
 */
import { once } from "node:events"
import type { ServerResponse } from "node:http"
import { ConflictError, InvalidInputError } from "@mlskit/core"
import type { InboxEntry } from "@mlskit/delivery"
import type { FastifyInstance } from "fastify"
import { toLocalGroupId } from "../api-group-id.js"
import { bearerToken } from "../auth/authenticate.js"
import { hashToken } from "../auth/token-hash.js"
import type { RouteContext } from "../route-context.js"
import { errorResponses, groupIdParams, nameSchema, objectSchema } from "../schemas.js"
import { encodeBytes } from "../wire-bytes.js"
import { inboxEntrySchema, logEntrySchema, wireInboxEntry, wireLogEntry } from "../wire-delivery.js"

/** The longest `wait` of an inbox long poll, in seconds. */
export const MAX_INBOX_WAIT_SECONDS = 60
/** Entries per page of the inbox and the log: default and most. */
export const DEFAULT_DELIVERY_PAGE = 100
export const MAX_DELIVERY_PAGE = 1000
/** Identities per claim. */
export const MAX_CLAIM = 100

const cursorQuery = (description: string) => ({
  type: "string",
  pattern: "^[0-9]{1,15}$",
  maxLength: 15,
  description,
})

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
        querystring: objectSchema(
          {
            after: cursorQuery("entries after this cursor (default 0)"),
            limit: cursorQuery(
              `entries per page, 1 to ${MAX_DELIVERY_PAGE} (default ${DEFAULT_DELIVERY_PAGE})`,
            ),
            wait: cursorQuery(
              `seconds to wait for a first entry, 0 to ${MAX_INBOX_WAIT_SECONDS} (default 0)`,
            ),
          },
          [],
        ),
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
      const after = queryInt(request.query.after, "after", 0, Number.MAX_SAFE_INTEGER, 0)
      const limit = queryInt(
        request.query.limit,
        "limit",
        1,
        MAX_DELIVERY_PAGE,
        DEFAULT_DELIVERY_PAGE,
      )
      const wait = queryInt(request.query.wait, "wait", 0, MAX_INBOX_WAIT_SECONDS, 0)
      const gone = new AbortController()
      request.raw.once("close", () => gone.abort())
      const entries = await ctx.service.readInbox(request.identityId, {
        after,
        limit,
        waitMs: wait * 1000,
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
        while (!signal.aborted) {
          const entries = await ctx.service.readInbox(identityId, {
            after: cursor,
            limit: DEFAULT_DELIVERY_PAGE,
            waitMs: 15_000,
            signal,
          })
          for (const entry of entries) {
            cursor = entry.cursor
            if (!res.write(formatInboxEvent(entry))) await drained(res, signal)
          }
        }
      } catch (error) {
        if (!signal.aborted) request.log.warn({ err: error }, "inbox stream failed")
      } finally {
        unwatch()
        clearInterval(heartbeat)
        if (gone.signal.aborted) res.destroy()
        else res.end()
      }
    },
  )

  app.get<{ Params: { groupId: string }; Querystring: { after?: string; limit?: string } }>(
    "/v1/groups/:groupId/log",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "The group's ordered log after a seq (current members only)",
        tags: ["delivery"],
        security,
        params: groupIdParams,
        querystring: objectSchema(
          {
            after: cursorQuery("entries after this seq (default 0)"),
            limit: cursorQuery(
              `entries per page, 1 to ${MAX_DELIVERY_PAGE} (default ${DEFAULT_DELIVERY_PAGE})`,
            ),
          },
          [],
        ),
        response: {
          200: objectSchema({
            entries: { type: "array", items: logEntrySchema },
            next: { type: "integer", description: "the seq to pass as `after` next time" },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const after = queryInt(request.query.after, "after", 0, Number.MAX_SAFE_INTEGER, 0)
      const limit = queryInt(
        request.query.limit,
        "limit",
        1,
        MAX_DELIVERY_PAGE,
        DEFAULT_DELIVERY_PAGE,
      )
      const entries = await ctx.service.readGroupLog(
        toLocalGroupId(request.identityId, request.params.groupId),
        { after, limit },
      )
      return { entries: entries.map(wireLogEntry), next: entries.at(-1)?.seq ?? after }
    },
  )
}

function queryInt(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined) return fallback
  const value = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new InvalidInputError(`${name} must be an integer from ${min} to ${max}`)
  return value
}

function formatInboxEvent(entry: InboxEntry): string {
  return `id: ${entry.cursor}\nevent: ${entry.type}\ndata: ${JSON.stringify(wireInboxEntry(entry))}\n\n`
}

async function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  try {
    await once(res, "drain", { signal })
  } catch {
    // Aborted: the loop ends with the stream.
  }
}

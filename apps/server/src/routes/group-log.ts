/**
 * A group's log as the Delivery Service keeps it, for every current member:
 * `GET /v1/groups/{groupId}/log` (paged, long-polled) and, for members
 * whose keys live elsewhere, `POST /v1/groups/{groupId}/log` (append under
 * the epoch fence, checked without keys) and `POST /v1/groups/register`
 * (a group such a member created).
 */
import type { FastifyInstance } from "fastify"
import { decodeGroupId } from "../api-group-id.js"
import { pageQuery, pageQuerySchemas } from "../page-query.js"
import type { RouteContext } from "../route-context.js"
import { bytesSchema, errorResponses, groupIdParams, objectSchema } from "../schemas.js"
import { decodeBytes } from "../wire-bytes.js"
import { logEntrySchema, wireLogEntry } from "../wire-delivery.js"

/** Register the group log routes. */
export function groupLogRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.get<{
    Params: { groupId: string }
    Querystring: { after?: string; limit?: string; wait?: string }
  }>(
    "/v1/groups/:groupId/log",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "The group's ordered log after a seq (current members only); `wait` long-polls for a first entry",
        tags: ["delivery"],
        security,
        params: groupIdParams,
        querystring: objectSchema(pageQuerySchemas("seq"), []),
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
      const { after, limit, waitMs } = pageQuery(request.query)
      const gone = new AbortController()
      request.raw.once("close", () => gone.abort())
      const entries = await ctx.service.readGroupLogAs(
        request.identityId,
        decodeGroupId(request.params.groupId),
        { after, limit, waitMs, signal: gone.signal },
      )
      return { entries: entries.map(wireLogEntry), next: entries.at(-1)?.seq ?? after }
    },
  )

  app.post<{ Params: { groupId: string }; Body: { message: string; welcome?: string } }>(
    "/v1/groups/:groupId/log",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Append a message made by a member whose keys live elsewhere; a commit that lost the epoch gets 409 COMMIT_CONFLICT with the winner's seq",
        tags: ["delivery"],
        security,
        params: groupIdParams,
        body: objectSchema(
          {
            message: bytesSchema(ctx.bodyLimitBytes, "PublicMessage or PrivateMessage MLSMessage"),
            welcome: bytesSchema(
              ctx.bodyLimitBytes,
              "with a commit that adds members: its Welcome MLSMessage, handed to the added identities",
            ),
          },
          ["message"],
        ),
        response: {
          201: objectSchema({
            seq: { type: "integer", description: "the entry's seq in the group log" },
            epoch: { type: "integer" },
            kind: { type: "string", enum: ["commit", "proposal", "application"] },
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const message = decodeBytes("message", request.body.message)
      const welcome =
        request.body.welcome === undefined
          ? undefined
          : decodeBytes("welcome", request.body.welcome)
      const result = await ctx.service.appendToGroupLog(
        request.identityId,
        decodeGroupId(request.params.groupId),
        message,
        welcome ? { welcome } : {},
      )
      reply.code(201)
      return { seq: result.seq, epoch: result.epoch, kind: result.kind }
    },
  )

  app.post<{ Body: { groupId: string } }>(
    "/v1/groups/register",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Register a group the caller (an identity whose keys live elsewhere) created: it is the only member until its commits add others",
        tags: ["delivery"],
        security,
        body: groupIdParams,
        response: {
          201: objectSchema({ groupId: { type: "string" } }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      await ctx.service.registerGroup(request.identityId, decodeGroupId(request.body.groupId))
      reply.code(201)
      return { groupId: request.body.groupId }
    },
  )
}

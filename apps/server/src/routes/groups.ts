/** Creating, joining, listing and reading the caller's groups. */
import type { FastifyInstance } from "fastify"
import { toApiGroupId, toLocalGroupId } from "../api-group-id.js"
import {
  DEFAULT_PAGE_LIMIT,
  decodeGroupCursor,
  MAX_PAGE_LIMIT,
  pageLimit,
  takePage,
} from "../list-page.js"
import type { RouteContext } from "../route-context.js"
import {
  bytesSchema,
  errorResponses,
  groupDetailsSchema,
  groupIdParams,
  groupSummarySchema,
  nameSchema,
  objectSchema,
} from "../schemas.js"
import { decodeBytes } from "../wire-bytes.js"
import { wireGroupDetails, wireGroupSummary } from "../wire-results.js"

const groupIdResponse = objectSchema({
  groupId: { type: "string", description: "base64url of the MLS group id" },
})

/** Register the group routes. */
export function groupRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.post<{ Body: { name: string } }>(
    "/v1/groups",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "Create a group with the caller as its only member",
        tags: ["groups"],
        security,
        body: objectSchema({ name: nameSchema }),
        response: { 201: groupIdResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const local = await ctx.service.createGroup(request.identityId, request.body.name)
      reply.code(201)
      return { groupId: toApiGroupId(local) }
    },
  )

  app.post<{ Body: { welcome: string; ratchetTree?: string; name?: string } }>(
    "/v1/groups/join",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "Join a group from a Welcome addressed to one of the caller's key packages",
        tags: ["groups"],
        security,
        body: objectSchema(
          {
            welcome: bytesSchema(ctx.bodyLimitBytes, "Welcome MLSMessage"),
            ratchetTree: bytesSchema(
              ctx.bodyLimitBytes,
              "ratchet tree, when the Welcome lacks the extension",
            ),
            name: {
              ...nameSchema,
              description:
                "the caller's name for the group (MLS carries none); default: the other members' names, e.g. \"alice, bob\"",
            },
          },
          ["welcome"],
        ),
        response: { 200: groupIdResponse, ...errorResponses },
      },
    },
    async (request) => {
      const welcome = decodeBytes("welcome", request.body.welcome)
      const tree = request.body.ratchetTree
      const local = await ctx.service.joinGroup(
        request.identityId,
        welcome,
        tree === undefined ? undefined : decodeBytes("ratchetTree", tree),
        request.body.name === undefined ? {} : { name: request.body.name },
      )
      return { groupId: toApiGroupId(local) }
    },
  )

  app.get<{ Querystring: { limit?: string; cursor?: string } }>(
    "/v1/groups",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "The caller's groups, ordered by groupId, one page at a time",
        tags: ["groups"],
        security,
        querystring: objectSchema(
          {
            limit: {
              type: "string",
              pattern: "^[0-9]{1,4}$",
              maxLength: 4,
              description: `groups per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT})`,
            },
            cursor: {
              type: "string",
              pattern: "^[A-Za-z0-9_-]+$",
              maxLength: 512,
              description: "`nextCursor` of the previous page",
            },
          },
          [],
        ),
        response: {
          200: objectSchema(
            {
              groups: { type: "array", items: groupSummarySchema },
              nextCursor: {
                type: "string",
                description: "present when more groups follow: pass it as `cursor`",
              },
            },
            ["groups"],
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit)
      const after =
        request.query.cursor === undefined ? undefined : decodeGroupCursor(request.query.cursor)
      const groups = (await ctx.service.listGroups(request.identityId)).map(wireGroupSummary)
      const { page, nextCursor } = takePage(groups, (group) => group.groupId, after, limit)
      return { groups: page, ...(nextCursor === undefined ? {} : { nextCursor }) }
    },
  )

  app.get<{ Params: { groupId: string } }>(
    "/v1/groups/:groupId",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "A group's epoch and members as the caller sees them",
        tags: ["groups"],
        security,
        params: groupIdParams,
        response: { 200: groupDetailsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const groupId = toLocalGroupId(request.identityId, request.params.groupId)
      await ctx.service.catchUp(groupId)
      const details = await ctx.service.group(groupId)
      const authenticator = await ctx.service.epochAuthenticator(groupId)
      return wireGroupDetails(details, authenticator, ctx.service.deliveryOn)
    },
  )
}

/** Creating, joining, listing and reading the caller's groups. */
import type { FastifyInstance } from "fastify"
import { toApiGroupId, toLocalGroupId } from "../api-group-id.js"
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

  app.post<{ Body: { welcome: string; ratchetTree?: string } }>(
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
      )
      return { groupId: toApiGroupId(local) }
    },
  )

  app.get(
    "/v1/groups",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "The caller's groups",
        tags: ["groups"],
        security,
        response: {
          200: objectSchema({ groups: { type: "array", items: groupSummarySchema } }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const groups = await ctx.service.listGroups(request.identityId)
      return { groups: groups.map(wireGroupSummary) }
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
      const details = await ctx.service.group(
        toLocalGroupId(request.identityId, request.params.groupId),
      )
      return wireGroupDetails(details)
    },
  )
}

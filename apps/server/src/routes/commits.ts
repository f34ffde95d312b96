/** Changes to a group that produce a commit: adding and removing members, and a self-update. */
import type { FastifyInstance } from "fastify"
import { toLocalGroupId } from "../api-group-id.js"
import type { RouteContext } from "../route-context.js"
import {
  bytesResponse,
  bytesSchema,
  emptyBodySchema,
  errorResponses,
  groupIdParams,
  MAX_BATCH,
  MAX_LEAF_INDICES,
  objectSchema,
} from "../schemas.js"
import { decodeBytes, encodeBytes } from "../wire-bytes.js"

type GroupParams = { Params: { groupId: string } }

/** Register the commit routes. */
export function commitRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]
  const commitResponse = bytesResponse("commit", "commit MLSMessage for the group's other members")

  app.post<GroupParams & { Body: { keyPackages: string[] } }>(
    "/v1/groups/:groupId/members",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Add members by key package; returns the commit for the group and the Welcome for them",
        tags: ["members"],
        security,
        params: groupIdParams,
        body: objectSchema({
          keyPackages: {
            type: "array",
            minItems: 1,
            maxItems: MAX_BATCH,
            items: bytesSchema(ctx.bodyLimitBytes, "KeyPackage MLSMessage"),
          },
        }),
        response: {
          200: objectSchema({
            commit: { type: "string", description: "commit MLSMessage (base64url)" },
            welcome: {
              type: "string",
              description: "Welcome MLSMessage for the new members (base64url)",
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const keyPackages = request.body.keyPackages.map((kp, i) =>
        decodeBytes(`keyPackages[${i}]`, kp),
      )
      const { commit, welcome } = await ctx.service.addMembers(
        toLocalGroupId(request.identityId, request.params.groupId),
        keyPackages,
      )
      return { commit: encodeBytes(commit), welcome: encodeBytes(welcome) }
    },
  )

  app.post<GroupParams & { Body: { leafIndices: number[] } }>(
    "/v1/groups/:groupId/members/remove",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "Remove members by leaf index; returns the commit",
        tags: ["members"],
        security,
        params: groupIdParams,
        body: objectSchema({
          leafIndices: {
            type: "array",
            minItems: 1,
            maxItems: MAX_LEAF_INDICES,
            uniqueItems: true,
            items: { type: "integer", minimum: 0, maximum: 0xffff_ffff },
          },
        }),
        response: { 200: commitResponse, ...errorResponses },
      },
    },
    async (request) => {
      const commit = await ctx.service.removeMembers(
        toLocalGroupId(request.identityId, request.params.groupId),
        request.body.leafIndices,
      )
      return { commit: encodeBytes(commit) }
    },
  )

  app.post<GroupParams>(
    "/v1/groups/:groupId/update",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "Rotate the caller's own leaf keys (self-update); returns the commit",
        tags: ["members"],
        security,
        params: groupIdParams,
        body: emptyBodySchema,
        response: { 200: commitResponse, ...errorResponses },
      },
    },
    async (request) => {
      const commit = await ctx.service.selfUpdate(
        toLocalGroupId(request.identityId, request.params.groupId),
      )
      return { commit: encodeBytes(commit) }
    },
  )
}

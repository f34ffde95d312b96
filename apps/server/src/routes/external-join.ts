/**
 * GroupInfo export and joining by external commit: how a member's other
 * device, or a member that lost its state, gets into a group without a Welcome.
 */
import type { FastifyInstance } from "fastify"
import { toApiGroupId, toLocalGroupId } from "../api-group-id.js"
import type { RouteContext } from "../route-context.js"
import {
  bytesResponse,
  errorResponses,
  externalJoinBodySchema,
  externalJoinResponseSchema,
  groupIdParams,
} from "../schemas.js"
import { decodeBytes, encodeBytes } from "../wire-bytes.js"

/** Register the GroupInfo and external-join routes. */
export function externalJoinRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.get<{ Params: { groupId: string } }>(
    "/v1/groups/:groupId/group-info",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "The group's GroupInfo with external_pub and ratchet_tree, for joining by external commit (members only)",
        tags: ["groups"],
        security,
        params: groupIdParams,
        response: {
          200: bytesResponse("groupInfo", "GroupInfo MLSMessage"),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const info = await ctx.service.groupInfo(
        toLocalGroupId(request.identityId, request.params.groupId),
      )
      return { groupInfo: encodeBytes(info) }
    },
  )

  app.post<{ Body: { groupInfo: string; resync?: boolean; name?: string } }>(
    "/v1/groups/join-external",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Join a group by external commit from its GroupInfo; deliver the returned commit to the members",
        tags: ["groups"],
        security,
        body: externalJoinBodySchema(ctx.bodyLimitBytes),
        response: { 201: externalJoinResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupInfo, resync, name } = request.body
      const result = await ctx.service.joinByExternalCommit(
        request.identityId,
        decodeBytes("groupInfo", groupInfo),
        { ...(resync === undefined ? {} : { resync }), ...(name === undefined ? {} : { name }) },
      )
      reply.code(201)
      return {
        groupId: toApiGroupId(result.groupId),
        epoch: result.epoch,
        commit: encodeBytes(result.commit),
      }
    },
  )
}

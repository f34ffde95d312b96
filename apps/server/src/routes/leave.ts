/**
 * Ending membership: `POST /v1/groups/{groupId}/leave` (a self-remove
 * proposal for the others to commit; the local state is deleted) and
 * `DELETE /v1/groups/{groupId}` (forget a group the caller was removed from).
 */
import type { FastifyInstance } from "fastify"
import { toLocalGroupId } from "../api-group-id.js"
import type { RouteContext } from "../route-context.js"
import { bytesResponse, emptyBodySchema, errorResponses, groupIdParams } from "../schemas.js"
import { encodeBytes } from "../wire-bytes.js"

type GroupParams = { Params: { groupId: string } }

/** Register the leave and delete routes. */
export function leaveRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.post<GroupParams>(
    "/v1/groups/:groupId/leave",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Leave a group: returns a self-remove proposal to deliver to the other members (one of them commits it); the caller's state of the group is deleted",
        tags: ["members"],
        security,
        params: groupIdParams,
        body: emptyBodySchema,
        response: {
          200: bytesResponse("proposal", "the self-remove proposal MLSMessage"),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const proposal = await ctx.service.leaveGroup(
        toLocalGroupId(request.identityId, request.params.groupId),
      )
      return { proposal: encodeBytes(proposal) }
    },
  )

  app.delete<GroupParams>(
    "/v1/groups/:groupId",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Delete the caller's state of a group it was removed from (status removed); 409 CONFLICT while still a member (leave instead)",
        tags: ["groups"],
        security,
        params: groupIdParams,
        response: { 204: { type: "null", description: "deleted" }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await ctx.service.deleteRemovedGroup(
        toLocalGroupId(request.identityId, request.params.groupId),
      )
      return reply.code(204).send()
    },
  )
}

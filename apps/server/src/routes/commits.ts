/** Changes to a group that produce a commit: adding and removing members, and a self-update. */
import { InvalidInputError } from "@mlskit/core"
import type { DeliveredCommit } from "@mlskit/delivery"
import type { FastifyInstance } from "fastify"
import { toLocalGroupId } from "../api-group-id.js"
import type { RouteContext } from "../route-context.js"
import {
  bytesSchema,
  emptyBodySchema,
  errorResponses,
  groupIdParams,
  MAX_BATCH,
  MAX_LEAF_INDICES,
  nameSchema,
  objectSchema,
} from "../schemas.js"
import { decodeBytes, encodeBytes } from "../wire-bytes.js"

type GroupParams = { Params: { groupId: string } }

/** What a commit ordered by the group log adds to the answer. */
const deliveredFields = {
  epoch: { type: "integer", description: "delivery on: the epoch the commit started" },
  seq: { type: "integer", description: "delivery on: the commit's seq in the group's log" },
}

function wireCommit(result: DeliveredCommit): { commit: string; epoch: number; seq: number } {
  return { commit: encodeBytes(result.commit), epoch: result.epoch, seq: result.seq }
}

/** Register the commit routes. */
export function commitRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]
  const commitResponse = objectSchema(
    {
      commit: { type: "string", description: "commit MLSMessage (base64url)" },
      ...deliveredFields,
    },
    ["commit"],
  )

  app.post<GroupParams & { Body: { keyPackages?: string[]; identities?: string[] } }>(
    "/v1/groups/:groupId/members",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Add members by key package or (delivery on) by identity name; returns the commit and the Welcome",
        tags: ["members"],
        security,
        params: groupIdParams,
        body: {
          ...objectSchema(
            {
              keyPackages: {
                type: "array",
                minItems: 1,
                maxItems: MAX_BATCH,
                items: bytesSchema(ctx.bodyLimitBytes, "KeyPackage MLSMessage"),
              },
              identities: {
                type: "array",
                minItems: 1,
                maxItems: MAX_BATCH,
                uniqueItems: true,
                items: nameSchema,
                description: "delivery on: claim a published key package of each",
              },
            },
            [],
          ),
          minProperties: 1,
        },
        response: {
          200: objectSchema(
            {
              commit: { type: "string", description: "commit MLSMessage (base64url)" },
              welcome: {
                type: "string",
                description: "Welcome MLSMessage for the new members (base64url)",
              },
              ...deliveredFields,
            },
            ["commit", "welcome"],
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const keyPackages = (request.body.keyPackages ?? []).map((kp, i) =>
        decodeBytes(`keyPackages[${i}]`, kp),
      )
      const groupId = toLocalGroupId(request.identityId, request.params.groupId)
      if (ctx.service.deliveryOn) {
        const added = await ctx.service.deliverAdd(groupId, {
          keyPackages,
          identities: request.body.identities ?? [],
        })
        return { ...wireCommit(added), welcome: encodeBytes(added.welcome ?? new Uint8Array()) }
      }
      if (request.body.identities)
        throw new InvalidInputError("adding by identity name needs delivery on")
      const { commit, welcome } = await ctx.service.addMembers(groupId, keyPackages)
      return { commit: encodeBytes(commit), welcome: encodeBytes(welcome) }
    },
  )

  app.post<GroupParams & { Body: { leafIndices?: number[]; identities?: string[] } }>(
    "/v1/groups/:groupId/members/remove",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "Remove members by leaf index or (delivery on) identity name; returns the commit",
        tags: ["members"],
        security,
        params: groupIdParams,
        body: {
          ...objectSchema(
            {
              leafIndices: {
                type: "array",
                minItems: 1,
                maxItems: MAX_LEAF_INDICES,
                uniqueItems: true,
                items: { type: "integer", minimum: 0, maximum: 0xffff_ffff },
              },
              identities: {
                type: "array",
                minItems: 1,
                maxItems: MAX_BATCH,
                uniqueItems: true,
                items: nameSchema,
              },
            },
            [],
          ),
          minProperties: 1,
        },
        response: { 200: commitResponse, ...errorResponses },
      },
    },
    async (request) => {
      const groupId = toLocalGroupId(request.identityId, request.params.groupId)
      if (ctx.service.deliveryOn)
        return wireCommit(await ctx.service.deliverRemove(groupId, request.body))
      if (request.body.identities || !request.body.leafIndices)
        throw new InvalidInputError("removing by identity name needs delivery on")
      const commit = await ctx.service.removeMembers(groupId, request.body.leafIndices)
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
      const groupId = toLocalGroupId(request.identityId, request.params.groupId)
      if (ctx.service.deliveryOn) return wireCommit(await ctx.service.deliverUpdate(groupId))
      const commit = await ctx.service.selfUpdate(groupId)
      return { commit: encodeBytes(commit) }
    },
  )
}

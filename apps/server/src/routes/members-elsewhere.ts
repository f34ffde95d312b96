/**
 * What identities whose keys live elsewhere (any MLS client) need besides
 * the group log: uploading their own key packages to the directory
 * (`POST /v1/key-packages`), and fetching and acknowledging the Welcomes
 * addressed to them (`GET /v1/welcomes`, `DELETE /v1/welcomes/{id}`).
 */
import type { FastifyInstance } from "fastify"
import { queryInt } from "../page-query.js"
import type { RouteContext } from "../route-context.js"
import { bytesSchema, errorResponses, MAX_BATCH, objectSchema } from "../schemas.js"
import { decodeBytes, encodeBytes } from "../wire-bytes.js"

/** Welcomes per page of `GET /v1/welcomes`: default and most. */
const DEFAULT_WELCOMES = 100
const MAX_WELCOMES = 1000

/** Register the routes for identities whose keys live elsewhere. */
export function membersElsewhereRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.post<{ Body: { keyPackages: string[]; lastResort?: boolean } }>(
    "/v1/key-packages",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Publish key packages the caller made itself (an identity whose keys live elsewhere); checked, all or nothing",
        tags: ["delivery"],
        security,
        body: objectSchema(
          {
            keyPackages: {
              type: "array",
              minItems: 1,
              maxItems: MAX_BATCH,
              items: bytesSchema(ctx.bodyLimitBytes, "KeyPackage MLSMessage"),
            },
            lastResort: {
              type: "boolean",
              description:
                "one package kept until replaced, handed out once no other is left (default false)",
            },
          },
          ["keyPackages"],
        ),
        response: {
          201: objectSchema({ published: { type: "integer" } }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const keyPackages = request.body.keyPackages.map((kp, i) =>
        decodeBytes(`keyPackages[${i}]`, kp),
      )
      const result = await ctx.service.publishKeyPackages(request.identityId, keyPackages, {
        lastResort: request.body.lastResort ?? false,
      })
      reply.code(201)
      return result
    },
  )

  app.get<{ Querystring: { limit?: string } }>(
    "/v1/welcomes",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "The Welcomes addressed to the caller that it has not acknowledged yet, oldest first",
        tags: ["delivery"],
        security,
        querystring: objectSchema(
          {
            limit: {
              type: "string",
              pattern: "^[0-9]{1,4}$",
              maxLength: 4,
              description: `Welcomes per answer, 1 to ${MAX_WELCOMES} (default ${DEFAULT_WELCOMES})`,
            },
          },
          [],
        ),
        response: {
          200: objectSchema({
            welcomes: {
              type: "array",
              items: objectSchema({
                id: { type: "string", description: "acknowledge it with DELETE /v1/welcomes/{id}" },
                groupId: { type: "string", description: "base64url of the MLS group id" },
                welcome: { type: "string", description: "Welcome MLSMessage (base64url)" },
              }),
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const limit = queryInt(request.query.limit, "limit", 1, MAX_WELCOMES, DEFAULT_WELCOMES)
      const welcomes = await ctx.service.listWelcomes(request.identityId, limit)
      return {
        welcomes: welcomes.map((w) => ({
          id: w.id,
          groupId: encodeBytes(w.mlsGroupId),
          welcome: encodeBytes(w.welcome),
        })),
      }
    },
  )

  app.delete<{ Params: { id: string } }>(
    "/v1/welcomes/:id",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "Acknowledge one of the caller's Welcomes so it is not served again",
        tags: ["delivery"],
        security,
        params: objectSchema({
          id: { type: "string", pattern: "^[A-Za-z0-9_-]+$", maxLength: 64 },
        }),
        response: {
          204: { type: "null", description: "acknowledged" },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      await ctx.service.deleteWelcome(request.identityId, request.params.id)
      return reply.code(204).send()
    },
  )
}

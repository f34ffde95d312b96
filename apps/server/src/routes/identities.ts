/** `POST /v1/identities` (admin) and `POST /v1/identities/{id}/key-packages` (the identity itself). */
import { ForbiddenError } from "@mlskit/core"
import type { FastifyInstance } from "fastify"
import { TOKEN_METADATA_KEY } from "../auth/identity-tokens.js"
import { newToken } from "../auth/token-hash.js"
import type { RouteContext } from "../route-context.js"
import {
  bytesSchema,
  errorResponses,
  identityIdParams,
  MAX_BATCH,
  nameSchema,
  objectSchema,
} from "../schemas.js"
import { encodeBytes } from "../wire-bytes.js"

/** Register the identity routes. */
export function identityRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: { name: string; hosted?: boolean } }>(
    "/v1/identities",
    {
      onRequest: ctx.auth.requireAdmin(),
      schema: {
        summary:
          "Create an identity (admin token); its bearer token is returned once. Names are unique: 409 CONFLICT when taken",
        tags: ["identities"],
        security: [{ bearer: [] }],
        body: objectSchema(
          {
            name: { ...nameSchema, description: "the basic credential's identity" },
            hosted: {
              type: "boolean",
              description:
                "false: the identity keeps its keys in its own MLS client and uploads its key packages (default true)",
            },
          },
          ["name"],
        ),
        response: {
          201: objectSchema({
            id: { type: "string" },
            name: { type: "string" },
            token: {
              type: "string",
              description: "the identity's bearer token; store it, it is not shown again",
            },
            hosted: { type: "boolean", description: "whether the server keeps its keys" },
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { token, hash } = newToken()
      const metadata = { [TOKEN_METADATA_KEY]: hash }
      const identity =
        request.body.hosted === false
          ? await ctx.service.createExternalIdentity(request.body.name, metadata)
          : await ctx.service.createIdentity(request.body.name, metadata, { uniqueName: true })
      ctx.auth.tokens.add(hash, identity.id)
      reply.code(201)
      return { id: identity.id, name: identity.name, token, hosted: identity.hosted }
    },
  )

  app.post<{ Params: { id: string }; Body: { count?: number } }>(
    "/v1/identities/:id/key-packages",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary: "Generate key packages for the caller's identity",
        tags: ["identities"],
        security: [{ bearer: [] }],
        params: identityIdParams,
        body: objectSchema(
          { count: { type: "integer", minimum: 1, maximum: MAX_BATCH, default: 1 } },
          [],
        ),
        response: {
          200: objectSchema({
            keyPackages: {
              type: "array",
              items: bytesSchema(ctx.bodyLimitBytes, "KeyPackage MLSMessage"),
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      if (request.params.id !== request.identityId) {
        throw new ForbiddenError("key packages can only be generated for the caller's own identity")
      }
      const keyPackages = await ctx.service.generateKeyPackages(
        request.identityId,
        request.body.count ?? 1,
      )
      return { keyPackages: keyPackages.map(encodeBytes) }
    },
  )
}

/**
 * Managing identities and their tokens: `GET /v1/identities` and
 * `DELETE /v1/identities/{id}` (admin), `POST /v1/identities/{id}/token`
 * (admin or the identity itself). A listing never shows tokens or their
 * hashes. Changes take effect on this instance at once and on every other
 * instance sharing the store within `[auth] token_refresh_interval_ms`.
 */
import { ForbiddenError, type IdentityInfo } from "@mlskit/core"
import type { FastifyInstance } from "fastify"
import { TOKEN_METADATA_KEY } from "../auth/identity-tokens.js"
import { newToken } from "../auth/token-hash.js"
import {
  DEFAULT_PAGE_LIMIT,
  decodeIdentityCursor,
  MAX_PAGE_LIMIT,
  pageLimit,
  takePage,
} from "../list-page.js"
import type { RouteContext } from "../route-context.js"
import { emptyBodySchema, errorResponses, identityIdParams, objectSchema } from "../schemas.js"

type IdParams = { Params: { id: string } }

/** Register the identity management routes. */
export function identityAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.get<{ Querystring: { limit?: string; cursor?: string } }>(
    "/v1/identities",
    {
      onRequest: ctx.auth.requireAdmin(),
      schema: {
        summary: "List identities (admin token), ordered by id, one page at a time",
        tags: ["identities"],
        security,
        querystring: objectSchema(
          {
            limit: {
              type: "string",
              pattern: "^[0-9]{1,4}$",
              maxLength: 4,
              description: `identities per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT})`,
            },
            cursor: {
              type: "string",
              pattern: "^[A-Za-z0-9_-]+$",
              maxLength: 128,
              description: "`nextCursor` of the previous page",
            },
          },
          [],
        ),
        response: {
          200: objectSchema(
            {
              identities: {
                type: "array",
                items: objectSchema({
                  id: { type: "string" },
                  name: { type: "string" },
                  ciphersuite: { type: "string" },
                  createdAt: { type: "string", format: "date-time" },
                }),
              },
              nextCursor: {
                type: "string",
                description: "present when more identities follow: pass it as `cursor`",
              },
            },
            ["identities"],
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit)
      const after =
        request.query.cursor === undefined ? undefined : decodeIdentityCursor(request.query.cursor)
      const identities = await ctx.service.listIdentities()
      const { page, nextCursor } = takePage(identities, (identity) => identity.id, after, limit)
      return {
        identities: page.map(publicView),
        ...(nextCursor === undefined ? {} : { nextCursor }),
      }
    },
  )

  app.delete<IdParams>(
    "/v1/identities/:id",
    {
      onRequest: ctx.auth.requireAdmin(),
      schema: {
        summary:
          "Delete an identity with its key packages and groups (admin token); its token stops working",
        tags: ["identities"],
        security,
        params: identityIdParams,
        response: {
          204: { type: "null", description: "deleted" },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const identity = await ctx.service.getIdentity(request.params.id)
      await ctx.service.deleteIdentity(identity.id)
      const hash = identity.metadata[TOKEN_METADATA_KEY]
      if (hash) ctx.auth.tokens.revoke(hash)
      ctx.auth.tokens.revokeIdentity(identity.id)
      return reply.code(204).send()
    },
  )

  app.post<IdParams>(
    "/v1/identities/:id/token",
    {
      onRequest: ctx.auth.requireAdminOrIdentity(),
      schema: {
        summary:
          "Issue a new bearer token for an identity and revoke its old one (admin token or the identity's own)",
        tags: ["identities"],
        security,
        params: identityIdParams,
        body: emptyBodySchema,
        response: {
          200: objectSchema({
            id: { type: "string" },
            token: {
              type: "string",
              description: "the identity's new bearer token; store it, it is not shown again",
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      if (!request.callerIsAdmin && request.params.id !== request.identityId) {
        throw new ForbiddenError("an identity can only rotate its own token")
      }
      const identity = await ctx.service.getIdentity(request.params.id)
      const { token, hash } = newToken()
      await ctx.service.setIdentityMetadata(identity.id, {
        ...identity.metadata,
        [TOKEN_METADATA_KEY]: hash,
      })
      const old = identity.metadata[TOKEN_METADATA_KEY]
      if (old) ctx.auth.tokens.revoke(old)
      ctx.auth.tokens.add(hash, identity.id)
      return { id: identity.id, token }
    },
  )
}

function publicView(identity: IdentityInfo) {
  return {
    id: identity.id,
    name: identity.name,
    ciphersuite: identity.ciphersuite,
    createdAt: new Date(identity.createdAt).toISOString(),
  }
}

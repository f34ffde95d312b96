/**
 * Bearer-token authentication as Fastify `onRequest` hooks, run before the
 * body is read: `requireAdmin` for managing identities, `requireIdentity`
 * for everything an identity does (it sets `request.identityId`), and
 * `requireAdminOrIdentity` for what either may do (token rotation). Identity
 * tokens are looked up by hash in `IdentityTokens`, which asks the shared
 * store about a hash it does not know before the answer is 401.
 */
import { ForbiddenError, UnauthorizedError } from "@mlskit/core"
import type { FastifyRequest, onRequestAsyncHookHandler } from "fastify"
import type { IdentityTokens } from "./identity-tokens.js"
import { hashesEqual, hashToken } from "./token-hash.js"

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated identity (set by `requireIdentity` and `requireAdminOrIdentity`). */
    identityId: string
    /** True when the admin token authenticated the request (set by `requireAdminOrIdentity`). */
    callerIsAdmin: boolean
  }
}

/** Longest Authorization header considered. */
const MAX_TOKEN_LENGTH = 512

/** Tells admin and identity tokens apart. */
export class Authenticator {
  readonly #adminHash: string

  constructor(
    adminToken: string,
    readonly tokens: IdentityTokens,
  ) {
    this.#adminHash = hashToken(adminToken)
  }

  /** True when `token` is the admin token (constant-time comparison). */
  isAdmin(token: string): boolean {
    return hashesEqual(hashToken(token), this.#adminHash)
  }

  /** Only the admin token passes; 401 without a known token, 403 for an identity's token. */
  requireAdmin(): onRequestAsyncHookHandler {
    return async (request) => {
      const token = bearerToken(request)
      if (token !== undefined && this.isAdmin(token)) return
      if (token !== undefined && (await this.tokens.identityOf(token)) !== undefined) {
        throw new ForbiddenError("this route needs the admin token")
      }
      throw new UnauthorizedError("a valid bearer token is required")
    }
  }

  /** Only an identity's token passes; 401 without a known token, 403 for the admin token. */
  requireIdentity(): onRequestAsyncHookHandler {
    return async (request) => {
      const token = bearerToken(request)
      if (token !== undefined && this.isAdmin(token)) {
        throw new ForbiddenError("the admin token cannot act as an identity")
      }
      const identityId = token === undefined ? undefined : await this.tokens.identityOf(token)
      if (identityId === undefined) throw new UnauthorizedError("a valid bearer token is required")
      request.identityId = identityId
    }
  }

  /** The admin token or an identity's token passes (setting `callerIsAdmin` or `identityId`); else 401. */
  requireAdminOrIdentity(): onRequestAsyncHookHandler {
    return async (request) => {
      const token = bearerToken(request)
      if (token !== undefined && this.isAdmin(token)) {
        request.callerIsAdmin = true
        return
      }
      const identityId = token === undefined ? undefined : await this.tokens.identityOf(token)
      if (identityId === undefined) throw new UnauthorizedError("a valid bearer token is required")
      request.identityId = identityId
    }
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (typeof header !== "string" || header.length > MAX_TOKEN_LENGTH) return undefined
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header)
  return match?.[1]
}

/**
 * The map from token hash to identity id. Each identity's token hash lives
 * in its metadata (`token_sha256`), so the map is rebuilt from the store at
 * start; tokens themselves are never stored.
 */
import type { MlsService } from "@mlskit/service"
import { hashToken } from "./token-hash.js"

/** The identity metadata key holding the SHA-256 of its bearer token. */
export const TOKEN_METADATA_KEY = "token_sha256"

/** Known identity tokens, by hash. */
export class IdentityTokens {
  readonly #byHash = new Map<string, string>()

  /** Load the token hashes of every identity in the store. */
  static async load(service: Pick<MlsService, "listIdentities">): Promise<IdentityTokens> {
    const tokens = new IdentityTokens()
    for (const identity of await service.listIdentities()) {
      const hash = identity.metadata[TOKEN_METADATA_KEY]
      if (hash) tokens.add(hash, identity.id)
    }
    return tokens
  }

  /** Remember that the token hashing to `hash` belongs to `identityId`. */
  add(hash: string, identityId: string): void {
    this.#byHash.set(hash, identityId)
  }

  /**
   * The identity id of `token`, or undefined when it is unknown. The lookup
   * is by SHA-256, so its timing says nothing usable about the token itself.
   */
  identityOf(token: string): string | undefined {
    return this.#byHash.get(hashToken(token))
  }
}

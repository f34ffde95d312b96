/**
 * The identity the roster keys a leaf by: the basic credential's identity
 * read as UTF-8. The Delivery Service authenticates callers by such a
 * string, so a leaf whose credential is not basic, or not UTF-8, cannot be
 * matched to a caller and the commit bringing it is refused.
 */
import type { Credential } from "ts-mls"
import { UnfollowableCommitError } from "./unfollowable-commit-error.js"

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** The UTF-8 identity of a basic credential; UnfollowableCommitError for any other. */
export function basicIdentity(credential: Credential): string {
  if (credential.credentialType !== "basic") {
    throw new UnfollowableCommitError(
      "a leaf has a non-basic credential: the Delivery Service follows basic credentials only",
    )
  }
  let identity: string
  try {
    identity = utf8.decode(credential.identity)
  } catch {
    throw new UnfollowableCommitError("a leaf's basic credential identity is not UTF-8")
  }
  if (identity.length === 0)
    throw new UnfollowableCommitError("a leaf's basic credential identity is empty")
  return identity
}

/**
 * Identity names that are unique across every instance sharing a store.
 *
 * The store contract has no unique index on names (only on ids), so the
 * check is an insert followed by a read of what is stored: look for the name
 * (fast refusal), insert the new identity, then list again; if any other
 * identity holds the name, delete the new one and refuse with ConflictError.
 * Every creator re-reads after its own insert, so of two racing creates the
 * later reader always sees the other: two identities with one name never
 * both survive. When both read after both inserted, both back off (both get
 * the retryable ConflictError); a retry then finds the name free.
 */
import { ConflictError, type IdentityInfo, type MlsClient } from "@mlskit/core"

/** The refusal when a name is taken (or being taken by a concurrent create). */
export const NAME_TAKEN = "an identity with this name exists"

/** Create an identity whose name no other stored identity has; ConflictError otherwise. */
export async function createUniquelyNamed(
  client: MlsClient,
  name: string,
  create: () => Promise<IdentityInfo>,
): Promise<IdentityInfo> {
  if (await holdsName(client, name)) throw new ConflictError(NAME_TAKEN)
  const created = await create()
  if (await holdsName(client, name, created.id)) {
    await client.deleteIdentity(created.id)
    throw new ConflictError(NAME_TAKEN)
  }
  return created
}

async function holdsName(client: MlsClient, name: string, exceptId?: string): Promise<boolean> {
  const identities = await client.listIdentities()
  return identities.some((identity) => identity.name === name && identity.id !== exceptId)
}

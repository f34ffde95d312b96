/**
 * The start-up check of the state key against the stored data. A server
 * started with the wrong key would otherwise look healthy and fail every
 * group operation; checked before serving, it refuses to start instead.
 * Every sealed record belongs to an identity (key packages and groups are
 * deleted with theirs), so opening identities' signature keys covers the
 * whole store, and a store without identities holds nothing sealed yet.
 */
import { createAtRestCipher } from "./at-rest.js"
import { StateUnreadableError } from "./errors.js"
import { TS_MLS_VERSION } from "./mls-adapter.js"
import { openSignatureKey } from "./sealed-records.js"
import type { MlsStore } from "./store.js"

/** "empty": nothing sealed is stored yet; "verified": stored data opens with the key. */
export type StateKeyCheck = "empty" | "verified"

/**
 * Check that `stateKey` opens the data in `store`: the first identity whose
 * signature key opens verifies it. StateUnreadableError with fault
 * "another_key" as soon as a record was sealed with another key, or with
 * fault "damaged" when identities exist and none of them opens.
 */
export async function checkStateKey(
  store: MlsStore,
  stateKey: Uint8Array | string,
): Promise<StateKeyCheck> {
  const cipher = createAtRestCipher(stateKey, TS_MLS_VERSION)
  let damaged: StateUnreadableError | undefined
  for (const identity of await store.listIdentities()) {
    try {
      openSignatureKey(cipher, identity)
      return "verified"
    } catch (error) {
      if (!(error instanceof StateUnreadableError) || error.fault === "another_key") throw error
      damaged ??= error
    }
  }
  if (damaged) throw damaged
  return "empty"
}

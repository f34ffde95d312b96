/**
 * The demo's store: the memory store, answering each call on a later turn
 * of the event loop as a networked store (PostgreSQL) does. The plain memory
 * store answers within the turn it is called in, so one process serves two
 * requests strictly one after the other and two commits never race for an
 * epoch; on this store they interleave, and the demo shows the epoch fence
 * choosing one and the server redoing the other.
 */
import { setImmediate as nextTurn } from "node:timers/promises"
import { InMemoryStore, type MlsStore } from "@mlskit/core"

/** The calls of the store contract; everything else is left as it is. */
const STORE_CALLS = new Set<string>([
  "createIdentity",
  "getIdentity",
  "listIdentities",
  "updateIdentityMetadata",
  "deleteIdentity",
  "addKeyPackages",
  "getKeyPackage",
  "listKeyPackages",
  "consumeKeyPackage",
  "deleteKeyPackage",
  "createGroup",
  "getGroup",
  "listGroups",
  "countActiveGroups",
  "updateGroup",
  "deleteGroup",
] satisfies (keyof MlsStore)[])

/**
 * A memory store whose calls wait for the next turn of the event loop. It is
 * still an `InMemoryStore` to the service, which keeps the group log and the
 * inboxes in memory beside it.
 */
export function memoryStoreWithTurns(): InMemoryStore {
  return new Proxy(new InMemoryStore(), {
    get(target, key) {
      const value: unknown = Reflect.get(target, key)
      if (typeof key !== "string" || !STORE_CALLS.has(key) || typeof value !== "function")
        return value
      return async (...args: unknown[]) => {
        await nextTurn()
        return value.apply(target, args)
      }
    },
  })
}

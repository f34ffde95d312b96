/**
 * A fault no real server produces on demand: a store call that fails with a
 * retryable StorageError after its write committed (pg's "Connection
 * terminated" after COMMIT), or before it reached the store. Wraps a real
 * store; only the armed call of the armed method fails, once.
 */
import { type MlsStore, StorageError } from "@mlskit/core"

/** A store method that writes. */
export type WriteMethod =
  | "createIdentity"
  | "updateIdentityMetadata"
  | "deleteIdentity"
  | "addKeyPackages"
  | "consumeKeyPackage"
  | "createGroup"
  | "updateGroup"
  | "deleteGroup"

/** Every write method of MlsStore. */
export const WRITE_METHODS: readonly WriteMethod[] = [
  "createIdentity",
  "updateIdentityMetadata",
  "deleteIdentity",
  "addKeyPackages",
  "consumeKeyPackage",
  "createGroup",
  "updateGroup",
  "deleteGroup",
]

/** A real store with one armable fault. */
export interface FaultyStore {
  store: MlsStore
  /** The next call of `method` commits, then throws a retryable StorageError. */
  failAfterCommit(method: WriteMethod): void
  /** The next call of `method` throws a retryable StorageError without reaching the store; `meanwhile` runs first. */
  failBeforeCommit(method: WriteMethod, meanwhile?: () => Promise<void>): void
  /** How many calls of each method reached the store. */
  readonly calls: Record<string, number>
}

/** Wrap `inner` so that armed calls fail as `FaultyStore` describes. */
export function faultyStore(inner: MlsStore): FaultyStore {
  let armed: { method: WriteMethod; after: boolean; meanwhile?: () => Promise<void> } | undefined
  const calls: Record<string, number> = {}
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver)
      if (typeof value !== "function" || typeof name !== "string") return value
      return async (...args: unknown[]) => {
        const fault = armed?.method === name ? armed : undefined
        if (fault) armed = undefined
        if (fault && !fault.after) {
          await fault.meanwhile?.()
          throw new StorageError("connection terminated", { retryable: true })
        }
        calls[name] = (calls[name] ?? 0) + 1
        const result = await value.apply(target, args)
        if (fault) throw new StorageError("connection terminated after commit", { retryable: true })
        return result
      }
    },
  })
  return {
    store,
    calls,
    failAfterCommit(method) {
      armed = { method, after: true }
    },
    failBeforeCommit(method, meanwhile) {
      armed = { method, after: false, ...(meanwhile ? { meanwhile } : {}) }
    },
  }
}

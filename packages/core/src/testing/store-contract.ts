/**
 * The MlsStore contract as a vitest suite. Every store package runs it
 * unchanged against its own implementation; a store that passes it can back
 * mlskit without weakening the compare-and-swap guarantees core relies on.
 */
import { afterEach, beforeEach, describe } from "vitest"
import type { MlsStore } from "../store.js"
import { bytesContract } from "./contract-bytes.js"
import type { ContractContext, StoreFactory, StoreUnderTest } from "./contract-context.js"
import { durableContract } from "./contract-durable.js"
import { groupCountContract } from "./contract-group-count.js"
import { groupContract } from "./contract-groups.js"
import { identityContract } from "./contract-identities.js"
import { keyPackageContract } from "./contract-key-packages.js"
import { lifecycleContract } from "./contract-lifecycle.js"

/** Options of `runMlsStoreContract`. */
export interface MlsStoreContractOptions {
  /**
   * Also run the tests that open a second instance over the same storage
   * (the factory must then return `reopen`). Set for every durable store.
   */
  durable?: boolean
}

/**
 * Declares the MlsStore contract tests. `factory` is called before every
 * test and must return an open, empty store; the suite closes it (and any
 * reopened instance) after the test, then calls `cleanup`.
 */
export function runMlsStoreContract(
  name: string,
  factory: StoreFactory,
  options: MlsStoreContractOptions = {},
): void {
  describe(`MlsStore contract: ${name}`, () => {
    let current: StoreUnderTest | undefined
    let extra: MlsStore[] = []

    beforeEach(async () => {
      current = await factory()
    })

    afterEach(async () => {
      const under = current
      const others = extra
      current = undefined
      extra = []
      try {
        for (const store of others) await store.close()
        await under?.store.close()
      } finally {
        await under?.cleanup?.()
      }
    })

    const ctx: ContractContext = {
      store() {
        if (current === undefined) throw new Error("the store factory has not run")
        return current.store
      },
      async reopen() {
        if (current?.reopen === undefined) {
          throw new Error(`${name}: durable contract tests need the factory to return reopen()`)
        }
        const store = await current.reopen()
        extra.push(store)
        return store
      },
    }

    identityContract(ctx)
    keyPackageContract(ctx)
    groupContract(ctx)
    groupCountContract(ctx)
    bytesContract(ctx)
    lifecycleContract(ctx)
    if (options.durable === true) durableContract(ctx)
  })
}

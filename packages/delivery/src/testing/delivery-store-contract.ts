/**
 * The DeliveryStore contract as a vitest suite. Every driver (memory,
 * SQLite, PostgreSQL) runs it unchanged with a factory giving core's
 * MlsStore and the DeliveryStore on the same storage; a driver that passes
 * keeps the inbox order and idempotency, the claim rules, the member
 * lookup, the Welcomes of external identities and the compare-and-swap of
 * roster records the Delivery Service relies on.
 */
import { afterEach, describe } from "vitest"
import { badInputContract } from "./delivery-contract-bad-input.js"
import { claimContract } from "./delivery-contract-claims.js"
import type {
  DeliveryContractContext,
  DeliveryStoreFactory,
  DeliveryStoreUnderTest,
} from "./delivery-contract-context.js"
import { inboxContract } from "./delivery-contract-inbox.js"
import { memberContract } from "./delivery-contract-members.js"
import { retentionContract } from "./delivery-contract-retention.js"
import { rosterContract } from "./delivery-contract-rosters.js"
import { welcomeContract } from "./delivery-contract-welcomes.js"

/** Declares the DeliveryStore contract tests; `factory` runs for every pair of stores a test opens. */
export function runDeliveryStoreContract(name: string, factory: DeliveryStoreFactory): void {
  describe(`DeliveryStore contract: ${name}`, () => {
    let opened: DeliveryStoreUnderTest[] = []

    afterEach(async () => {
      const done = opened
      opened = []
      for (const under of done) await under.cleanup?.()
    })

    const ctx: DeliveryContractContext = {
      async open() {
        const under = await factory()
        opened.push(under)
        return under
      },
    }

    inboxContract(ctx)
    retentionContract(ctx)
    claimContract(ctx)
    memberContract(ctx)
    badInputContract(ctx)
    welcomeContract(ctx)
    rosterContract(ctx)
  })
}

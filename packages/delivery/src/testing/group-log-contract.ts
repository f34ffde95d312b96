/**
 * The GroupLog contract as a vitest suite. Every log driver (memory, SQLite,
 * PostgreSQL, NATS JetStream) runs it unchanged; a driver that passes keeps
 * the epoch fence, dedupe, order, retention, voiding and isolation the
 * delivery layer relies on to keep groups from forking.
 */
import { afterEach, beforeEach, describe } from "vitest"
import { appendContract } from "./contract-append.js"
import { badInputContract } from "./contract-bad-input.js"
import {
  type ContractContext,
  type GroupLogFactory,
  type GroupLogUnderTest,
  TestClock,
} from "./contract-context.js"
import { dedupeContract } from "./contract-dedupe.js"
import { fenceContract } from "./contract-fence.js"
import { retentionContract } from "./contract-retention.js"
import { voidContract } from "./contract-void.js"
import { waitContract } from "./contract-wait.js"

/** Declares the GroupLog contract tests; `factory` runs for every log a test opens. */
export function runGroupLogContract(name: string, factory: GroupLogFactory): void {
  describe(`GroupLog contract: ${name}`, () => {
    let clock = new TestClock()
    let opened: GroupLogUnderTest[] = []

    beforeEach(() => {
      clock = new TestClock()
      opened = []
    })

    afterEach(async () => {
      const done = opened
      opened = []
      for (const under of done) await under.cleanup?.()
    })

    const ctx: ContractContext = {
      clock: () => clock,
      async open(options = {}) {
        const under = await factory({ ...options, now: clock.now })
        opened.push(under)
        return under.log
      },
    }

    appendContract(ctx)
    fenceContract(ctx)
    dedupeContract(ctx)
    retentionContract(ctx)
    voidContract(ctx)
    waitContract(ctx)
    badInputContract(ctx)
  })
}

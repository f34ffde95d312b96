/**
 * A single writer that advances one group by compare-and-swap and remembers
 * what it wrote: every acknowledged record, and every state it attempted at
 * each version (an attempt that failed may still have been applied).
 */
import { type GroupRecord, MlskitError, type MlsStore } from "@mlskit/core"
import { fixtureBytes } from "@mlskit/core/testing"

/** The outcome of one attempt. */
export type Attempt = { ok: true; record: GroupRecord } | { ok: false; error: MlskitError }

export class CasWriter {
  private attempts = 0
  private readonly attempted = new Map<number, Uint8Array[]>()
  lastAck: GroupRecord

  constructor(
    private readonly store: MlsStore,
    created: GroupRecord,
  ) {
    this.lastAck = created
  }

  /** The version the next attempt expects (the last acknowledged one). */
  get expected(): number {
    return this.lastAck.version
  }

  /** One CAS update at `expected`; non-mlskit errors are rethrown. */
  async attempt(): Promise<Attempt> {
    this.attempts += 1
    const state = fixtureBytes(this.attempts, 64)
    const version = this.expected + 1
    this.attempted.set(version, [...(this.attempted.get(version) ?? []), state])
    try {
      const record = await this.store.updateGroup(this.lastAck.id, this.expected, {
        epoch: this.attempts,
        state,
      })
      this.lastAck = record
      return { ok: true, record }
    } catch (error) {
      if (!MlskitError.isInstance(error)) throw error
      return { ok: false, error }
    }
  }

  /** Makes `count` acknowledged writes in a row; throws on any failure. */
  async writeAcknowledged(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const outcome = await this.attempt()
      if (!outcome.ok) throw outcome.error
    }
  }

  /** The states attempted (acknowledged or not) for `version`. */
  attemptedAt(version: number): Uint8Array[] {
    return this.attempted.get(version) ?? []
  }

  /** Continues from a record read back from the store (after an uncertain outcome). */
  resume(record: GroupRecord): void {
    this.lastAck = record
  }
}

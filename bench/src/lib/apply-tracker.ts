/**
 * Watches a service's `EntryApplied` events (one per hosted member per
 * applied entry) for one group's members: when each log entry was applied by
 * how many members, and when by the last of them. Timestamps are taken in
 * the subscriber, a microtask after the apply, whose inbox write and state
 * write are done by then.
 */
import type { LocalGroupId } from "@mlskit/core"
import type { MlsService } from "@mlskit/service"

/** Per log seq: members that applied it and when the last one did (performance.now()). */
export interface SeqApplies {
  count: number
  lastAt: number
}

/** Counts application entries applied by the given members. */
export class ApplyTracker {
  readonly bySeq = new Map<number, SeqApplies>()
  private total = 0
  private waiting: { target: number; resolve: () => void } | undefined
  private readonly unsubscribe: () => void

  constructor(service: MlsService, members: readonly LocalGroupId[]) {
    const watched = new Set<string>(members)
    this.unsubscribe = service.subscribe("EntryApplied", (event) => {
      if (event.kind !== "application" || !watched.has(event.groupId)) return
      const at = performance.now()
      const seq = this.bySeq.get(event.seq) ?? { count: 0, lastAt: 0 }
      seq.count++
      seq.lastAt = at
      this.bySeq.set(event.seq, seq)
      this.total++
      if (this.waiting && this.total >= this.waiting.target) {
        this.waiting.resolve()
        this.waiting = undefined
      }
    })
  }

  /** Application entries applied so far, summed over members. */
  get applied(): number {
    return this.total
  }

  /**
   * Resolves once `target` applies were seen; rejects when none arrives for
   * `stallMs` (a lost apply must fail the run, not hang it).
   */
  async waitFor(target: number, stallMs = 60_000): Promise<void> {
    while (this.total < target) {
      const seen = this.total
      let timer: NodeJS.Timeout | undefined
      await new Promise<void>((resolve) => {
        this.waiting = { target, resolve }
        timer = setTimeout(resolve, stallMs)
      })
      clearTimeout(timer)
      this.waiting = undefined
      if (this.total < target && this.total === seen)
        throw new Error(`applies stalled at ${this.total} of ${target}`)
    }
  }

  /** Stop listening. */
  close(): void {
    this.unsubscribe()
  }
}

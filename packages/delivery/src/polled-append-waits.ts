/**
 * Waiting for appends that other processes make to a shared log (SQLite
 * file, PostgreSQL): `AppendNotifier` wakes waiters at once for appends of
 * this process, and one timer per log reads the last seq of every group that
 * has waiters, in one query per interval whatever the number of waiters, and
 * feeds it to the same notifier. A wait first reads the group's last seq from
 * storage, so an append made anywhere before the wait is never missed.
 */
import type { AppendNotifier } from "./append-notifier.js"
import type { WaitOptions } from "./group-log.js"

/** Options of PolledAppendWaits. */
export interface PolledAppendWaitsOptions {
  /** The notifier the driver's own appends go to. */
  notifier: AppendNotifier
  /** Read the last seq of each of these group keys from storage (missing groups may be left out). */
  lastSeqs: (keys: string[]) => Promise<Map<string, number>>
  /** How often groups with waiters are read, in ms: the wake-up delay for appends of other processes. */
  intervalMs: number
  /** Called when a background read fails; waiters keep waiting until their timeout. */
  onError?: (error: unknown) => void
}

/** Waits for appends of this process (at once) and of others (within one interval). */
export class PolledAppendWaits {
  private readonly interest = new Map<string, number>()
  private timer: ReturnType<typeof setInterval> | undefined
  private polling = false

  constructor(private readonly options: PolledAppendWaitsOptions) {}

  /** Resolve true once `key`'s log passes `afterSeq`, false after `timeoutMs`; reject on abort. */
  async wait(key: string, afterSeq: number, options: WaitOptions): Promise<boolean> {
    if (options.signal?.aborted) throw options.signal.reason
    this.interest.set(key, (this.interest.get(key) ?? 0) + 1)
    this.startTimer()
    try {
      await this.poll([key])
      return await this.options.notifier.wait(key, afterSeq, options)
    } finally {
      const left = (this.interest.get(key) ?? 1) - 1
      if (left === 0) this.interest.delete(key)
      else this.interest.set(key, left)
      if (this.interest.size === 0) this.stopTimer()
    }
  }

  /** Stop the background reads (pending waits still end at their timeout). */
  close(): void {
    this.interest.clear()
    this.stopTimer()
  }

  private async poll(keys: string[]): Promise<void> {
    const seqs = await this.options.lastSeqs(keys)
    for (const [key, seq] of seqs) this.options.notifier.notify(key, seq)
  }

  private startTimer(): void {
    if (this.timer !== undefined) return
    this.timer = setInterval(() => {
      if (this.polling || this.interest.size === 0) return
      this.polling = true
      this.poll([...this.interest.keys()])
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.polling = false
        })
    }, this.options.intervalMs)
    this.timer.unref()
  }

  private stopTimer(): void {
    if (this.timer === undefined) return
    clearInterval(this.timer)
    this.timer = undefined
  }
}

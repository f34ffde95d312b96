/**
 * A process-local wake-up for readers of group logs: drivers call `notify`
 * after an append is visible to `read`, and long polls (`wait=`) and
 * appliers `wait` for a group's log to pass their cursor. It remembers each
 * group's last notified seq, so an append that lands between a reader's
 * `read` and its `wait` still wakes it. It knows nothing of other processes.
 */
import { ServiceUnavailableError } from "@mlskit/core"
import type { WaitOptions } from "./group-log.js"

/** Options of an AppendNotifier. */
export interface AppendNotifierOptions {
  /** Refuse more pending waits than this with ServiceUnavailableError (default 10,000). */
  maxWaiters?: number
}

interface Waiter {
  afterSeq: number
  wake: () => void
}

/** Wakes waiters when a group's log grows past their cursor. */
export class AppendNotifier {
  private readonly last = new Map<string, number>()
  private readonly waiters = new Map<string, Set<Waiter>>()
  private readonly maxWaiters: number
  private pending = 0

  constructor(options: AppendNotifierOptions = {}) {
    this.maxWaiters = options.maxWaiters ?? 10_000
  }

  /** The number of waits now pending, over all groups. */
  get waiting(): number {
    return this.pending
  }

  /** Record that `key`'s log now reaches `seq` and wake the waiters it passed. */
  notify(key: string, seq: number): void {
    if (seq <= (this.last.get(key) ?? 0)) return
    this.last.set(key, seq)
    const set = this.waiters.get(key)
    if (set === undefined) return
    for (const waiter of [...set]) if (seq > waiter.afterSeq) waiter.wake()
  }

  /** Resolve true once `key`'s log passes `afterSeq`, false after `timeoutMs`; reject on abort. */
  wait(key: string, afterSeq: number, options: WaitOptions): Promise<boolean> {
    const { signal, timeoutMs } = options
    if (signal?.aborted) return Promise.reject(signal.reason)
    if ((this.last.get(key) ?? 0) > afterSeq) return Promise.resolve(true)
    if (timeoutMs === 0) return Promise.resolve(false)
    if (this.pending >= this.maxWaiters) {
      return Promise.reject(new ServiceUnavailableError("too many waits for log appends"))
    }
    return new Promise<boolean>((resolve, reject) => {
      const set = this.waiters.get(key) ?? new Set<Waiter>()
      this.waiters.set(key, set)
      this.pending++
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener("abort", onAbort)
        set.delete(waiter)
        if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key)
        this.pending--
      }
      const waiter: Waiter = {
        afterSeq,
        wake: () => {
          done()
          resolve(true)
        },
      }
      const onAbort = () => {
        done()
        reject(signal?.reason)
      }
      const timer = setTimeout(() => {
        done()
        resolve(false)
      }, timeoutMs)
      signal?.addEventListener("abort", onAbort, { once: true })
      set.add(waiter)
    })
  }
}

/**
 * A hosted identity's inbox: entries sealed into the DeliveryStore, read
 * back opened, and waited for. Waits are woken by appends in this process
 * at once and otherwise find other processes' appends by polling the
 * identity's head, so a long poll or an event stream on any instance sees
 * everything the store holds.
 */
import type { AtRestCipher } from "@mlskit/core"
import type { DeliveryStore, InboxReadOptions } from "../delivery-store.js"
import {
  type InboxEntry,
  type NewInboxEntry,
  openInboxRecord,
  sealInboxEntry,
} from "./inbox-entry.js"

/** Options of an Inbox. */
export interface InboxOptions {
  store: DeliveryStore
  cipher: AtRestCipher
  /** How often a wait looks at the store for other processes' entries (default 500 ms). */
  pollIntervalMs?: number
}

/** The outcome of `Inbox.deliver`. */
export interface DeliveredEntry {
  cursor: number
  /** True when this (group, seq, part) had been delivered before; nothing was stored. */
  duplicate: boolean
}

/** Hosted identities' inboxes on one DeliveryStore. */
export class Inbox {
  private readonly store: DeliveryStore
  private readonly cipher: AtRestCipher
  private readonly pollIntervalMs: number
  private readonly waiters = new Map<string, Set<() => void>>()
  private readonly listeners = new Set<(identityId: string, entry: InboxEntry) => void>()

  constructor(options: InboxOptions) {
    this.store = options.store
    this.cipher = options.cipher
    this.pollIntervalMs = options.pollIntervalMs ?? 500
  }

  /** Store entries for an identity (idempotent per group, seq and part). */
  async deliver(identityId: string, entries: NewInboxEntry[]): Promise<DeliveredEntry[]> {
    const out: DeliveredEntry[] = []
    for (const [part, entry] of entries.entries()) {
      const result = await this.store.appendInbox(
        sealInboxEntry(this.cipher, identityId, entry, part),
      )
      out.push(result)
      if (!result.duplicate) {
        const delivered = { ...entry, cursor: result.cursor }
        for (const listener of this.listeners) listener(identityId, delivered)
      }
    }
    if (out.some((r) => !r.duplicate)) this.wake(identityId)
    return out
  }

  /**
   * Stage entries to be written in the same transaction as the member's
   * next state write, where the store can (see `DeliveryStore.stageInbox`);
   * false when it cannot (then `deliver` them before the state write).
   */
  stage(identityId: string, groupId: string, entries: NewInboxEntry[]): boolean {
    if (!this.store.stageInbox) return false
    this.store.stageInbox(
      groupId,
      entries.map((entry, part) => sealInboxEntry(this.cipher, identityId, entry, part)),
    )
    return true
  }

  /** Forget entries staged for `groupId` (after the state write, or when none came). */
  unstage(groupId: string): void {
    this.store.unstageInbox?.(groupId)
  }

  /** Wake waits of `identityId` after staged entries were written with a state write. */
  staged(identityId: string): void {
    this.wake(identityId)
  }

  /** Entries after a cursor, opened. */
  async read(identityId: string, options: InboxReadOptions = {}): Promise<InboxEntry[]> {
    const records = await this.store.readInbox(identityId, options)
    return records.map((record) => openInboxRecord(this.cipher, record))
  }

  /** The identity's last cursor. */
  head(identityId: string): Promise<number> {
    return this.store.inboxHead(identityId)
  }

  /** How many entries the identity's inbox holds. */
  depth(identityId: string): Promise<number> {
    return this.store.inboxDepth(identityId)
  }

  /**
   * Resolve true once the identity has an entry after `after`, false after
   * `timeoutMs` or when `signal` aborts.
   */
  async waitFor(
    identityId: string,
    after: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if ((await this.store.inboxHead(identityId)) > after) return true
      const left = deadline - Date.now()
      if (left <= 0 || signal?.aborted) return false
      await this.sleep(identityId, Math.min(left, this.pollIntervalMs), signal)
    }
  }

  /** Call `listener` for every entry this process stores; returns the unsubscribe function. */
  onDelivered(listener: (identityId: string, entry: InboxEntry) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private wake(identityId: string): void {
    const set = this.waiters.get(identityId)
    if (!set) return
    this.waiters.delete(identityId)
    for (const wake of set) wake()
  }

  private sleep(identityId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(identityId)
      if (!set) {
        set = new Set()
        this.waiters.set(identityId, set)
      }
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener("abort", done)
        this.waiters.get(identityId)?.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener("abort", done, { once: true })
      set.add(done)
    })
  }
}

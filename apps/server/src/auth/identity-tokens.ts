/**
 * The map from token hash to identity id, kept in step with the shared
 * store. Each identity's token hash lives in its metadata (`token_sha256`);
 * tokens themselves are never stored. Several server instances may share
 * one store, so the map is reloaded:
 * - every `refreshIntervalMs` (the bound on how long a token revoked,
 *   rotated or deleted through another instance keeps working here);
 * - when a request presents a hash the map does not know (an identity
 *   created or rotated through another instance). Such misses are
 *   coalesced: at most one reload runs at a time, and a reload starts no
 *   sooner than `minMissIntervalMs` after the previous one started, so
 *   unknown tokens cannot hammer the store; every miss waits for the next
 *   reload that starts after it arrived, then gets its answer.
 * Changes made through this instance take effect here at once. Long-lived
 * uses of a token (event streams) `watch` it and are told when it stops
 * being valid.
 */
import type { IdentityInfo } from "@mlskit/core"
import { hashToken } from "./token-hash.js"

/** The identity metadata key holding the SHA-256 of its bearer token. */
export const TOKEN_METADATA_KEY = "token_sha256"

/** Default interval of the periodic reload, in ms. */
export const DEFAULT_TOKEN_REFRESH_INTERVAL_MS = 5_000

/** Default shortest time between the starts of two reloads caused by unknown tokens, in ms. */
export const DEFAULT_MIN_MISS_INTERVAL_MS = 250

/** Where the token hashes come from (the service's `listIdentities`). */
export interface IdentitySource {
  listIdentities(): Promise<IdentityInfo[]>
}

/** Options of `IdentityTokens`. */
export interface IdentityTokensOptions {
  /** Interval of the periodic reload in ms (default 5 000); 0 disables it. */
  refreshIntervalMs?: number
  /** Shortest time between the starts of two reloads caused by misses, in ms (default 250). */
  minMissIntervalMs?: number
  /** Told about a failed periodic reload (the previous map stays in use). */
  onRefreshError?: (error: unknown) => void
}

/** A change made through this instance, kept until a reload that started after it. */
interface LocalChange {
  identityId: string | undefined
  /** Number of reloads started when the change was made. */
  afterReloads: number
}

/** Known identity tokens, by hash, refreshed from the shared store. */
export class IdentityTokens {
  #byHash = new Map<string, string>()
  readonly #local = new Map<string, LocalChange>()
  readonly #watchers = new Map<string, Set<() => void>>()
  readonly #source: IdentitySource
  readonly #minMissIntervalMs: number
  readonly #onRefreshError: (error: unknown) => void
  #reloadsStarted = 0
  #lastReloadStart = Number.NEGATIVE_INFINITY
  #running: Promise<void> | undefined
  #scheduled: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined

  private constructor(source: IdentitySource, options: IdentityTokensOptions) {
    this.#source = source
    this.#minMissIntervalMs = options.minMissIntervalMs ?? DEFAULT_MIN_MISS_INTERVAL_MS
    this.#onRefreshError = options.onRefreshError ?? (() => undefined)
  }

  /** Load the token hashes of every identity in the store and start the periodic reload. */
  static async load(
    source: IdentitySource,
    options: IdentityTokensOptions = {},
  ): Promise<IdentityTokens> {
    const tokens = new IdentityTokens(source, options)
    await tokens.refresh()
    const interval = options.refreshIntervalMs ?? DEFAULT_TOKEN_REFRESH_INTERVAL_MS
    if (interval > 0) {
      tokens.#timer = setInterval(() => {
        tokens.refresh().catch(tokens.#onRefreshError)
      }, interval)
      tokens.#timer.unref()
    }
    return tokens
  }

  /** Stop the periodic reload (on close). */
  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** Remember at once that the token hashing to `hash` belongs to `identityId` (created or rotated here). */
  add(hash: string, identityId: string): void {
    this.#byHash.set(hash, identityId)
    this.#local.set(hash, { identityId, afterReloads: this.#reloadsStarted })
  }

  /** Forget at once the token hashing to `hash` (rotated away or deleted here). */
  revoke(hash: string): void {
    this.#byHash.delete(hash)
    this.#local.set(hash, { identityId: undefined, afterReloads: this.#reloadsStarted })
    this.#notifyRevoked()
  }

  /**
   * Call `onRevoked` once when the token hashing to `hash` stops being valid
   * here (revoked, rotated or deleted, here or through another instance).
   * Returns a function that stops watching.
   */
  watch(hash: string, onRevoked: () => void): () => void {
    let watchers = this.#watchers.get(hash)
    if (watchers === undefined) {
      watchers = new Set()
      this.#watchers.set(hash, watchers)
    }
    watchers.add(onRevoked)
    return () => {
      watchers.delete(onRevoked)
      if (watchers.size === 0 && this.#watchers.get(hash) === watchers) this.#watchers.delete(hash)
    }
  }

  /** Forget at once every token of `identityId` (deleted here). */
  revokeIdentity(identityId: string): void {
    for (const [hash, id] of this.#byHash) if (id === identityId) this.revoke(hash)
  }

  /**
   * The identity id of `token` as this instance knows it now, without
   * asking the store. The lookup is by SHA-256, so its timing says nothing
   * usable about the token itself.
   */
  knownIdentityOf(token: string): string | undefined {
    return this.#byHash.get(hashToken(token))
  }

  /**
   * The identity id of `token`, or undefined when it is unknown. A hash the
   * map does not know waits for the next reload from the store (rate
   * limited, shared by every concurrent miss) before it is called unknown.
   */
  async identityOf(token: string): Promise<string | undefined> {
    const hash = hashToken(token)
    const known = this.#byHash.get(hash)
    if (known !== undefined) return known
    await this.#reloadAfterMiss()
    return this.#byHash.get(hash)
  }

  /** Reload every token hash from the store now (single-flight: joins a reload already running). */
  refresh(): Promise<void> {
    this.#running ??= this.#reload().finally(() => {
      this.#running = undefined
    })
    return this.#running
  }

  /** The first reload that starts after now, no sooner than the miss interval allows. */
  #reloadAfterMiss(): Promise<void> {
    if (this.#scheduled !== undefined) return this.#scheduled
    const running = this.#running ?? Promise.resolve()
    this.#scheduled = (async () => {
      // A reload already under way may have read the store before this miss arrived.
      await running.catch(() => undefined)
      const wait = this.#lastReloadStart + this.#minMissIntervalMs - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      this.#scheduled = undefined
      await this.refresh()
    })()
    return this.#scheduled
  }

  async #reload(): Promise<void> {
    const started = ++this.#reloadsStarted
    this.#lastReloadStart = performance.now()
    const identities = await this.#source.listIdentities()
    const next = new Map<string, string>()
    for (const identity of identities) {
      const hash = identity.metadata[TOKEN_METADATA_KEY]
      if (hash) next.set(hash, identity.id)
    }
    for (const [hash, change] of this.#local) {
      if (change.afterReloads < started) {
        // This reload read the store after the change was written: it is already reflected.
        this.#local.delete(hash)
      } else if (change.identityId === undefined) {
        next.delete(hash)
      } else {
        next.set(hash, change.identityId)
      }
    }
    this.#byHash = next
    this.#notifyRevoked()
  }

  #notifyRevoked(): void {
    for (const [hash, watchers] of this.#watchers) {
      if (this.#byHash.has(hash)) continue
      this.#watchers.delete(hash)
      for (const onRevoked of watchers) onRevoked()
    }
  }
}

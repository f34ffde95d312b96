/**
 * IdentityTokens against a real MlsClient and store shared with "another
 * instance" (a second client on the same store): unknown tokens are looked
 * up in the store before they are refused, without letting a flood of
 * unknown tokens read the store more than once per miss interval, and
 * revocations made elsewhere take effect within the refresh interval.
 */
import {
  generateStateKey,
  type IdentityInfo,
  InMemoryStore,
  MlsClient,
  StorageError,
} from "@mlskit/core"
import { afterEach, describe, expect, it } from "vitest"
import { IdentityTokens, TOKEN_METADATA_KEY } from "../src/auth/identity-tokens.js"
import { hashToken, newToken } from "../src/auth/token-hash.js"

const store = new InMemoryStore()
/** The instance whose tokens are under test reads through this client... */
const here = new MlsClient({ store, stateKey: generateStateKey() })
/** ...while "another instance" writes through this one. */
const elsewhere = new MlsClient({ store, stateKey: generateStateKey() })

/** A source that counts reads of the store, and can hold the next one back until released. */
function countingSource() {
  const source = {
    reads: 0,
    held: undefined as Promise<void> | undefined,
    async listIdentities(): Promise<IdentityInfo[]> {
      source.reads++
      const result = await here.listIdentities()
      if (source.held) await source.held
      return result
    },
  }
  return source
}

/** An identity created by "another instance", with its token. */
async function identityElsewhere(name: string): Promise<{ id: string; token: string }> {
  const { token, hash } = newToken()
  const identity = await elsewhere.createIdentity(name, {
    metadata: { [TOKEN_METADATA_KEY]: hash },
  })
  return { id: identity.id, token }
}

const garbage = (i: number) => `garbage-token-${i}-${"x".repeat(20)}`

let tokens: IdentityTokens | undefined
afterEach(() => tokens?.stop())

describe("IdentityTokens on a store shared with another instance", () => {
  it("finds a token created elsewhere after one store read shared by a burst of 100 unknown tokens", async () => {
    const source = countingSource()
    tokens = await IdentityTokens.load(source, { refreshIntervalMs: 0, minMissIntervalMs: 50 })
    const readsAtLoad = source.reads
    const carol = await identityElsewhere("carol")

    const answers = await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => tokens?.identityOf(garbage(i))),
      tokens.identityOf(carol.token),
    ])

    expect(answers.at(-1)).toBe(carol.id)
    expect(answers.slice(0, -1).filter((a) => a !== undefined)).toEqual([])
    expect(source.reads - readsAtLoad).toBe(1)
  })

  it("reads the store at most once per miss interval however fast unknown tokens arrive", async () => {
    const source = countingSource()
    const minMissIntervalMs = 100
    tokens = await IdentityTokens.load(source, { refreshIntervalMs: 0, minMissIntervalMs })
    const readsAtLoad = source.reads
    const started = performance.now()
    let lookups = 0
    while (performance.now() - started < 1000) {
      await Promise.all([tokens.identityOf(garbage(lookups)), tokens.identityOf(garbage(-lookups))])
      lookups += 2
    }
    const elapsed = performance.now() - started
    const reads = source.reads - readsAtLoad

    // Every miss waited for a read that started after it arrived, so each sequential round costs one.
    expect(reads).toBe(lookups / 2)
    expect(reads).toBeLessThanOrEqual(Math.ceil(elapsed / minMissIntervalMs) + 1)
    expect(reads).toBeGreaterThanOrEqual(3)
  })

  it("stops accepting a token rotated elsewhere within the refresh interval", async () => {
    const source = countingSource()
    const refreshIntervalMs = 200
    const dave = await identityElsewhere("dave")
    tokens = await IdentityTokens.load(source, { refreshIntervalMs })
    expect(await tokens.identityOf(dave.token)).toBe(dave.id)

    const rotated = newToken()
    await elsewhere.setIdentityMetadata(dave.id, { [TOKEN_METADATA_KEY]: rotated.hash })
    const changed = performance.now()
    while (tokens.knownIdentityOf(dave.token) !== undefined) {
      expect(performance.now() - changed).toBeLessThan(refreshIntervalMs + 500)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(tokens.knownIdentityOf(rotated.token)).toBe(dave.id)
    expect(await tokens.identityOf(dave.token)).toBeUndefined()
  })

  it("fails an unknown token with the store's error rather than 401 while the store cannot be read", async () => {
    const source = countingSource()
    const frank = await identityElsewhere("frank")
    tokens = await IdentityTokens.load(source, { refreshIntervalMs: 0, minMissIntervalMs: 0 })
    const outage = new StorageError("connection refused", { retryable: true })
    source.held = Promise.reject(outage)
    source.held.catch(() => undefined)

    await expect(tokens.identityOf(garbage(1))).rejects.toBe(outage)
    // Tokens already known keep working without the store.
    expect(await tokens.identityOf(frank.token)).toBe(frank.id)
    source.held = undefined
    expect(await tokens.identityOf(garbage(1))).toBeUndefined()
  })

  it("does not let a store read that began before a local revocation bring the token back", async () => {
    const source = countingSource()
    const erin = await identityElsewhere("erin")
    tokens = await IdentityTokens.load(source, { refreshIntervalMs: 0 })
    let release = (): void => undefined
    source.held = new Promise((resolve) => {
      release = resolve
    })
    const stale = tokens.refresh()
    await new Promise((resolve) => setTimeout(resolve, 20))

    // Rotated here while that read is under way: the read saw the old hash.
    const rotated = newToken()
    await here.setIdentityMetadata(erin.id, { [TOKEN_METADATA_KEY]: rotated.hash })
    tokens.revoke(hashToken(erin.token))
    tokens.add(rotated.hash, erin.id)
    source.held = undefined
    release()
    await stale

    expect(tokens.knownIdentityOf(erin.token)).toBeUndefined()
    expect(tokens.knownIdentityOf(rotated.token)).toBe(erin.id)
    // A later read reflects the store and keeps it that way.
    await tokens.refresh()
    expect(tokens.knownIdentityOf(erin.token)).toBeUndefined()
    expect(tokens.knownIdentityOf(rotated.token)).toBe(erin.id)
  })
})

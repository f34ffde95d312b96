/**
 * Group state encode/decode: (1) core's state codec (`#core-internal`, core's unpublished src/internal.ts)
 * on the group's real state, opened from the store with core's public at-rest
 * cipher. "encode" is core's encodeState of the decoded state: core memoizes
 * the bytes of every tree node, secret tree, tree and past epoch (decoding
 * remembers the bytes it read), so this is what a write pays for the parts it
 * left unchanged, copying; "full encode" is ts-mls's canonical encoding of
 * everything, what every write cost before core's codec. (2) core's full load
 * path (store read, AES-GCM open, decode) as a cacheSize-0 client reloading
 * the group, against a cached read.
 */
import {
  BlobKind,
  type CryptoProvider,
  createAtRestCipher,
  type LocalGroupId,
  MlsClient,
  type MlsStore,
  TS_MLS_VERSION,
} from "@mlskit/core"
import { encodeGroupState } from "ts-mls"
import { clientConfigFor, decodeState, encodeState } from "#core-internal"
import { measure } from "../lib/measure.js"
import type { Stats } from "../lib/stats.js"

/** Where the group lives and how to open it. */
export interface StateSource {
  store: MlsStore
  stateKey: string
  cryptoProvider: CryptoProvider
  /** The client that owns the group (its cache holds the decoded state). */
  client: MlsClient
  groupId: LocalGroupId
}

/** State codec timings and sizes. */
export interface StateCodecTimings {
  encodedBytes: number
  sealedBytes: number
  encode: Stats
  fullEncode: Stats
  decode: Stats
  /** cacheSize-0 client: store read + open + decode. */
  reload: Stats
  /** Owning client: cache hit. */
  cached: Stats
}

/** Measure encode, decode, reload and cached read of one group's state. */
export async function measureStateCodec(
  src: StateSource,
  iterations: number,
): Promise<StateCodecTimings> {
  const record = await src.store.getGroup(src.groupId)
  if (!record) throw new Error(`group ${src.groupId} is not in the store`)
  const cipher = createAtRestCipher(src.stateKey, TS_MLS_VERSION)
  const { plaintext } = cipher.open(record.state, {
    kind: BlobKind.GroupState,
    context: `group:${src.groupId}`,
  })
  const clientConfig = clientConfigFor(src.client.config)
  const state = decodeState(plaintext, clientConfig)
  encodeState(state)
  const reloader = new MlsClient({
    store: src.store,
    stateKey: src.stateKey,
    cryptoProvider: src.cryptoProvider,
    cacheSize: 0,
  })
  const warmup = Math.min(5, iterations)
  return {
    encodedBytes: plaintext.length,
    sealedBytes: record.state.length,
    encode: await measure(() => encodeState(state), { iterations, warmup }),
    fullEncode: await measure(() => encodeGroupState(state), { iterations, warmup }),
    decode: await measure(() => decodeState(plaintext, clientConfig), { iterations, warmup }),
    reload: await measure(() => reloader.epochAuthenticator(src.groupId), { iterations, warmup }),
    cached: await measure(() => src.client.epochAuthenticator(src.groupId), { iterations, warmup }),
  }
}

import { randomBytes } from "node:crypto"
import { InMemoryStore, MlsClient, type MlsClientOptions, type MlsStore } from "../src/index.js"

export const STATE_KEY = randomBytes(32)

/** A client on a fresh in-memory store unless one is given. */
export function makeClient(options: Partial<MlsClientOptions> = {}): MlsClient {
  return new MlsClient({
    store: options.store ?? new InMemoryStore(),
    stateKey: STATE_KEY,
    ...options,
  })
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s)
export const str = (b: Uint8Array): string => new TextDecoder().decode(b)

/** A snapshot of every stored record, for byte-identical before/after checks. */
export async function storeSnapshot(store: MlsStore): Promise<string> {
  const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
  const identities = await store.listIdentities()
  const groups = (await store.listGroups()).map((g) => ({
    ...g,
    state: hex(g.state),
    mlsGroupId: hex(g.mlsGroupId),
  }))
  const kps = []
  for (const i of identities) {
    for (const kp of await store.listKeyPackages(i.id))
      kps.push({
        ...kp,
        keyPackage: hex(kp.keyPackage),
        sealedPrivateKeys: hex(kp.sealedPrivateKeys),
      })
  }
  return JSON.stringify({
    identities: identities.map((i) => ({
      ...i,
      signaturePublicKey: hex(i.signaturePublicKey),
      sealedSignatureKey: hex(i.sealedSignatureKey),
    })),
    groups,
    kps,
  })
}

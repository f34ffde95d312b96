/**
 * Key packages of throw-away members, used to fill groups quickly. They are
 * made in their own client on ts-mls's default provider (see
 * `safe-provider.ts`): key packages are wire format, so the group under test
 * validates them with its own provider either way.
 */
import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"
import { KEYGEN_SAFE_PROVIDER } from "./safe-provider.js"

/** Hands out fresh key packages, each from its own identity (signature keys must be unique). */
export class FillerPool {
  private readonly client = new MlsClient({
    store: new InMemoryStore(),
    stateKey: generateStateKey(),
    cryptoProvider: KEYGEN_SAFE_PROVIDER,
    cacheSize: 0,
  })
  private next = 0

  /** `count` key packages of `count` new identities. */
  async take(count: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    for (let i = 0; i < count; i++) {
      const identity = await this.client.createIdentity(`filler-${this.next++}`)
      const [kp] = await this.client.generateKeyPackages(identity.id, 1)
      if (!kp) throw new Error("no key package generated")
      out.push(kp)
    }
    return out
  }
}

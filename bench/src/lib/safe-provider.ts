/**
 * The provider for setup work that generates many keys (filler members, the
 * 100,000 groups): ts-mls's default provider. On Node 20,
 * `generateKeyPairSync(...)` followed by `key.export({ format: "jwk" })` can
 * deadlock the main thread (the export holds the key's mutex while
 * allocating, a GC runs the finalizer of the finished KeyGenJob, and that
 * finalizer waits for the same mutex), about once per tens of thousands of
 * key generations. @mlskit/crypto-node no longer generates keys that way (it
 * imports keys made from random bytes, see its node-keys.ts); bulk setup
 * stays on the default provider so that the key packages a group under test
 * validates come from another implementation of the primitives.
 */
import { builtinCryptoProvider, type CryptoProvider } from "@mlskit/core"

/** ts-mls's default provider. */
export const KEYGEN_SAFE_PROVIDER: CryptoProvider = builtinCryptoProvider("default")

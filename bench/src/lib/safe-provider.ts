/**
 * The provider for setup work that generates many keys (filler members, the
 * 100,000 groups). On Node 20, `generateKeyPairSync(...)` followed by
 * `key.export({ format: "jwk" })`, the pattern @mlskit/crypto-node uses for
 * every X25519/Ed25519 key it generates, can deadlock the main thread: the
 * export holds the key's mutex while allocating, a GC runs the finalizer of
 * the finished KeyGenJob, and that finalizer waits for the same mutex. It
 * happens about once per tens of thousands of key generations, so bulk setup
 * uses ts-mls's default provider instead.
 */
import { builtinCryptoProvider, type CryptoProvider } from "@mlskit/core"

/** ts-mls's default provider. */
export const KEYGEN_SAFE_PROVIDER: CryptoProvider = builtinCryptoProvider("default")

/** The two crypto providers compared on suite 1, and the suite itself. */
import { builtinCryptoProvider, type CryptoProvider } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"

/** The ciphersuite every benchmark uses. */
export const SUITE = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const

/** A named provider. */
export interface NamedProvider {
  /** Key in JSON rows. */
  key: "default" | "cryptoNode"
  /** Column label. */
  label: string
  provider: CryptoProvider
}

/** ts-mls's default provider (WebCrypto and @hpke) and @mlskit/crypto-node. */
export const PROVIDERS: readonly NamedProvider[] = [
  { key: "default", label: "default", provider: builtinCryptoProvider("default") },
  { key: "cryptoNode", label: "crypto-node", provider: nodeCryptoProvider },
]

/** Chooses the ts-mls crypto provider named by `[mls] crypto_provider`. */
import { builtinCryptoProvider, type CryptoProvider } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import type { CryptoProviderName } from "./service-config.js"

/** The provider for a config name: "node" is @mlskit/crypto-node, the others are ts-mls's own. */
export function cryptoProviderFor(name: CryptoProviderName): CryptoProvider {
  return name === "node" ? nodeCryptoProvider : builtinCryptoProvider(name)
}

/**
 * Chooses the ts-mls crypto provider named by `[mls] crypto_provider`;
 * "node" loads the optional peer `@mlskit/crypto-node` on demand.
 */
import { builtinCryptoProvider, type CryptoProvider } from "@mlskit/core"
import { loadOptionalPackage } from "./optional-package.js"
import type { CryptoProviderName } from "./service-config.js"

/**
 * The provider for a config name: "node" is @mlskit/crypto-node (a
 * MissingDependencyError when it is not installed), the others are ts-mls's own.
 */
export async function cryptoProviderFor(name: CryptoProviderName): Promise<CryptoProvider> {
  if (name !== "node") return builtinCryptoProvider(name)
  const { nodeCryptoProvider } = await loadOptionalPackage<typeof import("@mlskit/crypto-node")>(
    "@mlskit/crypto-node",
    'mls.crypto_provider = "node"',
  )
  return nodeCryptoProvider
}

/**
 * @mlskit/crypto-node: a ts-mls `CryptoProvider` on node:crypto. Pass
 * `nodeCryptoProvider` wherever ts-mls takes a provider.
 */
export { isFullyNative, type NativePrimitives, nativePrimitives } from "./native-support.js"
export {
  createNodeCryptoProvider,
  type NodeCryptoProviderOptions,
  nodeCryptoProvider,
  nodeRng,
} from "./provider.js"

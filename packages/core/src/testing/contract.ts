/**
 * The MlsStore contract suite (`@mlskit/core/testing/contract`): declares
 * Vitest tests, so it loads only inside a running Vitest (install `vitest`,
 * an optional peer of @mlskit/core).
 */
export type { StoreFactory, StoreUnderTest } from "./contract-context.js"
export { type MlsStoreContractOptions, runMlsStoreContract } from "./store-contract.js"

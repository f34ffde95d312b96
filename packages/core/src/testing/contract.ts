/**
 * The MlsStore contract suite (`@mlskit/core/testing/contract`): declares
 * Vitest tests, so it loads only inside a running Vitest. `vitest` is not a
 * dependency of @mlskit/core (not even an optional peer, which pnpm would
 * install into every production deploy): the project running the suite
 * installs it.
 */
export type { StoreFactory, StoreUnderTest } from "./contract-context.js"
export { type MlsStoreContractOptions, runMlsStoreContract } from "./store-contract.js"

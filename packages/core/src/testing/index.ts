/**
 * Test helpers for mlskit stores (`@mlskit/core/testing`): the MlsStore
 * contract suite, record fixtures and error assertions. Needs vitest.
 */
export type { StoreFactory, StoreUnderTest } from "./contract-context.js"
export { expectMlskitError } from "./expect-error.js"
export {
  fixtureBytes,
  groupFixture,
  identityFixture,
  keyPackageFixture,
  type NewGroupRecord,
} from "./fixtures.js"
export { type MlsStoreContractOptions, runMlsStoreContract } from "./store-contract.js"

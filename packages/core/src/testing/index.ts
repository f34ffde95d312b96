/**
 * Test helpers for mlskit stores (`@mlskit/core/testing`): the MlsStore
 * contract suite, record fixtures, error assertions, and a driver for
 * testing operation hooks. Needs vitest.
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
export { type SimulatedOperation, simulateOperation } from "./simulate-operation.js"
export { type MlsStoreContractOptions, runMlsStoreContract } from "./store-contract.js"

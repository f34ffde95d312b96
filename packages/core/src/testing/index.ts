/**
 * Test helpers for mlskit stores (`@mlskit/core/testing`): record fixtures,
 * error assertions, and a driver for testing operation hooks. They need no
 * test runner; the MlsStore contract suite, which needs Vitest, is
 * `@mlskit/core/testing/contract`.
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
